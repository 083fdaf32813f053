"""The keys, grouped by where they work, from the same action table as the palette."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from reflect.i18n import t
from reflect.tui.actions import SCOPES, bindings_for, listed_actions
from reflect.tui.base import ReflectModal


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for scope in SCOPES:
        table.add_row("", "")
        table.add_row(t(f"tui.help.scope.{scope}"), "", style="underline")
        for spec in listed_actions(scope):
            table.add_row(spec.keys, t(spec.label_key))
    return table


class HelpScreen(ReflectModal[None]):
    SCOPE = "help"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("help")

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog wide"):
            yield Static(t("tui.help.title"), classes="dialog-title")
            with VerticalScroll():
                yield Static(t("tui.help.intro"))
                yield Static(keys_table())
                yield Static(t("tui.help.filter"), classes="muted")
        yield Footer()
