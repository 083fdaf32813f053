"""An entry's history: every earlier version, what changed since, and a way back.

The list shows the current text and each earlier version, newest first. For an earlier
version the right pane shows, field by field, what it said and what the current text says
(removed lines marked ``-``, added ``+``); ctrl+r restores it. Restoring changes the entry on
the entry screen, whose save keeps the current text as a revision: nothing is lost.
Dismissed with the version to restore, or None.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reflect.fields import label
from reflect.i18n import current_language, t
from reflect.model import Entry, Revision
from reflect.operations.clock import USER_ZONE, ZoneChoice, moment_in, resolve_zone
from reflect.operations.revisions import changes
from reflect.textout import entry_text
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal
from reflect.widgets.safe_text import safe

_LINE_STYLES = {"-": "red", "+": "green", " ": "dim"}


def changes_text(older: Entry, current: Entry) -> Text:
    """What changed from ``older`` to ``current``, as styled text (never markup)."""
    found = changes(older, current)
    if not found:
        return Text(t("tui.revisions.same"))
    text = Text()
    lang = current_language()
    for change in found:
        text.append(label(change.name, lang) + "\n", style="bold")
        for tag, line in change.lines():
            text.append(f"{tag} {safe(line, keep_newlines=False)}\n", style=_LINE_STYLES[tag])
        text.append("\n")
    return text


class RevisionsScreen(ReflectModal[Entry | None]):
    SCOPE = "revisions"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("revisions")

    def __init__(
        self, current: Entry, revisions: list[Revision], *, zone: ZoneChoice = USER_ZONE
    ) -> None:
        super().__init__()
        self.current = current
        self.versions: list[tuple[str, Entry]] = [(t("tui.revisions.current"), current)]
        found = resolve_zone(zone)  # the user's zone, once for every version's time
        self.zone = found
        for revision in reversed(revisions):
            stamp = moment_in(revision.saved, found).strftime("%Y-%m-%d %H:%M:%S")
            self.versions.append((t("tui.revisions.replaced", time=stamp), revision.entry))
        self.index = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="revisions-box", classes="dialog wide"):
            yield Static(
                t("tui.revisions.title", count=len(self.versions) - 1), classes="dialog-title"
            )
            with Horizontal():
                yield OptionList(
                    *[Option(Text(label), id=str(i)) for i, (label, _) in enumerate(self.versions)],
                    id="revision-list",
                )
                with VerticalScroll(id="revision-view"):
                    yield Static("", id="revision-text")
        yield Footer()

    def on_mount(self) -> None:
        self._show(0)
        self.query_one("#revision-list").focus()

    def _show(self, index: int) -> None:
        self.index = index
        _, entry = self.versions[index]
        view = self.query_one("#revision-text", Static)
        if index == 0:
            view.update(Text(safe(entry_text(entry, zone=self.zone))))
        else:
            # Italic for the heading only (a Text's own style would cover what is appended).
            heading = Text.assemble((t("tui.revisions.changes_since") + "\n\n", "italic"))
            view.update(heading + changes_text(entry, self.current))

    @on(OptionList.OptionHighlighted, "#revision-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(int(event.option.id or 0))

    def action_restore(self) -> None:
        if self.index == 0:
            self.notify(t("tui.revisions.pick_earlier"))
            return
        self.dismiss(self.versions[self.index][1])
