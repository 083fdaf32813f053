"""The journal: every entry, newest first, with a filter box that searches all text.

Rows are built once per visit in the gate (:func:`reflect.operations.query.row_of_entry` for
each entry); typing in the filter parses the same query as ``reflect list --filter`` and
only scans those prepared rows, and the list draws only the
lines on screen, so 10,000 entries stay responsive.

Entries past their delete-after date (:mod:`reflect.operations.retention`) are marked in the
list; the first time the list is shown after an unlock, and on ctrl+d, the screen offers to
destroy them (:class:`reflect.screens.retention.DueEntriesScreen`).
"""

from __future__ import annotations

from datetime import tzinfo
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
from reflect.operations.evaluation import Evaluated, check_can_evaluate, due_rows
from reflect.operations.query import (
    Row,
    filter_rows,
    parse_query,
    prepare_text,
    row_of_document,
)
from reflect.operations.retention import destroy_due, due_of_rows
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.vault.journal import Journal
from reflect.widgets.entry_list import EntryList
from reflect.widgets.safe_text import safe


def build_rows(journal: Journal, zone: tzinfo | None) -> list[Row]:
    """Runs in the gate: all entries, prepared for the list and the filter; ``zone`` is the
    user's, for the day each was written."""
    rows = [row_of_document(doc, zone=zone) for doc in journal.documents()]
    rows.sort(key=lambda r: r.created_at, reverse=True)
    return rows


