"""An entry's history: the current text and every earlier version, newest first.

Versions are shown with :func:`reflect.textout.entry_text`, the same rendering the CLI's
``show`` uses, with control characters made inert.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reflect.i18n import t
from reflect.model import Entry, Revision
from reflect.textout import entry_text
from reflect.widgets.footer import TranslatedFooter
from reflect.widgets.safe_text import safe


class RevisionsScreen(ModalScreen[None]):
    SCOPE = "revisions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_screen", "tui.key.close", id="close-revisions"),
    ]

    def __init__(self, current: Entry, revisions: list[Revision]) -> None:
        super().__init__()
        self.versions: list[tuple[str, Entry]] = [(t("tui.revisions.current"), current)]
        for revision in reversed(revisions):
            stamp = revision.saved.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            self.versions.append((t("tui.revisions.replaced", time=stamp), revision.entry))

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
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self._show(0)
        self.query_one("#revision-list").focus()

    def _show(self, index: int) -> None:
        _, entry = self.versions[index]
        self.query_one("#revision-text", Static).update(Text(safe(entry_text(entry))))

    @on(OptionList.OptionHighlighted, "#revision-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(int(event.option.id or 0))

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
