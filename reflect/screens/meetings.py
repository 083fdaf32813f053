"""The reflection log (f7): meetings for re-registration, their totals, and the overview.

A table of the meetings, newest first, beside the totals per form and per registration
period against the minimum the user entered. ctrl+n logs a meeting in a small form, delete
removes the selected one after a question, ctrl+r enters the registration period, ctrl+e
writes the overview. Every rule is :mod:`reflect.operations.meetings`, the same the CLI
uses; journal work runs on the journal's thread (the gate).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, SelectionList, Static

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.operations.meetings import (
    FORMS,
    Meeting,
    MeetingInput,
    Registration,
    add_meeting,
    clean_code,
    code_looks_like_name,
    form_label,
    hours_json,
    hours_text,
    list_meetings,
    parse_day,
    parse_form,
    parse_hours,
    parse_registration,
    period_verdict,
    registration_from,
    remove_meeting,
    store_registration,
    summarize,
)
from reflect.sanitize import clean_input
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal, ReflectScreen
from reflect.tui.context import AppContext
from reflect.tui.threads import in_daemon_thread
from reflect.vault.journal import Journal
from reflect.widgets.safe_text import safe

EntryChoice = tuple[str, str]  # (entry id, what the list shows)


def entry_choices(journal: Journal) -> list[EntryChoice]:
    """Runs in the gate: every entry as date and title, newest first, to pick from."""
    rows = sorted(journal.documents(), key=lambda d: str(d.get("created", "")), reverse=True)
    return [(str(d["id"]), f"{str(d.get('created', ''))[:10]}  {_title(d)}") for d in rows]


def _title(document: Mapping[str, Any]) -> str:
    return " ".join(str(document.get("title") or "").split()) or t("cli.untitled")


LABEL_WIDTH = 23  # a form's name in the totals column (its hours beside it)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class MeetingsScreen(ReflectScreen[None]):
    SCOPE = "meetings"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("meetings")

    DEFAULT_CSS = """
    MeetingsScreen #meetings-body { height: 1fr; }
    MeetingsScreen #meetings-table { width: 1fr; height: 1fr; }
    MeetingsScreen #meetings-totals { width: 34; height: 1fr; padding: 0 1; }
    MeetingsScreen #meetings-empty { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.meetings: list[Meeting] = []

    def compose(self) -> ComposeResult:
        yield Static(t("tui.meetings.title"), id="meetings-title", classes="pane-title")
        yield Static(t("tui.meetings.empty"), id="meetings-empty")
        with Horizontal(id="meetings-body"):
            yield DataTable(id="meetings-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="meetings-totals"):
                yield Static("", id="meetings-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#meetings-table").focus()
        self.reload()

    def relabel(self) -> None:
        self.query_one("#meetings-title", Static).update(t("tui.meetings.title"))
        self.query_one("#meetings-empty", Static).update(t("tui.meetings.empty"))
        self.show_rows()

    @property
    def registration(self) -> Registration | None:
        return registration_from(self.ctx.settings)

    @work(group="meetings", exclusive=True, description="meetings")
    async def reload(self) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        self.meetings = await self.ctx.gate.run(list_meetings, journal)
        self.show_rows()

    def show_rows(self) -> None:
        table = self.query_one("#meetings-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        # The form last: the longest, and the one a narrow table may cut.
        table.add_column(t("meetings.col.date"), key="date")
        table.add_column(t("meetings.col.hours"), key="hours")
        table.add_column(t("meetings.col.code"), key="code")
        table.add_column(t("meetings.col.entries"), key="entries")
        table.add_column(t("meetings.col.form"), key="form")
        for meeting in reversed(self.meetings):  # the latest on top
            table.add_row(
                meeting.day.isoformat(),
                Text(hours_text(meeting.hours), justify="right"),
                Text(safe(meeting.code)),
                Text(str(len(meeting.entries)) if meeting.entries else "", justify="right"),
                form_label(meeting.form),
                key=meeting.id,
            )
        if self.meetings:
            table.move_cursor(row=min(keep, len(self.meetings) - 1))
        self.query_one("#meetings-empty").display = not self.meetings
        self.query_one("#meetings-summary", Static).update(self.totals_text())

    def totals_text(self) -> Text:
        """The totals in a narrow column: the forms used, then each period's verdict."""
        summary = summarize(self.meetings, self.registration, self.ctx.today)
        text = Text()
        text.append(t("tui.meetings.totals") + "\n", style="bold")
        text.append(
            t("meetings.total", hours=hours_text(summary.hours), count=summary.meetings) + "\n\n"
        )
        for form, hours in summary.by_form.items():
            if hours:
                text.append(f"{_cut(form_label(form), LABEL_WIDTH):<{LABEL_WIDTH}} ")
                text.append(f"{hours_text(hours):>6}\n")
        if summary.registration is None:
            text.append("\n" + t("tui.meetings.no_period") + "\n", style="italic")
        for period in summary.periods:
            current = f" {t('meetings.current')}" if period.number == summary.current else ""
            text.append("\n" + t("tui.meetings.period", number=period.number) + current + "\n",
                        style="bold")  # fmt: skip
            text.append(f"{period.first.isoformat()} – {period.last.isoformat()}\n", style="dim")
            style = "green" if period.reached else "yellow" if period.reached is False else ""
            text.append(period_verdict(period) + "\n", style=style)
        if summary.before_start:
            before = t("meetings.before_start", hours=hours_text(summary.before_start))
            text.append("\n" + before + "\n", style="dim")
        return text

    def selected(self) -> Meeting | None:
        table = self.query_one("#meetings-table", DataTable)
        if not self.meetings or table.row_count == 0:
            return None
        newest_first = list(reversed(self.meetings))
        return newest_first[min(table.cursor_row, len(newest_first) - 1)]

    # ---- keys -----------------------------------------------------------------------------

    def action_add(self) -> None:
        self.open_form()

    @work(group="meetings-form", exclusive=True, description="meetings-form")
    async def open_form(self) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        choices = await self.ctx.gate.run(entry_choices, journal)
        self.app.push_screen(MeetingFormScreen(self.ctx, choices), callback=self.store)

    def store(self, given: MeetingInput | None) -> None:
        if given is not None:
            self.store_now(given)

    @work(group="meetings-store", description="meetings-store")
    async def store_now(self, given: MeetingInput) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        try:
            meeting = await self.ctx.gate.run(add_meeting, journal, given, self.ctx.today)
        except ReflectError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.notify(
            t(
                "tui.meetings.added",
                date=meeting.day.isoformat(),
                form=form_label(meeting.form),
                hours=hours_text(meeting.hours),
            )
        )
        if code_looks_like_name(meeting.code):
            self.notify(t("meetings.warn.code_name", code=meeting.code), severity="warning")
        await self.reload().wait()
        self.query_one("#meetings-table", DataTable).move_cursor(row=0)

    def action_remove(self) -> None:
        from reflect.screens.confirm import ConfirmScreen

        meeting = self.selected()
        if meeting is None:
            return
        question = t(
            "tui.meetings.remove.confirm",
            date=meeting.day.isoformat(),
            form=form_label(meeting.form),
            hours=hours_text(meeting.hours),
        )

        def answered(remove: bool | None) -> None:
            if remove:
                self.remove_now(meeting.id)

        yes, no = t("tui.meetings.remove.yes"), t("tui.meetings.remove.no")
        self.app.push_screen(ConfirmScreen(question, yes=yes, no=no), callback=answered)

    @work(group="meetings-store", description="meetings-remove")
    async def remove_now(self, meeting_id: str) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        try:
            await self.ctx.gate.run(remove_meeting, journal, meeting_id)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(t("tui.meetings.removed"))
        self.reload()

    def action_period(self) -> None:
        self.app.push_screen(RegistrationScreen(self.ctx), callback=self.period_entered)

    def period_entered(self, registration: Registration | None) -> None:
        if registration is None:
            return
        minimum = "" if registration.minimum is None else str(hours_json(registration.minimum))
        try:
            store_registration(registration)
        except (OSError, ValueError) as exc:
            self.notify(t("meetings.error.settings", problem=str(exc)), severity="error")
            return
        self.ctx.settings = replace(
            self.ctx.settings,
            registration_start=registration.start.isoformat(),
            registration_minimum=minimum,
        )
        self.notify(t("tui.meetings.period.saved"))
        self.show_rows()

    def action_export(self) -> None:
        self.app.push_screen(OverviewExportScreen(self.ctx, list(self.meetings)))

    def action_close(self) -> None:
        self.dismiss(None)


class MeetingFormScreen(ReflectModal[MeetingInput | None]):
    """The form for one meeting. Checked here, field by field, before it is handed back:
    a mistake is told while the typing is still on screen."""

    SCOPE = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")

    DEFAULT_CSS = """
    MeetingFormScreen #meeting-box { width: 72; height: 100%; max-height: 34; }
    MeetingFormScreen #meeting-fields { height: 1fr; }
    MeetingFormScreen #meeting-entries { height: 6; }
    """

    def __init__(self, ctx: AppContext, choices: list[EntryChoice]) -> None:
        super().__init__(ctx)
        self.choices = choices

    def compose(self) -> ComposeResult:
        assert self.ctx is not None
        with Vertical(id="meeting-box", classes="dialog"):
            yield Static(t("tui.meetings.form.title"), classes="dialog-title")
            with VerticalScroll(id="meeting-fields"):
                yield Label(t("tui.meetings.form.date"))
                yield Input(placeholder=self.ctx.today.isoformat(), id="meeting-date")
                yield Label(t("tui.meetings.form.form"))
                yield Select(
                    [(form_label(form), form) for form in FORMS],
                    prompt=t("tui.meetings.form.pick_form"),
                    id="meeting-form",
                )
                yield Label(t("tui.meetings.form.hours"))
                yield Input(id="meeting-hours")
                yield Label(t("tui.meetings.form.code"))
                yield Input(id="meeting-code", placeholder="IV-3")
                yield Label(t("tui.meetings.form.entries"))
                yield SelectionList[str](
                    *[(Text(safe(shown)), entry_id) for entry_id, shown in self.choices],
                    id="meeting-entries",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.meetings.form.save"), id="meeting-save", variant="primary")
                yield Button(t("tui.meetings.form.cancel"), id="meeting-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#meeting-date").focus(scroll_visible=False)

    @on(Button.Pressed, "#meeting-save")
    @on(Input.Submitted)
    def save(self) -> None:
        assert self.ctx is not None
        today = self.ctx.today
        typed = clean_input(self.query_one("#meeting-date", Input).value, multiline=False)
        day = typed.strip() or today.isoformat()
        form = self.query_one("#meeting-form", Select).value
        hours = self.query_one("#meeting-hours", Input).value
        code = self.query_one("#meeting-code", Input).value  # cleaned by clean_code
        try:
            parse_day(day, today)
            if not isinstance(form, str):
                raise ReflectError(t("tui.meetings.form.pick_form"))
            parse_form(form)
            parse_hours(hours)
            code = clean_code(code)
        except ReflectError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        picked = tuple(self.query_one("#meeting-entries", SelectionList).selected)
        self.dismiss(MeetingInput(day, form, hours, code, picked))

    @on(Button.Pressed, "#meeting-cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class RegistrationScreen(ReflectModal[Registration | None]):
    """The registration period: its first day and the minimum the register asks."""

    SCOPE = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")

    DEFAULT_CSS = """
    RegistrationScreen #period-box { width: 72; height: auto; }
    """

    def compose(self) -> ComposeResult:
        assert self.ctx is not None
        settings = self.ctx.settings
        with Vertical(id="period-box", classes="dialog"):
            yield Static(t("tui.meetings.period.title"), classes="dialog-title")
            yield Label(t("tui.meetings.period.start"))
            yield Input(settings.registration_start, id="period-start")
            yield Label(t("tui.meetings.period.minimum"))
            yield Input(settings.registration_minimum, id="period-minimum")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.meetings.form.save"), id="period-save", variant="primary")
                yield Button(t("tui.meetings.form.cancel"), id="period-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#period-start").focus()

    @on(Button.Pressed, "#period-save")
    @on(Input.Submitted)
    def save(self) -> None:
        assert self.ctx is not None
        start = self.query_one("#period-start", Input).value
        minimum = self.query_one("#period-minimum", Input).value
        try:
            registration = parse_registration(start, minimum, self.ctx.today)
        except ReflectError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.dismiss(registration)

    @on(Button.Pressed, "#period-cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class OverviewExportScreen(ReflectModal[None]):
    """Write the overview: a file and a format; the export's rules for where it may go and
    its identifier check (reflect's own rules and the alias table: the codes are the only
    user text, entry titles are left out in the app)."""

    SCOPE = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")

    DEFAULT_CSS = """
    OverviewExportScreen #overview-box { width: 72; height: auto; }
    """

    def __init__(self, ctx: AppContext, meetings: list[Meeting]) -> None:
        super().__init__(ctx)
        self.meetings = meetings

    def compose(self) -> ComposeResult:
        assert self.ctx is not None
        name = f"reflect-reflectielog-{self.ctx.today.isoformat()}.md"
        with Vertical(id="overview-box", classes="dialog"):
            yield Static(t("tui.meetings.export.title"), classes="dialog-title")
            yield Label(t("tui.meetings.export.file"))
            yield Input(name, id="overview-file")
            yield Label(t("tui.meetings.export.format"))
            yield Select([("Markdown", "md"), ("PDF", "pdf")], value="md", allow_blank=False,
                         id="overview-format")  # fmt: skip
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.meetings.export.write"), id="overview-write", variant="primary")
                yield Button(t("tui.meetings.form.cancel"), id="overview-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#overview-file").focus()

    @on(Select.Changed, "#overview-format")
    def format_changed(self, event: Select.Changed) -> None:
        field = self.query_one("#overview-file", Input)
        if isinstance(event.value, str):
            field.value = str(Path(field.value).with_suffix("." + event.value))

    @on(Button.Pressed, "#overview-write")
    @on(Input.Submitted)
    def write_pressed(self) -> None:
        self.write_file()

    @work(group="overview", exclusive=True, description="overview")
    async def write_file(self) -> None:
        assert self.ctx is not None
        ctx = self.ctx
        fmt = self.query_one("#overview-format", Select).value
        typed = clean_input(self.query_one("#overview-file", Input).value, multiline=False)
        journal = ctx.journal
        if journal is None or not isinstance(fmt, str):
            return
        aliases = await ctx.gate.run(lambda: dict(journal.aliases()))
        try:
            # Off the event loop: a PDF is rendered (and fpdf imported) here.
            path = await in_daemon_thread(
                write_overview_file,
                ctx,
                self.meetings,
                typed,
                fmt,
                aliases,
                registration_from(ctx.settings),
            )
        except ReflectError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            return
        self.notify(t("meetings.cli.written", path=str(path)))
        self.dismiss(None)

    @on(Button.Pressed, "#overview-cancel")
    def cancel(self) -> None:
        self.dismiss(None)


def write_overview_file(
    ctx: AppContext,
    meetings: list[Meeting],
    typed: str,
    fmt: str,
    aliases: dict[str, str],
    registration: Registration | None,
) -> Path:
    """The overview written where the export policy allows; refused (IdentifiersFound)
    while the check finds something."""
    from reflect.errors import IdentifiersFound, UsageError
    from reflect.export import write_export
    from reflect.i18n import current_language
    from reflect.operations.exporting import (
        check_target,
        default_export_folder,
        export_folder,
        finding_lines,
        resolve_target,
    )
    from reflect.operations.overview import checked_overview

    target = resolve_target(typed, export_folder(ctx.settings.export_folder))
    if target is None:
        raise UsageError(t("tui.meetings.export.file"))
    folder = default_export_folder()
    check_target(target, ctx.journal_path, overwrite=False, default_folder=folder)
    prepared = checked_overview(
        meetings, registration, lang=current_language(), today=ctx.today, aliases=aliases
    )
    if prepared.blocking:
        lines = finding_lines(prepared.blocking, current_language())
        raise IdentifiersFound(
            t("tui.meetings.export.refused", count=len(prepared.blocking), finding=lines[0])
        )
    return write_export(prepared, fmt, target)
