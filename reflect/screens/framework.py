"""A framework's checklist (meldcode, conflict van plichten), read-only, beside the entry."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from reflect.catalog import Framework
from reflect.i18n import current_language
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal


class FrameworkScreen(ReflectModal[None]):
    SCOPE = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")

    def __init__(self, framework: Framework) -> None:
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
        yield Footer()
