"""One entry: the full form, or a method's steps one after another, and the article picker.

The screen keeps a working copy of the entry (``draft``) that every keystroke updates, so
switching between the form and the steps, changing language or failing to save never loses
typed text. Saving (ctrl+s, and on leaving) goes through the gate; a failed save keeps the
text, says what happened, and marks the entry as not saved.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from reflect.errors import ReflectError, SaveFailed
from reflect.i18n import current_language, t
from reflect.model import Entry, Option, Stakeholder, Status, parse_date
from reflect.vault.journal import Journal
from reflect.widgets.article_picker import ArticlePicker
from reflect.widgets.field_area import FieldArea
from reflect.widgets.footer import TranslatedFooter
from reflect.widgets.pair_list import PairList
from reflect.widgets.safe_text import safe

if TYPE_CHECKING:
    from reflect.app import ReflectApp

SUGGEST_DELAY = 0.3
SINGLE_LINE = frozenset({"title", "case_code"})
FORM_FIELDS = (
    "situation",
    "dilemma",
    "options",
    "stakeholders",
    "decision",
    "rationale",
    "damage_limitation",
    "feelings",
)


def write_entry(journal: Journal, entry: Entry, is_new: bool) -> Entry:
    """Runs in the gate. After a failed save the change is in memory already, so a retry
    writes the whole journal again; an entry the journal holds already is updated, never
    added twice (a save that was interrupted before the screen heard back)."""
    stored = journal.add(entry) if is_new and not journal.has(entry.id) else None
    if stored is None:
        stored = journal.update(entry)
    if journal.unsaved:
        journal.save()
    return stored


def has_content(entry: Entry) -> bool:
    return bool(entry.searchable_text().strip() or entry.follow_up or entry.method)


class EntryScreen(Screen[None]):
    SCOPE = "entry"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "tui.key.save", id="save", priority=True),
        Binding("escape", "close_entry", "tui.key.close", id="close-entry"),
        Binding("ctrl+r", "revisions", "tui.key.revisions", id="revisions"),
        Binding("ctrl+e", "export", "tui.key.export", id="export-entry", show=False, priority=True),
        Binding("ctrl+down", "next_step", "tui.key.next_step", id="next-step", show=False),
        Binding(
            "ctrl+up", "previous_step", "tui.key.previous_step", id="previous-step", show=False
        ),
        Binding("ctrl+f", "full_form", "tui.key.full_form", id="full-form", show=False),
        Binding("ctrl+t", "articles_pane", "tui.key.articles_pane", id="articles-pane"),
    ]

    def __init__(self, entry: Entry, *, is_new: bool) -> None:
        super().__init__()
        self.draft = copy.deepcopy(entry)
        self.is_new = is_new
        self.changes = 0  # bumped on every edit; a save clears "dirty" only if none came since
        self.saved_changes = 0
        self.save_error: str | None = None
        self.follow_up_text = entry.follow_up.isoformat() if entry.follow_up else ""
        self.mode = "steps" if entry.method else "form"
        self.step_index = 0
        self._setters: dict[Widget, Callable[[str], None]] = {}
        self._suggest_timer: Timer | None = None
        self._saving = False
        # One save of this entry at a time: a second ctrl+s, leaving or locking waits for the
        # save that is running, then finds nothing left to do (or saves what came since).
        self._save_lock = asyncio.Lock()

    @property
    def reflect_app(self) -> ReflectApp:
        return self.app  # type: ignore[return-value]

    @property
    def dirty(self) -> bool:
        return self.changes != self.saved_changes

    @property
    def method(self) -> Any:
        catalog = self.reflect_app.catalog
        if catalog is None or not self.draft.method:
            return None
        return getattr(catalog, "methods", {}).get(self.draft.method)

    # ---- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="entry-body"):
            with Vertical(id="entry-main"):
                yield Static("", id="entry-heading", classes="pane-title")
                yield VerticalScroll(id="entry-content")
            yield ArticlePicker(self.draft.articles, id="article-picker")
        yield Static("", id="entry-status", classes="status-line")
        yield TranslatedFooter()

    async def on_mount(self) -> None:
        await self._rebuild()
        self._update_status()
        self._schedule_suggestions()

    def catalog_ready(self) -> None:
        self.relabel()
        self._schedule_suggestions()

    def relabel(self) -> None:
        self.run_worker(self._rebuild(), group="entry-rebuild", exclusive=True)
        self.query_one(ArticlePicker).relabel()
        self._update_status()

    async def _rebuild(self) -> None:
        content = self.query_one("#entry-content", VerticalScroll)
        await content.remove_children()
        self._setters.clear()
        widgets = list(
            self._steps_widgets() if self.mode == "steps" and self.method else self._form_widgets()
        )
        await content.mount_all(widgets)
        self._update_heading()
        first = next((w for w in widgets if w.focusable), None)
        if first is not None and not isinstance(self.focused, Input | TextArea):
            first.focus()
        content.scroll_home(animate=False)

    def _update_heading(self) -> None:
        method = self.method
        if self.mode == "steps" and method is not None:
            total = len(method.steps)
            heading = t(
                "tui.entry.step_heading",
                method=method.name.text(current_language()),
                n=self.step_index + 1,
                total=total,
            )
        else:
            heading = t("tui.entry.new") if self.is_new else t("tui.entry.edit")
        self.query_one("#entry-heading", Static).update(Text(heading))

    def _bind(self, widget: Widget, setter: Callable[[str], None]) -> Widget:
        self._setters[widget] = setter
        return widget

    def _text_widget(self, name: str, *, height_class: str = "") -> Widget:
        value = str(getattr(self.draft, name))
        placeholder = t(f"tui.entry.{name}.placeholder")

        def setter(text: str) -> None:
            setattr(self.draft, name, text)

        if name in SINGLE_LINE:
            widget: Widget = Input(value, placeholder=placeholder, id=f"f-{name}", compact=True)
        else:
            widget = FieldArea(
                value,
                placeholder=placeholder,
                id=f"f-{name}",
                soft_wrap=True,
                classes=f"field {height_class}".strip(),
            )
        return self._bind(widget, setter)

    def _method_select(self) -> Select[str]:
        catalog = self.reflect_app.catalog
        methods = getattr(catalog, "methods", {}) if catalog is not None else {}
        choices = [(m.name.text(current_language()), m.id) for m in methods.values()]
        value = self.draft.method if self.draft.method in methods else Select.NULL
        return Select(
            choices,
            prompt=t("tui.entry.method.none"),
            value=value,
            id="method-select",
            compact=True,
        )

    def _form_widgets(self) -> list[Widget]:
        widgets: list[Widget] = []
        widgets += [Label(t("tui.entry.title.label")), self._text_widget("title")]
        widgets += [Label(t("tui.entry.case_code.label")), self._text_widget("case_code")]
        widgets += [Label(t("tui.entry.method.label")), self._method_select()]
        for name in FORM_FIELDS:
            widgets.append(Label(t(f"tui.entry.{name}.label")))
            if name in ("options", "stakeholders"):
                widgets.append(self._pair_widget(name))
            else:
                widgets.append(self._text_widget(name))
        widgets.append(Label(t("tui.entry.status.label")))
        widgets.append(
            Select(
                [(t(f"tui.status.{s.value}"), s.value) for s in Status],
                value=self.draft.status.value,
                allow_blank=False,
                id="status-select",
                compact=True,
            )
        )
        widgets.append(Label(t("tui.entry.follow_up.label")))
        widgets.append(
            Input(
                self.follow_up_text,
                placeholder=t("tui.entry.follow_up.placeholder"),
                id="f-follow_up",
                compact=True,
            )
        )
        return widgets

    def _pair_widget(self, name: str) -> PairList:
        if name == "options":
            pairs = [(o.description, o.harm) for o in self.draft.options]
        else:
            pairs = [(s.who, s.values) for s in self.draft.stakeholders]
        return PairList(name, pairs, id=f"f-{name}")

    def _steps_widgets(self) -> list[Widget]:
        method = self.method
        assert method is not None
        lang = current_language()
        self.step_index = max(0, min(self.step_index, len(method.steps) - 1))
        step = method.steps[self.step_index]
        widgets: list[Widget] = [Label(t("tui.entry.method.label")), self._method_select()]
        widgets.append(Static(Text(step.title.text(lang)), classes="step-title"))
        widgets.append(Static(Text(step.prompt.text(lang)), classes="step-prompt"))
        if step.help.text(lang):
            widgets.append(Static(Text(step.help.text(lang)), classes="step-help muted"))
        fills = step.fills
        if fills in ("options", "stakeholders"):
            widgets.append(self._pair_widget(fills))
        elif fills and fills != "articles" and hasattr(self.draft, fills):
            widgets.append(self._text_widget(fills, height_class="tall"))
        else:
            if fills == "articles":
                widgets.append(Static(t("tui.entry.step_articles_hint"), classes="muted"))
            step_id = step.id

            def setter(text: str) -> None:
                if text:
                    self.draft.method_answers[step_id] = text
                else:
                    self.draft.method_answers.pop(step_id, None)

            answer = FieldArea(
                self.draft.method_answers.get(step_id, ""),
                placeholder=t("tui.entry.answer"),
                soft_wrap=True,
                classes="field tall",
                id="step-answer",
            )
            widgets.append(self._bind(answer, setter))
        buttons = Horizontal(
            Button(
                t("tui.entry.previous"),
                id="step-previous",
                disabled=self.step_index == 0,
                compact=True,
            ),
            Button(
                t("tui.entry.next"),
                id="step-next",
                variant="primary",
                disabled=self.step_index >= len(method.steps) - 1,
                compact=True,
            ),
            Button(t("tui.entry.full_form"), id="step-form", compact=True),
            classes="step-buttons",
        )
        widgets.append(buttons)
        return widgets

    # ---- edits ----------------------------------------------------------------------------

    def _changed(self) -> None:
        self.changes += 1
        self._update_status()
        self._schedule_suggestions()

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        widget = event.input
        if widget.id == "f-follow_up":
            if event.value != self.follow_up_text:
                self.follow_up_text = event.value
                self._changed()
            return
        setter = self._setters.get(widget)
        if (
            setter is not None
            and str(getattr(self.draft, (widget.id or "f-")[2:], None)) != event.value
        ):
            setter(event.value)
            self._changed()

    @on(TextArea.Changed)
    def text_area_changed(self, event: TextArea.Changed) -> None:
        setter = self._setters.get(event.text_area)
        if setter is not None:
            setter(event.text_area.text)
            self._changed()

    @on(PairList.Changed)
    def pairs_changed(self, event: PairList.Changed) -> None:
        if event.pair_list.kind == "options":
            self.draft.options = [Option(a, b) for a, b in event.pairs]
        else:
            self.draft.stakeholders = [Stakeholder(a, b) for a, b in event.pairs]
        self._changed()

    @on(ArticlePicker.Changed)
    def articles_changed(self, event: ArticlePicker.Changed) -> None:
        self.draft.articles = event.articles
        self._changed()

    @on(ArticlePicker.FrameworkChosen)
    def framework_chosen(self, event: ArticlePicker.FrameworkChosen) -> None:
        from reflect.screens.framework import FrameworkScreen

        catalog = self.reflect_app.catalog
        framework = getattr(catalog, "frameworks", {}).get(event.framework_id) if catalog else None
        if framework is not None:
            self.app.push_screen(FrameworkScreen(framework))

    @on(Select.Changed, "#status-select")
    def status_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.draft.status.value:
            self.draft.status = Status(event.value)
            self._changed()

    @on(Select.Changed, "#method-select")
    async def method_changed(self, event: Select.Changed) -> None:
        chosen = event.value if isinstance(event.value, str) else None
        if chosen == self.draft.method:
            return
        self.draft.method = chosen
        self._changed()
        self.mode = "steps" if chosen else "form"
        self.step_index = 0
        await self._rebuild()

    def _schedule_suggestions(self) -> None:
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
        self._suggest_timer = self.set_timer(SUGGEST_DELAY, self._suggest_now)

    def _suggest_now(self) -> None:
        self.query_one(ArticlePicker).text_changed(self.draft.searchable_text())

    # ---- steps ----------------------------------------------------------------------------

    async def action_next_step(self) -> None:
        method = self.method
        if self.mode == "steps" and method is not None and self.step_index < len(method.steps) - 1:
            self.step_index += 1
            await self._rebuild()

    async def action_previous_step(self) -> None:
        if self.mode == "steps" and self.step_index > 0:
            self.step_index -= 1
            await self._rebuild()

    async def action_full_form(self) -> None:
        if self.mode == "steps":
            self.mode = "form"
        elif self.method is not None:
            self.mode = "steps"
        await self._rebuild()

    @on(Button.Pressed, "#step-next")
    async def next_pressed(self) -> None:
        await self.action_next_step()

    @on(Button.Pressed, "#step-previous")
    async def previous_pressed(self) -> None:
        await self.action_previous_step()

    @on(Button.Pressed, "#step-form")
    async def form_pressed(self) -> None:
        await self.action_full_form()

    def action_articles_pane(self) -> None:
        picker = self.query_one(ArticlePicker)
        picker.display = not picker.display
        if picker.display:
            self.query_one("#article-search").focus()

    # ---- saving ---------------------------------------------------------------------------

    def _update_status(self) -> None:
        status = self.query_one("#entry-status", Static)
        if self.save_error:
            status.update(Text("✗ " + t("tui.entry.save_failed", reason=safe(self.save_error))))
            status.set_class(True, "error")
            return
        status.set_class(False, "error")
        if self._saving:
            status.update(t("tui.entry.saving"))
        elif self.dirty:
            status.update(t("tui.entry.unsaved"))
        elif not self.is_new:
            status.update(
                t("tui.entry.saved", time=self.draft.updated.astimezone().strftime("%H:%M"))
            )
        else:
            status.update("")

    def action_save(self) -> None:
        self.run_worker(self.save_now(), group="entry-save")

    async def save_now(self) -> bool:
        """Save the draft; True when it reached the disk (or there was nothing to save)."""
        async with self._save_lock:
            return await self._save()

    async def _save(self) -> bool:
        journal = self.reflect_app.journal
        if journal is None:
            return False
        if not self.dirty and not self.save_error:
            return True
        if self.is_new and not has_content(self.draft):
            self.saved_changes = self.changes
            return True
        try:
            self.draft.follow_up = parse_date(self.follow_up_text)
        except ReflectError:
            self.notify(
                t("tui.entry.bad_date", value=safe(self.follow_up_text)), severity="warning"
            )
        snapshot, at_change = copy.deepcopy(self.draft), self.changes
        self._saving = True
        self._update_status()
        try:
            stored = await self.reflect_app.gate.run(write_entry, journal, snapshot, self.is_new)
        except ReflectError as exc:
            if self.is_new and isinstance(exc, SaveFailed):
                self.is_new = False  # the entry is in the journal's memory; retries update it
            self.save_error = str(exc)
            self._saving = False
            self._update_status()
            self.notify(
                t("tui.entry.save_failed", reason=safe(str(exc))), severity="error", timeout=10
            )
            return False
        except asyncio.CancelledError:  # the save goes on in the gate; write_entry copes
            self._saving = False
            raise
        self.is_new = False
        self.draft.created, self.draft.updated = stored.created, stored.updated
        self.save_error = None
        self.saved_changes = at_change
        self._saving = False
        self._update_status()
        self._update_heading()
        return True

    async def discard_unsaved(self) -> bool:
        """Throw away what a failed save left in the journal's memory, so a later save (of
        any entry, or on quit) does not write it after all. False when that failed."""
        journal = self.reflect_app.journal
        if journal is None:
            return True
        async with self._save_lock:
            try:
                await self.reflect_app.gate.run(journal.revert_unsaved)
            except ReflectError as exc:
                self.notify(
                    t("tui.entry.discard_failed", reason=safe(str(exc))),
                    severity="error",
                    timeout=10,
                )
                return False
        return True

    def action_close_entry(self) -> None:
        self.close_entry()

    @work(group="entry-close", exclusive=True, description="entry-close")
    async def close_entry(self) -> None:
        if await self.save_now():
            self.dismiss()
            return
        from reflect.screens.confirm import ConfirmScreen

        if (
            await self.app.push_screen_wait(ConfirmScreen(t("tui.entry.discard_question")))
            and await self.discard_unsaved()
        ):
            self.dismiss()

    # ---- export ---------------------------------------------------------------------------

    @work(group="entry-export", exclusive=True, description="entry-export")
    async def action_export(self) -> None:
        """Save first, so the export holds what is on screen; then export this entry."""
        from reflect.screens.export import ExportScreen

        if not await self.save_now():
            return  # save_now said why; the text stays here
        if self.is_new:
            self.notify(t("tui.export.save_first"))
            return
        await self.app.push_screen(
            ExportScreen(entry_id=self.draft.id, entry_title=self.draft.title)
        )

    # ---- history --------------------------------------------------------------------------

    @work(group="entry-revisions", exclusive=True, description="entry-revisions")
    async def action_revisions(self) -> None:
        from reflect.screens.revisions import RevisionsScreen

        journal = self.reflect_app.journal
        if journal is None or self.is_new:
            self.notify(t("tui.revisions.none"))
            return
        try:
            revisions = await self.reflect_app.gate.run(journal.revisions, self.draft.id)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        await self.app.push_screen(RevisionsScreen(copy.deepcopy(self.draft), revisions))


def now_label(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
