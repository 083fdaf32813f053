"""The journal: every entry, newest first, with a filter box that searches all text.

Rows are built once per visit in the gate (``list_entries`` plus the search text of each
entry); typing in the filter only scans those prepared rows, and the list draws only the
lines on screen, so 10,000 entries stay responsive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input, Static

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.model import Entry
from reflect.screens.filtering import Row, apply_filter, make_row
from reflect.vault.journal import Journal
from reflect.widgets.entry_list import EntryList
from reflect.widgets.footer import TranslatedFooter

if TYPE_CHECKING:
    from reflect.app import ReflectApp


def build_rows(journal: Journal) -> list[Row]:
    """Runs in the gate: all entries, prepared for the list and the filter."""
    return [make_row(entry) for entry in journal.list_entries()]


class JournalScreen(Screen[None]):
    SCOPE = "journal"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_entry", "tui.key.new", id="new-entry"),
        Binding("ctrl+e", "export", "tui.key.export", id="export", priority=True),
        # Not in the footer (the filter box says "(/)"): room for Quit at 80 columns.
        Binding("slash", "focus_filter", "tui.key.filter", id="filter", show=False),
        Binding("escape", "clear_filter", "tui.key.clear_filter", id="clear-filter", show=False),
        Binding("f5", "app.browse_articles", "tui.key.articles", id="journal-articles"),
        Binding("f1", "app.help", "tui.key.help", id="journal-help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    @property
    def reflect_app(self) -> ReflectApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        if self.reflect_app.demo:
            yield Static(t("tui.demo.banner"), id="demo-banner")
        yield Input(placeholder=t("tui.journal.filter_placeholder"), id="filter")
        yield EntryList(self.reflect_app.today, id="entries")
        yield Static("", id="journal-status", classes="status-line")
        yield TranslatedFooter()

    def relabel(self) -> None:
        self.query_one("#filter", Input).placeholder = t("tui.journal.filter_placeholder")
        if self.reflect_app.demo:
            self.query_one("#demo-banner", Static).update(t("tui.demo.banner"))
        self._show_count(len(self.query_one(EntryList).rows))
        self.query_one(EntryList).refresh()

    def on_mount(self) -> None:
        self.query_one(EntryList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(group="journal-list", exclusive=True, description="journal-list")
    async def reload(self) -> None:
        journal = self.reflect_app.journal
        if journal is None:
            return
        self.query_one("#journal-status", Static).update(t("tui.journal.loading"))
        try:
            rows = await self.reflect_app.gate.run(build_rows, journal)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.rows = rows
        self._refilter()

    def _refilter(self) -> None:
        entry_list = self.query_one(EntryList)
        current = entry_list.current
        shown = apply_filter(
            self.rows, self.query_one("#filter", Input).value, self.reflect_app.today
        )
        entry_list.set_rows(shown, keep_id=current.entry_id if current else None)
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

        self.app.push_screen(EntryScreen(Entry(), is_new=True))

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

        journal = self.reflect_app.journal
        if journal is None:
            return
        try:
            entry = await self.reflect_app.gate.run(journal.get, entry_id)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.push_screen(EntryScreen(entry, is_new=False))