class JournalScreen(ReflectScreen[None]):
    SCOPE = "journal"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("journal")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.rows: list[Row] = []
        self._offered = False  # the offer to destroy due entries is made once per unlock
        # After an unlock the list opens on the entries due to evaluate (once per unlock);
        # the filter text it put in the box, while it is still there.
        self._due_checked = False
        self._due_filter: str | None = None

    _shown = 0  # entries the filter shows, for the status line

    def compose(self) -> ComposeResult:
        if self.ctx.demo:
            yield Static(t("tui.demo.banner"), id="demo-banner")
        yield Input(placeholder=t("tui.journal.filter_placeholder"), id="filter")
        yield EntryList(
            self.ctx.today, retention_months=self.ctx.settings.retention_months, id="entries"
        )
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
            rows = await self.ctx.gate.run(build_rows, journal, self.ctx.zone)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.rows = rows
        # The settings (and the day: past midnight) may have changed meanwhile.
        entry_list = self.query_one(EntryList)
        entry_list.retention_months = self.ctx.settings.retention_months
        entry_list.today = self.ctx.today
        self._refilter()
        self.prepare_filter_text(rows)
        if not self._due_checked:
            self._due_checked = True
            self.open_on_due()
        # Offered once the list is on top: after another question asked at unlock (a sync
        # conflict, say) is answered, this reload runs again on the screen's resume.
        if not self._offered and self.is_current:
            self._offered = True
            self.offer_destroying(asked=False)

    @work(thread=True, group="journal-text", exclusive=True, description="journal-text")
    def prepare_filter_text(self, rows: list[Row]) -> None:
        """The filter's text of every row, built once the list is shown, off the UI thread:
        the list does not wait for it, and a keystroke before it is done builds the rest."""
        prepare_text(rows)

    def _refilter(self) -> None:
        entry_list = self.query_one(EntryList)
        current = entry_list.current
        text = self.query_one("#filter", Input).value
        query = parse_query(
            text, self.ctx.today, retention_months=self.ctx.settings.retention_months
        )
        shown = filter_rows(self.rows, query) if text.strip() else self.rows
        entry_list.set_rows(
            shown,
            keep_id=current.entry_id if current else None,
            empty_key="tui.journal.no_match" if self.rows else "tui.journal.empty",
        )
        self._show_count(len(shown))

    def _show_count(self, shown: int) -> None:
        self._shown = shown
        status = t("tui.journal.count", shown=shown, total=len(self.rows))
        if self._due_filter and self.query_one("#filter", Input).value == self._due_filter:
            status = t("evaluation.tui.due", count=shown)
        if self.ctx.background:
            status = f"{self.ctx.background} · {status}"  # first: the end may be cut off
        self.query_one("#journal-status", Static).update(status)

    def background_changed(self) -> None:
        self._show_count(self._shown)

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

    def action_purge_due(self) -> None:
        self.offer_destroying(asked=True)

    def offer_destroying(self, *, asked: bool) -> None:
        """Show the entries past their delete-after date and offer to destroy them; when
        none are, say so only if the user ``asked``."""
        from reflect.screens.retention import DueEntriesScreen

        due = due_of_rows(self.rows, self.ctx.settings.retention_months, self.ctx.today)
        if not due:
            if asked:
                self.notify(t("tui.retention.nothing_due"))
            return
        ids = [item.entry_id for item in due]

        def answered(destroy: bool | None) -> None:
            if destroy:
                self.destroy_entries(ids)

        self.app.push_screen(DueEntriesScreen(due), callback=answered)

    @work(group="journal-destroy", exclusive=True, description="journal-destroy")
    async def destroy_entries(self, entry_ids: list[str]) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        months, today = self.ctx.settings.retention_months, self.ctx.today
        try:
            purged = await self.ctx.gate.run(destroy_due, journal, entry_ids, months, today)
        except ReflectError as exc:
            self.notify(t("tui.retention.failed", reason=str(exc)), severity="error", timeout=15)
            self.reload()
            return
        if purged.entries:
            backups = purged.backups
            self.notify(
                t(
                    "tui.retention.destroyed",
                    count=purged.entries,
                    cleaned=backups.cleaned,
                    dropped=backups.dropped,
                ),
                timeout=10,
            )
        else:
            self.notify(t("tui.retention.none_now"))
        self.reload()

    def open_on_due(self) -> None:
        """Show what is due to evaluate, when anything is: the ``due`` token in the filter
        box (in the UI's language), which escape clears as any filter. Not in the demo,
        whose list is there to look around in."""
        filter_box = self.query_one("#filter", Input)
        if self.ctx.demo or filter_box.value.strip():
            return
        if due_rows(self.rows, self.ctx.today):
            self._due_filter = t("evaluation.tui.due_token")
            filter_box.value = self._due_filter
            self._refilter()

    def action_evaluate_entry(self) -> None:
        current = self.query_one(EntryList).current
        if current is None:
            self.notify(t("evaluation.tui.nothing"))
            return
        self.open_evaluation(current.entry_id)

    @work(group="journal-open-entry", exclusive=True, description="journal-evaluate")
    async def open_evaluation(self, entry_id: str) -> None:
        """The evaluation screen on the entry; one with nothing decided yet is refused at
        once, before anything is typed (reflect.operations.evaluation)."""
        from reflect.screens.evaluate import EvaluateScreen

        journal = self.ctx.journal
        if journal is None:
            return
        try:
            entry = await self.ctx.gate.run(journal.get, entry_id)
            check_can_evaluate(entry)
        except ReflectError as exc:
            self.notify(safe(str(exc)), severity="warning", timeout=10)
            return
        self.app.push_screen(EvaluateScreen(self.ctx, entry), callback=self.evaluated)

    def evaluated(self, done: Evaluated | None) -> None:
        """After an evaluation: say so, and open the next cycle when one was started."""
        if done is None:
            return
        from reflect.screens.entry import EntryScreen

        title = " ".join((done.entry.title or done.entry.id).split())
        self.notify(safe(t("evaluation.tui.saved", title=title)))
        if done.next_entry is not None:
            following = " ".join(done.next_entry.title.split())
            self.notify(safe(t("evaluation.tui.next_started", title=following)))
            self.app.push_screen(EntryScreen(self.ctx, done.next_entry, is_new=False))

    def action_delete_entry(self) -> None:
        """Destroy the selected entry, after a question whose default is no: it goes from
        the journal and from every backup (reflect.vault.journal.Journal.destroy)."""
        from reflect.screens.confirm import ConfirmScreen

        current = self.query_one(EntryList).current
        if current is None:
            return
        question = t("tui.delete.confirm", title=current.title or current.entry_id)
        yes, no = t("tui.delete.yes"), t("tui.delete.no")

        def answered(delete: bool | None) -> None:
            if delete:
                self.delete_entry(current.entry_id)

        self.app.push_screen(ConfirmScreen(question, yes=yes, no=no), callback=answered)

    @work(group="journal-destroy", exclusive=True, description="journal-delete")
    async def delete_entry(self, entry_id: str) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        try:
            cleaned = await self.ctx.gate.run(journal.delete, entry_id)
        except ReflectError as exc:
            self.notify(safe(str(exc)), severity="error", timeout=15)
        else:
            self.notify(
                t("tui.delete.done", cleaned=cleaned.cleaned, dropped=cleaned.dropped),
                timeout=10,
            )
        self.reload()

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
