"""A framework's checklist (meldcode, conflict van plichten), read-only, beside the entry."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reflect.i18n import current_language
from reflect.widgets.footer import TranslatedFooter


class FrameworkScreen(ModalScreen[None]):
    SCOPE = "framework"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_screen", "tui.key.close", id="close-framework"),
    ]

    def __init__(self, framework: Any) -> None:
        super().__init__()
        self.framework = framework

    def compose(self) -> ComposeResult:
        lang = current_language()
        fw = self.framework
        with Vertical(classes="dialog wide"):
            yield Static(Text(fw.name.text(lang)), classes="dialog-title")
            with VerticalScroll():
                yield Static(Text(fw.summary.text(lang)), classes="muted")
                for number, step in enumerate(fw.steps, start=1):
                    yield Static(Text(f"{number}. {step.title.text(lang)}", style="bold"))
                    yield Static(Text(step.prompt.text(lang)))
                    if step.help.text(lang):
                        yield Static(Text(step.help.text(lang)), classes="muted")
        yield TranslatedFooter()

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
