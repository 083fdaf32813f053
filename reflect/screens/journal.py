"""The journal: every entry, newest first, with a filter box that searches all text.

Rows are built once per visit in the gate (:func:`reflect.operations.query.row_of_entry` for
each entry); typing in the filter parses the same query as ``reflect list --filter`` and
only scans those prepared rows, and the list draws only the
lines on screen, so 10,000 entries stay responsive.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.events import Key
from textual.widgets import Footer, Input, Static

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.model import Entry
from reflect.operations.entries import entry_to_edit
from reflect.operations.query import Row, filter_rows, parse_query, row_of_document
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.vault.journal import Journal
from reflect.widgets.entry_list import EntryList


def build_rows(journal: Journal) -> list[Row]:
    """Runs in the gate: all entries, prepared for the list and the filter."""
    rows = [row_of_document(doc) for doc in journal.documents()]
    rows.sort(key=lambda r: r.created_at, reverse=True)
    return rows


class JournalScreen(ReflectScreen[None]):
    SCOPE = "journal"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("journal")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.rows: list[Row] = []

    def compose(self) -> ComposeResult:
        if self.ctx.demo:
            yield Static(t("tui.demo.banner"), id="demo-banner")
        yield Input(placeholder=t("tui.journal.filter_placeholder"), id="filter")
        yield EntryList(self.ctx.today, id="entries")
        yield Static("", id="journal-status", classes="status-line")
        yield Footer()

    def relabel(self) -> None:
        self.query_one("#filter", Input).placeholder = t("tui.journal.filter_placeholder")
        if self.ctx.demo:
            self.query_one("#demo-banner", Static).update(t("tui.demo.banner"))
        self._show_count(len(self.query_one(EntryList).rows))
        self.query_one(EntryList).refresh()

    def on_mount(self) -> None:
        self.query_one(EntryList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(group="journal-list", exclusive=True, description="journal-list")
    async def reload(self) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        self.query_one("#journal-status", Static).update(t("tui.journal.loading"))
        try:
            rows = await self.ctx.gate.run(build_rows, journal)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.rows = rows
        self._refilter()

    def _refilter(self) -> None:
        entry_list = self.query_one(EntryList)
        current = entry_list.current
        text = self.query_one("#filter", Input).value
        query = parse_query(text, self.ctx.today)
        shown = filter_rows(self.rows, query) if text.strip() else self.rows
        entry_list.set_rows(
            shown,
            keep_id=current.entry_id if current else None,
            empty_key="tui.journal.no_match" if self.rows else "tui.journal.empty",
        )
        self._show_count(len(shown))

    def _show_count(self, shown: int) -> None:
        self.query_one("#journal-status", Static).update(
            t("tui.journal.count", shown=shown, total=len(self.rows))
        )

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self._refilter()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.query_one(EntryList).focus()

    def on_key(self, event: Key) -> None:
        if event.key == "down" and self.focused is self.query_one("#filter"):
            self.query_one(EntryList).focus()
            event.stop()

    def action_focus_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(EntryList).focus()

    def action_new_entry(self) -> None:
        from reflect.screens.entry import EntryScreen

        self.app.push_screen(EntryScreen(self.ctx, Entry(), is_new=True))

    def action_export(self) -> None:
        """The export screen: the entry under the cursor, or the entries the filter shows."""
        from reflect.screens.export import ExportScreen

        entry_list = self.query_one(EntryList)
        current = entry_list.current
        if current is None:
            self.notify(t("tui.export.nothing"))
            return
        self.app.push_screen(
            ExportScreen(
                self.ctx,
                entry_id=current.entry_id,
                entry_title=current.title,
                list_ids=tuple(row.entry_id for row in entry_list.rows),
                filter_text=self.query_one("#filter", Input).value,
            )
        )

    def action_open_entry(self) -> None:
        self.query_one(EntryList).action_select()

    @on(EntryList.Selected)
    def open_selected(self, event: EntryList.Selected) -> None:
        self.open_entry(event.entry_id)

    @work(group="journal-open-entry", exclusive=True, description="journal-open-entry")
    async def open_entry(self, entry_id: str) -> None:
        from reflect.screens.entry import EntryScreen

        journal = self.ctx.journal
        if journal is None:
            return
        try:
            entry, place = await self.ctx.gate.run(entry_to_edit, journal, entry_id)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.push_screen(EntryScreen(self.ctx, entry, is_new=False, place=place))
