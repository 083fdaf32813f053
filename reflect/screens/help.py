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


def keys_table(scope: str | None = None) -> Table:
    """The keys of one scope (of every scope when None). The key column is as wide as the
    widest key of any scope, so the tables of the scopes line up under their headings."""
    scopes = SCOPES if scope is None else (scope,)
    width = max(len(spec.keys) for name in SCOPES for spec in listed_actions(name))
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=width)
    table.add_column()
    for name in scopes:
        for spec in listed_actions(name):
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
                # A heading above each scope's table, not a row in it: a long heading in the
                # key column would push every description far to the right.
                for scope in SCOPES:
                    yield Static(t(f"tui.help.scope.{scope}"), classes="help-scope")
                    yield Static(keys_table(scope))
                yield Static(t("tui.help.filter"), classes="muted")
        yield Footer()
