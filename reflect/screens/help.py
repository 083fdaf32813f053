"""The keys, grouped by where they work, from the same action table as the palette."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reflect.i18n import t
from reflect.screens.actions import ACTIONS
from reflect.widgets.footer import TranslatedFooter

SCOPES = ("app", "journal", "entry", "export")


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for scope in SCOPES:
        table.add_row("", "")
        table.add_row(t(f"tui.help.scope.{scope}"), "", style="underline")
        for spec in ACTIONS:
            if spec.scope == scope:
                table.add_row(spec.keys, t(spec.label_key))
    return table


class HelpScreen(ModalScreen[None]):
    SCOPE = "help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark", "dismiss_screen", "tui.key.close", id="close-help"),
    ]

    def __init__(self, under: Screen[object] | None = None) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog wide"):
            yield Static(t("tui.help.title"), classes="dialog-title")
            with VerticalScroll():
                yield Static(t("tui.help.intro"))
                yield Static(keys_table())
                yield Static(t("tui.help.filter"), classes="muted")
        yield TranslatedFooter()

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
