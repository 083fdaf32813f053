"""The export screen: an entry, the filtered list or a period, out of the journal for a meeting.

It uses the export core and the export policy exactly as ``reflect export`` does: entries
are read with :func:`reflect.operations.exporting.read_material` through the app's gate
(the same query as the list's filter), the document is built and checked by
:func:`prepare_export`, previewed with :func:`render_preview`, and the target checked and
written by :func:`reflect.operations.exporting.write_checked` (never in the journal's
folder, an existing file only after a question), which refuses while identifiers remain
unless forced.

What runs where, so no key ever waits:

- journal reads: the gate's thread (like every screen);
- the de-identifier (deduce, ~13 s, minutes the first time): a daemon thread, started when
  the screen opens. Meanwhile the preview and the check with our own rules (``names=None``)
  are already shown, and nothing can be written: a check without names is incomplete;
- building and checking the document: a daemon thread, one at a time (a newer request
  supersedes an older one, whose result is dropped);
- writing: a worker thread; a failure leaves the screen as it was, with the reason.

Daemon threads, because quitting while deduce loads must not wait minutes for it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)

from reflect.errors import IdentifiersFound, ReflectError
from reflect.export import (
    DEFAULT_TEMPLATE,
    FORMATS,
    SUFFIXES,
    TEMPLATES,
    PreparedExport,
    prepare_export,
    render_preview,
)
from reflect.export.templates import GROUPED_TEMPLATES
from reflect.fields import BY_NAME
from reflect.i18n import current_language, t
from reflect.model import Status
from reflect.operations.exporting import (
    Material,
    TargetExists,
    check_target,
    default_export_folder,
    default_file_name,
    export_folder,
    read_material,
    remember_export,
    resolve_target,
    with_goals,
    write_checked,
)
from reflect.operations.figures import figures_section
from reflect.operations.query import Query, parse_query, selection_query
from reflect.operations.values import date_value
from reflect.privacy import Finding, NameDetector, load_name_detector, loaded_name_detector
from reflect.screens.confirm import ConfirmScreen
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.tui.threads import in_daemon_thread
from reflect.widgets.export_view import FindingsList, PreviewPane, preview_text
from reflect.widgets.safe_text import safe

PERIOD_DELAY = 0.4  # re-read after the user pauses typing a date
_PREPARE_LOCK = threading.Lock()  # one document check at a time (deduce is shared)


def build_export(
    material: Material,
    template: str,
    lang: str,
    names: NameDetector | None,
    redact: bool,
    generated: date,
    with_stats: bool = False,
    by_goal: bool = False,
    zone: tzinfo | None = None,
) -> tuple[PreparedExport, str, Text]:
    """Runs on a daemon thread: the checked document, its Markdown and the preview text."""
    with _PREPARE_LOCK:
        prepared = prepare_export(
            material.entries,
            template=template,
            lang=lang,
            aliases=material.aliases,
            names=names,
            redact=redact,
            revisions=material.revisions or None,
            period=material.period,
            generated=generated,
            figures=figures_section if with_stats else None,
            goals=material.goals if by_goal else None,
            zone=zone,
        )
    markdown = render_preview(prepared.document)
    return prepared, markdown, preview_text(markdown)


# ---- the screen -------------------------------------------------------------------------------


class ExportScreen(ReflectScreen[None]):
    SCOPE = "export"
    # Not priority bindings: no widget here uses these keys, and a key that waits its turn in
    # the focused widget's queue never writes a path the user is still typing.
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("export")

    def __init__(
        self,
        ctx: AppContext,
        *,
        entry_id: str | None = None,
        entry_title: str = "",
        list_ids: tuple[str, ...] | None = None,
        filter_text: str = "",
    ) -> None:
        super().__init__(ctx)
        self.entry_id = entry_id
        self.entry_title = entry_title
        self.list_ids = tuple(list_ids) if list_ids is not None else None
        self.filter_text = filter_text.strip()
        if entry_id:
            self.what = "entry"
        elif self.list_ids is not None:
            self.what = "list"
        else:
            self.what = "period"
        # The defaults the user chose in the settings, which the last export made updates
        # (a supervision report, not the full record with its history, until then).
        chosen = ctx.settings.export_template
        self.template = chosen if chosen in TEMPLATES else DEFAULT_TEMPLATE
        self.fmt = ctx.settings.export_format if ctx.settings.export_format in FORMATS else "md"
        self.folder = export_folder(ctx.settings.export_folder)
        self.redact = False
        self.names: NameDetector | None = loaded_name_detector()
        self.names_state = "ready" if self.names is not None else "loading"
        self.names_error = ""
        self._names_started = time.monotonic()
        self._names_timer: Timer | None = None
        self._period_timer: Timer | None = None
        self.material: Material | None = None
        self.material_with_revisions = False
        self.prepared: PreparedExport | None = None
        self.prepared_with_names = False
        self.preview_markdown = ""
        self._wanted = 0  # bumped whenever what is shown no longer matches the choices
        self._shown = -1  # the request the shown preparation answers
        self._auto_path = ""
        self._reading = 0  # journal reads in flight: what is shown may be of an old selection
        self.writing = False

    @property
    def up_to_date(self) -> bool:
        return self.prepared is not None and self._shown == self._wanted and not self._reading

    # ---- layout ---------------------------------------------------------------------------

    def _what_options(self) -> list[tuple[Text, str]]:
        options: list[tuple[Text, str]] = []
        if self.entry_id:
            title = safe(self.entry_title, keep_newlines=False).strip() or t("tui.untitled")
            options.append((Text(t("tui.export.what.entry", title=title)), "entry"))
        if self.list_ids is not None:
            count = len(self.list_ids)
            if self.filter_text:
                shown = safe(self.filter_text, keep_newlines=False)
                label = t("tui.export.what.list_filtered", count=count, filter=shown)
            else:
                label = t("tui.export.what.list", count=count)
            options.append((Text(label), "list"))
        options.append((Text(t("tui.export.what.period")), "period"))
        return options

    @staticmethod
    def _template_options() -> list[tuple[Text, str]]:
        return [(Text(t(f"tui.export.template.{name}")), name) for name in TEMPLATES]

    @staticmethod
    def _format_options() -> list[tuple[Text, str]]:
        return [(Text(t(f"tui.export.format.{fmt}")), fmt) for fmt in FORMATS]

    @staticmethod
    def _status_options() -> list[tuple[Text, str]]:
        return [(Text(t("tui.export.status.any")), "any")] + [
            (Text(t(f"tui.status.{s.value}")), s.value) for s in Status
        ]

    def compose(self) -> ComposeResult:
        self._auto_path = self._default_path()
        date_hint = _date_hint()
        with Vertical(id="export-form"):
            with Horizontal(classes="export-row"):
                yield Label(t("tui.export.what"), classes="export-label", id="export-what-label")
                yield Select(
                    self._what_options(),
                    value=self.what,
                    allow_blank=False,
                    compact=True,
                    id="export-what",
                )
            with Horizontal(classes="export-row", id="export-period"):
                yield Label(t("tui.export.from"), classes="export-label", id="export-from-label")
                yield Input(placeholder=date_hint, id="export-from", compact=True)
                yield Label(t("tui.export.to"), classes="export-label-short", id="export-to-label")
                yield Input(placeholder=date_hint, id="export-to", compact=True)
                yield Label(
                    t("tui.export.status"), classes="export-label-short", id="export-status-label"
                )
                yield Select(
                    self._status_options(),
                    value="any",
                    allow_blank=False,
                    compact=True,
                    id="export-status",
                )
            with Horizontal(classes="export-row"):
                yield Label(
                    t("tui.export.template"), classes="export-label", id="export-template-label"
                )
                yield Select(
                    self._template_options(),
                    value=self.template,
                    allow_blank=False,
                    compact=True,
                    id="export-template",
                )
                yield Label(
                    t("tui.export.format"), classes="export-label-short", id="export-format-label"
                )
                yield Select(
                    self._format_options(),
                    value=self.fmt,
                    allow_blank=False,
                    compact=True,
                    id="export-format",
                )
            # The supervision reports' options: grouped by learning goal (werkverslag and
            # reflectieverslag), and the reflectieverslag's figures (reflect.operations.figures).
            # Shown only for the templates that have a place for them.
            with Horizontal(classes="export-row", id="export-stats-row"):
                yield Label("", classes="export-label")
                yield Checkbox(t("tui.export.by_goal"), compact=True, id="export-by-goal")
                yield Checkbox(t("tui.export.with_stats"), compact=True, id="export-with-stats")
            with Horizontal(classes="export-row"):
                yield Label(t("tui.export.file"), classes="export-label", id="export-file-label")
                yield Input(self._auto_path, id="export-path", compact=True)
        yield Static(t("tui.export.plaintext"), id="export-plaintext")
        with Vertical(id="export-check"):
            with Horizontal(id="export-names"):
                yield ProgressBar(
                    total=None, show_percentage=False, show_eta=False, id="export-names-bar"
                )
                yield Static("", id="export-names-message")
            yield Static("", id="export-summary")
            yield FindingsList(id="export-findings")
            with Horizontal(id="export-buttons"):
                yield Button(
                    t("tui.export.write"), id="export-write", variant="primary", compact=True
                )
                yield Button(t("tui.export.redact"), id="export-redact", compact=True)
                yield Button(
                    t("tui.export.force"), id="export-force", variant="error", compact=True
                )
                yield Button(t("tui.export.cancel"), id="export-cancel", compact=True)
        preview = PreviewPane(id="export-preview")
        preview.border_title = t("tui.export.preview")
        yield preview
        yield Static("", id="export-status-line", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-period").display = self.what == "period"
        self._show_report_options()
        self.query_one(FindingsList).display = False
        self.query_one("#export-status-line").display = False
        if self.names_state == "loading":
            self._names_timer = self.set_interval(1.0, self._show_names)
            self.load_names()
        self._show_names()
        self._show_check()
        self.query_one("#export-what").focus()
        self.reload()

    def relabel(self) -> None:
        for widget_id, key in (
            ("export-what-label", "tui.export.what"),
            ("export-from-label", "tui.export.from"),
            ("export-to-label", "tui.export.to"),
            ("export-status-label", "tui.export.status"),
            ("export-template-label", "tui.export.template"),
            ("export-format-label", "tui.export.format"),
            ("export-file-label", "tui.export.file"),
        ):
            self.query_one(f"#{widget_id}", Label).update(t(key))
        self.query_one("#export-plaintext", Static).update(t("tui.export.plaintext"))
        self.query_one("#export-with-stats", Checkbox).label = t("tui.export.with_stats")
        self.query_one("#export-by-goal", Checkbox).label = t("tui.export.by_goal")
        for widget_id in ("#export-from", "#export-to"):
            self.query_one(widget_id, Input).placeholder = _date_hint()
        self._label_button("export-write", "tui.export.write")
        self._label_button("export-force", "tui.export.force")
        self._label_button("export-cancel", "tui.export.cancel")
        self.query_one(PreviewPane).border_title = t("tui.export.preview")
        # set_options resets the value; put it back (the Changed messages settle on it)
        for widget_id, options, value in (
            ("export-what", self._what_options(), self.what),
            ("export-template", self._template_options(), self.template),
            ("export-format", self._format_options(), self.fmt),
        ):
            self._relabel_select(widget_id, options, value)
        status = self.query_one("#export-status", Select).value
        self._relabel_select("export-status", self._status_options(), status)
        self._show_names()
        self.request_prepare()  # the document is written in the interface's language

    def _label_button(self, widget_id: str, key: str) -> None:
        button = self.query_one(f"#{widget_id}", Button)
        label = t(key)
        if str(button.label) != label:
            button.label = label
            button.refresh(layout=True)  # a new label may need a new width

    def _relabel_select(self, widget_id: str, options: list[tuple[Text, str]], value: Any) -> None:
        """New labels, same choice. ``set_options`` resets the value, and when the value comes
        back unchanged the shown label stays old: the watcher is run again to redraw it."""
        select: Select[str] = self.query_one(f"#{widget_id}", Select)
        select.set_options(options)
        select.value = value
        select.mutate_reactive(Select.value)  # type: ignore[misc]  # the descriptor, any T

    # ---- the de-identifier --------------------------------------------------------------

    @work(group="export-names", exclusive=True, description="export-names")
    async def load_names(self) -> None:
        try:
            names = await in_daemon_thread(load_name_detector, None)
        except Exception as exc:  # not installed, broken data: say so, keep the screen
            self.names_state = "failed"
            self.names_error = str(exc) or type(exc).__name__
        else:
            self.names = names
            self.names_state = "ready"
        if self._names_timer is not None:
            self._names_timer.stop()
        self._show_names()
        if self.names_state == "ready":
            self.request_prepare()
        else:
            self._show_check()

    def _show_names(self) -> None:
        row = self.query_one("#export-names")
        message = self.query_one("#export-names-message", Static)
        bar = self.query_one("#export-names-bar", ProgressBar)
        if self.names_state == "loading":
            seconds = int(time.monotonic() - self._names_started)
            message.update(t("tui.export.names_loading", seconds=seconds))
            bar.display = True
            row.display = True
        elif self.names_state == "failed":
            message.update(
                Text(t("tui.export.names_failed", error=safe(self.names_error)), style="bold")
            )
            bar.display = False
            row.display = True
        else:
            row.display = False

    # ---- reading and preparing ----------------------------------------------------------

    def _source(self) -> tuple[tuple[str, ...], Query] | None:
        """The chosen entries as ids and a query (the list's own filter for the filtered
        list); None (with a message) while a typed date is invalid."""
        today = self.ctx.today
        if self.what == "entry" and self.entry_id:
            return (self.entry_id,), Query()
        if self.what == "list" and self.list_ids is not None:
            return self.list_ids, parse_query(self.filter_text, today)
        values = []
        for widget_id in ("#export-from", "#export-to"):
            text = self.query_one(widget_id, Input).value
            try:
                values.append(date_value(BY_NAME["follow_up"], text))
            except ReflectError:
                self._say(t("tui.export.bad_date", value=safe(text.strip())), error=True)
                return None
        status_value = self.query_one("#export-status", Select).value
        statuses = [Status(status_value)] if status_value in {s.value for s in Status} else []
        query = selection_query(
            date_from=values[0], date_to=values[1], statuses=statuses, today=today, strict=False
        )
        return (), query

    @work(group="export-read", exclusive=True, description="export-read")
    async def reload(self) -> None:
        """Read the chosen entries through the gate, then prepare the document."""
        journal = self.ctx.journal
        source = self._source()
        if journal is None or source is None:
            return
        self._wanted += 1
        self._reading += 1
        self._show_check()
        ids, query = source
        with_revisions = self.template == "full"
        try:
            material = await self.ctx.gate.run(
                read_material, journal, ids, query, with_revisions=with_revisions
            )
            if self.query_one("#export-by-goal", Checkbox).value:  # only when grouped
                material = await self.ctx.gate.run(with_goals, journal, material)
        except ReflectError as exc:
            self._say(str(exc), error=True)
            return
        finally:
            self._reading -= 1
        self.material = material
        self.material_with_revisions = with_revisions
        self._say("")
        self.request_prepare()

    def request_prepare(self) -> None:
        self._wanted += 1
        self._show_check()
        if not self._reading:  # else the read under way asks again when it is done
            self.prepare(self._wanted)

    @work(group="export-prepare", exclusive=True, description="export-prepare")
    async def prepare(self, request: int) -> None:
        material = self.material
        if material is None:
            return
        names = self.names
        try:
            prepared, markdown, preview = await in_daemon_thread(
                build_export,
                material,
                self.template,
                current_language(),
                names,
                self.redact,
                self.ctx.today,
                self.template == "reflectieverslag"
                and self.query_one("#export-with-stats", Checkbox).value,
                self.template in GROUPED_TEMPLATES
                and self.query_one("#export-by-goal", Checkbox).value,
                self.ctx.zone,
            )
        except Exception as exc:  # nothing selected, a broken template: say it, keep going
            if request == self._wanted:
                self.prepared = None
                self.preview_markdown = ""
                self.query_one(PreviewPane).show("")
                self._show_check()
                self._say(str(exc), error=True)
            return
        if request != self._wanted:
            return  # the choices changed meanwhile; a newer preparation is on its way
        self.prepared = prepared
        self.prepared_with_names = names is not None
        self.preview_markdown = markdown
        self._shown = request
        self.query_one(PreviewPane).show(preview)
        self._show_check()
        self._say("")

    def _show_check(self) -> None:
        summary = self.query_one("#export-summary", Static)
        findings_list = self.query_one(FindingsList)
        self._label_button(
            "export-redact", "tui.export.unredact" if self.redact else "tui.export.redact"
        )
        prepared = self.prepared
        if prepared is None or not self.up_to_date:
            if prepared is None:
                summary.update(t("tui.export.preview_loading"))
                summary.set_classes("")
                findings_list.show([], current_language())
            return
        lang = current_language()
        partial = not self.prepared_with_names
        shown: list[Finding] = []
        if prepared.redacted and prepared.blocking:
            text, problem, shown = "tui.export.check.remaining", True, prepared.remaining
            count = len(prepared.remaining)
        elif prepared.redacted and prepared.findings:
            text, problem, count = "tui.export.check.redacted", False, len(prepared.findings)
        elif prepared.findings:
            text = "tui.export.check.found_partial" if partial else "tui.export.check.found"
            problem, shown, count = True, prepared.findings, len(prepared.findings)
        else:
            text = "tui.export.check.clean_partial" if partial else "tui.export.check.clean"
            problem, count = False, 0
        summary.update(Text(t(text, count=count)))
        summary.set_class(problem, "problem")
        summary.set_class(not problem and not partial, "clean")
        findings_list.show(shown, lang)

    def _say(self, message: str, *, error: bool = False) -> None:
        line = self.query_one("#export-status-line", Static)
        line.update(Text(message))
        line.set_class(error, "error")
        line.display = bool(message)

    # ---- choices --------------------------------------------------------------------------

    @on(Select.Changed, "#export-what")
    def what_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or event.value == self.what:
            return
        self.what = event.value
        self.query_one("#export-period").display = self.what == "period"
        self.reload()

    @on(Select.Changed, "#export-template")
    def template_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or event.value == self.template:
            return
        self.template = event.value
        self._show_report_options()
        self._update_path()
        material = self.material
        if self.template == "full" and (material is None or not self.material_with_revisions):
            self.reload()
        else:
            self.request_prepare()

    @on(Checkbox.Changed, "#export-with-stats")
    def with_stats_changed(self) -> None:
        self.request_prepare()

    @on(Checkbox.Changed, "#export-by-goal")
    def by_goal_changed(self, event: Checkbox.Changed) -> None:
        # The goals are read with the entries, only when asked for: read again.
        material = self.material
        if event.value and (material is None or material.goals is None):
            self.reload()
        else:
            self.request_prepare()

    def _show_report_options(self) -> None:
        grouped = self.template in GROUPED_TEMPLATES
        self.query_one("#export-stats-row").display = grouped
        self.query_one("#export-with-stats").display = self.template == "reflectieverslag"

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.fmt:
            self.fmt = event.value
            self._update_path()

    @on(Select.Changed, "#export-status")
    def status_changed(self) -> None:
        if self.what == "period":
            self.reload()

    @on(Input.Changed, "#export-from, #export-to")
    def period_typed(self) -> None:
        if self._period_timer is not None:
            self._period_timer.stop()
        self._period_timer = self.set_timer(PERIOD_DELAY, self.reload)

    def _update_path(self) -> None:
        """Follow the template and format, unless the user typed a name of their own."""
        field_ = self.query_one("#export-path", Input)
        new = self._default_path()
        current = field_.value
        if not current.strip() or current == self._auto_path:
            field_.value = new
        else:
            for suffix in SUFFIXES.values():
                if current.endswith(suffix):
                    field_.value = current[: -len(suffix)] + SUFFIXES[self.fmt]
                    break
        self._auto_path = new

    # ---- actions --------------------------------------------------------------------------

    def action_redact(self) -> None:
        self.redact = not self.redact
        self.request_prepare()

    def action_write(self) -> None:
        self.write(force=False)

    def action_write_anyway(self) -> None:
        self.write(force=True)

    def action_cancel(self) -> None:
        if not self.writing:
            self.dismiss(None)

    @on(Button.Pressed, "#export-write")
    def write_pressed(self) -> None:
        self.action_write()

    @on(Button.Pressed, "#export-redact")
    def redact_pressed(self) -> None:
        self.action_redact()

    @on(Button.Pressed, "#export-force")
    def force_pressed(self) -> None:
        self.action_write_anyway()

    @on(Button.Pressed, "#export-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @work(group="export-write", exclusive=True, description="export-write")
    async def write(self, force: bool) -> None:
        if self.writing:
            return
        prepared = self.prepared
        if self.names_state == "loading":
            self._say(t("tui.export.wait_names"), error=True)
            return
        if prepared is None or not self.up_to_date:
            self._say(t("tui.export.wait_preview"), error=True)
            return
        unchecked = self.names_state == "failed" or not self.prepared_with_names
        if unchecked and not force:
            self._say(t("tui.export.wait_names"), error=True)
            return
        blocking = prepared.blocking
        if blocking and not force:
            self._say(t("tui.export.refused", count=len(blocking)), error=True)
            return
        target = resolve_target(self.query_one("#export-path", Input).value, self.folder)
        if target is None:
            self._say(t("tui.export.no_path"), error=True)
            self.query_one("#export-path").focus()
            return
        if force and (blocking or unchecked):
            question = (
                t("tui.export.force_question", count=len(blocking))
                if blocking
                else t("tui.export.force_unchecked")
            )
            if not await self._ask(question, t("tui.export.force_yes")):
                return
        overwrite = False
        try:
            await asyncio.to_thread(self._check_target, target, overwrite=False)
        except TargetExists:
            question = t("tui.export.replace_question", path=safe(str(target)))
            if not await self._ask(question, t("tui.export.replace_yes")):
                return
            overwrite = True
        except ReflectError as exc:  # the journal's folder, a folder that is not there
            self._say(
                t("tui.export.failed", reason=safe(str(exc), keep_newlines=False)), error=True
            )
            return
        self.writing = True
        self._say(t("tui.export.writing", path=safe(str(target), keep_newlines=False)))
        try:
            written = await asyncio.to_thread(
                write_checked,
                prepared,
                self.fmt,
                target,
                self.ctx.journal_path,
                overwrite=overwrite,
                force=force,
                default_folder=default_export_folder(),
            )
        except IdentifiersFound:  # the core's own refusal; the checks above should prevent it
            self._say(t("tui.export.refused", count=len(blocking)), error=True)
            return
        except ReflectError as exc:  # ExportWriteFailed, or the journal's folder
            reason = safe(str(exc), keep_newlines=False)  # it can quote the typed path
            self._say(t("tui.export.failed", reason=reason), error=True)
            self.notify(t("tui.export.failed", reason=reason), severity="error", markup=False)
            return
        finally:
            self.writing = False
        # The next export starts from these choices, here and on the command line.
        self.ctx.settings = await asyncio.to_thread(
            remember_export, self.ctx.settings, self.template, self.fmt, written
        )
        shown = safe(str(written), keep_newlines=False)
        self.notify(t("tui.export.written", path=shown), markup=False, timeout=8)
        if self.is_current:  # (help may have been opened on top meanwhile)
            self.dismiss(None)
        else:
            self._say(t("tui.export.written", path=shown))

    async def _ask(self, question: str, yes: str) -> bool:
        answer = await self.app.push_screen_wait(ConfirmScreen(question, yes, t("tui.export.no")))
        return bool(answer)

    def _check_target(self, target: Path, *, overwrite: bool) -> None:
        """Runs on a worker thread: the export policy, as ``reflect export`` applies it."""
        check_target(
            target,
            self.ctx.journal_path,
            overwrite=overwrite,
            default_folder=default_export_folder(),
        )

    def _default_path(self) -> str:
        return str(self.folder / default_file_name(self.template, self.fmt, self.ctx.today))


def _date_hint() -> str:
    spec = BY_NAME["follow_up"]
    return spec.hint.text(current_language()) if spec.hint else ""
