"""The command palette's provider: every action of the action table, in the UI language.

Only actions that make sense on the screen the palette was opened from are offered, and each
runs on that screen, so a palette command does exactly what its key does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reflect.i18n import t
from reflect.screens.actions import ACTIONS, ActionSpec


def scope_of(screen: object) -> str:
    return str(getattr(screen, "SCOPE", ""))


class ReflectCommands(Provider):
    def _available(self) -> list[ActionSpec]:
        scope = scope_of(self.screen)
        journal_open = getattr(self.app, "journal", None) is not None
        found = []
        for spec in ACTIONS:
            if spec.id == "palette":
                continue
            if spec.scope == "app" or spec.scope == scope:
                if spec.id in ("lock", "new_entry", "browse_articles") and not journal_open:
                    continue
                found.append(spec)
        return found

    def _callback(self, spec: ActionSpec) -> Callable[[], object]:
        target = self.app if spec.scope == "app" else self.screen
        return partial(self.app.call_later, target.run_action, spec.action)

    async def discover(self) -> Hits:
        for spec in self._available():
            yield DiscoveryHit(
                f"{t(spec.label_key)}  ({spec.keys})", self._callback(spec), help=t(spec.help_key)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in self._available():
            label = f"{t(spec.label_key)}  ({spec.keys})"
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    self._callback(spec),
                    text=label,
                    help=t(spec.help_key),
                )
