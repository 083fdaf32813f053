"""A yes/no question before anything is thrown away, written anyway or replaced; escape and
the default button say no."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from reflect.i18n import t
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal


class ConfirmScreen(ReflectModal[bool]):
    SCOPE = "confirm"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("confirm")

    def __init__(self, question: str, yes: str | None = None, no: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or t("tui.confirm.discard")
        self.no_label = no or t("tui.confirm.stay")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question))  # questions carry paths: never markup
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no_label, id="confirm-no", variant="primary")
                yield Button(self.yes_label, id="confirm-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#confirm-no").focus()

    @on(Button.Pressed, "#confirm-yes")
    def yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        self.dismiss(False)
