"""A yes/no question, used before anything typed would be thrown away."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reflect.i18n import t


class ConfirmScreen(ModalScreen[bool]):
    SCOPE = "confirm"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "no", show=False)]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.confirm.stay"), id="confirm-no", variant="primary")
                yield Button(t("tui.confirm.discard"), id="confirm-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#confirm-no").focus()

    @on(Button.Pressed, "#confirm-yes")
    def yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        self.dismiss(False)
