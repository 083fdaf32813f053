"""The command palette's provider: the action table, in the interface's language.

Only actions that make sense on the screen the palette was opened from are offered, and each
runs on that screen, so a palette command does exactly what its key does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reflect.i18n import t
from reflect.tui.actions import ActionSpec, palette_actions
from reflect.tui.base import scope_of, shared_context


class ReflectCommands(Provider):
    def _available(self) -> list[ActionSpec]:
        ctx = shared_context(self.screen)
        journal_open = ctx is not None and ctx.journal is not None
        return palette_actions(scope_of(self.screen), journal_open=journal_open)

    def _callback(self, spec: ActionSpec) -> Callable[[], object]:
        target = self.app if spec.scope == "app" else self.screen
        return partial(self.app.call_later, target.run_action, spec.action)

    @staticmethod
    def _label(spec: ActionSpec) -> str:
        return f"{t(spec.label_key)}  ({spec.keys})"

    async def discover(self) -> Hits:
        for spec in self._available():
            yield DiscoveryHit(self._label(spec), self._callback(spec), help=t(spec.help_key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in self._available():
            label = self._label(spec)
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label),
                    self._callback(spec),
                    text=label,
                    help=t(spec.help_key),
                )
