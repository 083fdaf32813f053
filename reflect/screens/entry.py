"""One entry: the full form, or a method's steps one after another, and the article picker.

The form is generated from the field table (:mod:`reflect.fields`), so every field of the
model is in it. The screen keeps a working copy of the entry (``draft``) that every
keystroke updates, so switching between the form and the steps, changing language or
failing to save never loses typed text. Saving goes through the gate (off the UI thread):
on ctrl+s, on leaving, and by itself a few seconds after the last keystroke. The first save
of a visit keeps the version it replaces as a revision; later ones (autosaves) do not, so
the history shows one version per editing session. A failed save keeps the text, says
what happened, and marks the entry as not saved.
"""

from __future__ import annotations

import asyncio
import copy
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static, TextArea

from reflect.catalog.schema import Method
from reflect.errors import ReflectError, SaveFailed
from reflect.fields import BY_NAME, FIELDS, Kind
from reflect.i18n import current_language, t
from reflect.model import Entry, Option, Stakeholder, Status
from reflect.operations.clock import moment_in, user_zone
from reflect.operations.entries import Unsaved, has_content, save_entry
from reflect.operations.links import links_lines, links_of
from reflect.operations.revisions import restored
from reflect.operations.values import date_value
from reflect.sanitize import clean_input
from reflect.screens.earlier import EarlierScreen
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.widgets.article_picker import ArticlePicker, current_index, learning_for
from reflect.widgets.entry_form import EntryLayout, articles_text, date_text, typing_point
from reflect.widgets.pair_list import PairList
from reflect.widgets.safe_text import safe
from reflect.widgets.similar_pane import SimilarPane

SUGGEST_DELAY = 0.3
AUTOSAVE_DELAY = 3.0  # seconds after the last keystroke


class EntryScreen(ReflectScreen[None]):
    SCOPE = "entry"
    AUTOFOCUS = None  # on_mount puts the cursor where typing goes on (a field, a step)
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("entry")

    def __init__(
        self, ctx: AppContext, entry: Entry, *, is_new: bool, place: str | None = None
    ) -> None:
        super().__init__(ctx)
        self.draft = copy.deepcopy(entry)
        self.is_new = is_new
        self.changes = 0  # bumped on every edit; a save clears "dirty" only if none came since
        self.saved_changes = 0
        self.save_error: str | None = None
        # Dates as typed: a half-typed date is not an error until it is saved.
        self.date_texts = {
            spec.name: date_text(entry, spec.name) for spec in FIELDS if spec.kind is Kind.DATE
        }
        self.mode = "steps" if entry.method else "form"
        self.step_index = 0
        self.place = place  # the method step to resume at (where the entry was left)
        self._stored_place = place  # the step the journal has it left at
        self._editors: dict[Widget, str] = {}  # editor widget -> field name or "answer:<step>"
        self._suggest_timer: Timer | None = None
        self._autosave_timer: Timer | None = None
        self._saving = False
        self._keep_revision = True  # the first save of this visit keeps the old version
        # One save of this entry at a time: a second ctrl+s, leaving or locking waits for the
        # save that is running, then finds nothing left to do (or saves what came since).
        self._save_lock = asyncio.Lock()
        self._layout_lock = asyncio.Lock()
        self._built_with_catalog = False
        self._built_steps = False  # the content shows a method's step (else the full form)

    @property
    def dirty(self) -> bool:
        return self.changes != self.saved_changes

    @property
    def method(self) -> Method | None:
        return self.ctx.method(self.draft.method)

    # ---- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="entry-body"):
            with Vertical(id="entry-main"):
                yield Static("", id="entry-heading", classes="pane-title")
                yield self._links_line()
                # Built here, not after mounting: keys typed right after ctrl+n find the
                # fields already there.
                self._resume_step()
                self._built_with_catalog = self.ctx.catalog is not None
                content = VerticalScroll(*self._content_widgets(), id="entry-content")
                content.can_focus = False  # the fields take the cursor, not their scroller
                yield content
            yield ArticlePicker(
                self.draft.articles,
                lambda: self.ctx.catalog,
                learning=lambda: current_index(self.ctx),
                entry_id=lambda: self.draft.id,
                id="article-picker",
            )
            yield SimilarPane(self.ctx, lambda: self.draft.id, id="similar-pane")
        yield Static("", id="entry-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self._update_heading()
        self._focus(None)
        self._update_status()
        self._schedule_suggestions()
        if not self._built_with_catalog and self.ctx.catalog is not None:
            self.catalog_ready()  # it arrived between building and mounting
        self.run_worker(self._learn(), group="entry-learning", description="entry-learning")
        self.run_worker(self._show_links(), group="entry-links", description="entry-links")

    @staticmethod
    def _links_line() -> Static:
        line = Static("", id="entry-links")
        line.display = False  # shown once the entry turns out to have links
        return line

    async def _show_links(self) -> None:
        """The meetings this entry was brought to and its learning goals, read-only
        (reflect.operations.links, the lines `reflect show` prints)."""
        journal = self.ctx.journal
        if journal is None:
            return
        found = await self.ctx.gate.run(links_of, journal, self.draft.id)
        line = self.query_one("#entry-links", Static)
        line.update(Text(safe(" · ".join(links_lines(found))), style="dim"))
        line.display = bool(found)

    async def _learn(self) -> None:
        """Build (or bring up to date) the journal's similarity index in the background;
        once it changed, the suggestions are worked out again with it."""
        learning = learning_for(self.ctx)
        if learning is not None and await learning.refresh(self.ctx):
            for picker in self.query(ArticlePicker):
                picker.refresh_suggestions()
        for pane in self.query(SimilarPane):  # it may be waiting for the index
            pane.refresh_results()

    def catalog_ready(self) -> None:
        """The methods are known now. Only an entry whose method's steps could not be shown
        is laid out again; otherwise the method choice just gets its options, and the fields
        the user may be typing into stay where they are (a rebuild would swap them under
        the keys arriving)."""
        self._resume_step()
        if self._in_steps != self._built_steps or self._answers_missing:
            self.relabel()
        else:
            self._offer_methods()
        self._schedule_suggestions()

    @property
    def _answers_missing(self) -> bool:
        """The full form of an entry with a method lacks its answer fields until the
        catalogue says which steps have them."""
        return not self._built_steps and self.draft.method is not None

    def _offer_methods(self) -> None:
        catalog = self.ctx.catalog
        fresh = EntryLayout(self.draft, self.date_texts, catalog.methods if catalog else {})
        for select in self.query("#f-method").results(Select):
            select.set_options(fresh.method_choices())

    def relabel(self) -> None:
        self.run_worker(self._rebuild(), group="entry-rebuild")
        self.query_one(ArticlePicker).relabel()
        self.query_one(SimilarPane).relabel()
        self.run_worker(self._show_links(), group="entry-links", description="entry-links")
        self._update_status()

    def _resume_step(self) -> None:
        method = self.method
        if method is not None and self.place:
            index = next((i for i, s in enumerate(method.steps) if s.id == self.place), None)
            if index is not None:
                self.step_index = index
                self.place = None

    async def _rebuild(self, focus: str | None = None) -> None:
        """Lay out the form or the current step; then put the cursor where typing goes on:
        the step's answer, the field ``focus`` names, or the first field."""
        # One at a time: a language switch and the catalogue arriving can ask at once, and
        # a rebuild cut off half-way would leave two copies of the fields.
        async with self._layout_lock:
            content = self.query_one("#entry-content", VerticalScroll)
            await content.remove_children()
            await content.mount_all(self._content_widgets())
            self._update_heading()
            self._focus(focus)

    def _content_widgets(self) -> list[Widget]:
        catalog = self.ctx.catalog
        layout = EntryLayout(self.draft, self.date_texts, catalog.methods if catalog else {})
        method = self.method
        self._built_steps = self._in_steps and method is not None
        if self._built_steps and method is not None:
            self.step_index = max(0, min(self.step_index, len(method.steps) - 1))
            widgets = layout.step(method, self.step_index)
        else:
            widgets = layout.form()
        self._editors = layout.editors
        return widgets

    @property
    def _in_steps(self) -> bool:
        return self.mode == "steps" and self.method is not None

    def _focus(self, name: str | None) -> None:
        content = self.query_one("#entry-content", VerticalScroll)
        field = self._focus_target(name)
        if field is None:
            content.scroll_home(animate=False)
            return
        target = typing_point(field)
        # At once, not queued like Widget.focus: the next key typed must find it here.
        self.set_focus(target, scroll_visible=False)
        if field is next(iter(self._editors)):  # the first field: its label stays in view
            self.call_after_refresh(content.scroll_home, animate=False)
        else:
            self.call_after_refresh(target.scroll_visible, animate=False)

    def _focus_target(self, name: str | None) -> Widget | None:
        editors = list(self._editors)
        if self._in_steps:
            return editors[0] if editors else None
        wanted = next((w for w, n in self._editors.items() if n == name), None)
        return wanted or (editors[0] if editors else None)

    def _update_heading(self) -> None:
        method = self.method
        if self.mode == "steps" and method is not None:
            heading = t(
                "tui.entry.step_heading",
                method=method.name.text(current_language()),
                n=self.step_index + 1,
                total=len(method.steps),
            )
        else:
            heading = t("tui.entry.new") if self.is_new else t("tui.entry.edit")
        self.query_one("#entry-heading", Static).update(Text(heading))

    # ---- edits ----------------------------------------------------------------------------

    def _changed(self) -> None:
        self.changes += 1
        self._update_status()
        self._schedule_suggestions()
        self._schedule_autosave()

    def _set_text(self, name: str, value: str) -> None:
        """Store typed text in the draft; returns nothing, marks a change if it was one."""
        if name.startswith("answer:"):
            step_id = name.split(":", 1)[1]
            cleaned = clean_input(value)
            if cleaned.strip():
                changed = self.draft.method_answers.get(step_id) != cleaned
                self.draft.method_answers[step_id] = cleaned
            else:
                changed = self.draft.method_answers.pop(step_id, None) is not None
        else:
            spec = BY_NAME[name]
            cleaned = clean_input(value, multiline=spec.kind is Kind.TEXT)
            changed = getattr(self.draft, name) != cleaned
            setattr(self.draft, name, cleaned)
        if changed:
            self._changed()

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        name = self._editors.get(event.input)
        if name is None:
            return
        if BY_NAME[name].kind is Kind.DATE:
            if event.value != self.date_texts[name]:
                self.date_texts[name] = event.value
                self._changed()
            return
        self._set_text(name, event.value)

    @on(TextArea.Changed)
    def text_area_changed(self, event: TextArea.Changed) -> None:
        name = self._editors.get(event.text_area)
        if name is not None:
            self._set_text(name, event.text_area.text)

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
        for summary in self.query("#f-articles").results(Static):
            summary.update(articles_text(self.draft))
        self._changed()

    @on(ArticlePicker.FrameworkChosen)
    def framework_chosen(self, event: ArticlePicker.FrameworkChosen) -> None:
        from reflect.screens.framework import FrameworkScreen

        catalog = self.ctx.catalog
        framework = catalog.frameworks.get(event.framework_id) if catalog else None
        if framework is not None:
            self.app.push_screen(FrameworkScreen(framework))

    @on(Select.Changed, "#f-status")
    def status_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.draft.status.value:
            self.draft.status = Status(event.value)
            self._changed()

    @on(Select.Changed, "#f-method")
    async def method_changed(self, event: Select.Changed) -> None:
        chosen = event.value if isinstance(event.value, str) else None
        if chosen == self.draft.method:
            return
        self.draft.method = chosen
        self._changed()
        self.mode = "steps" if chosen else "form"
        self.step_index = 0
        await self._rebuild(focus="method")

    def _schedule_suggestions(self) -> None:
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
        self._suggest_timer = self.set_timer(SUGGEST_DELAY, self._suggest_now)

    def _suggest_now(self) -> None:
        text = self.draft.searchable_text()  # once per pause in typing, for both panes
        self.query_one(ArticlePicker).text_changed(text)
        tagged = [(a.code, a.number) for a in self.draft.articles]
        self.query_one(SimilarPane).text_changed(text, tagged)

    def _schedule_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)

    def _autosave(self) -> None:
        if self.dirty and not self.save_error:
            self.run_worker(self.save_now(), group="entry-save", description="entry-autosave")

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
        method = self.method
        focus = None
        if self.mode == "steps":
            self.mode = "form"
            if method is not None:  # keep the cursor on what the step was about
                step = method.steps[self.step_index]
                focus = step.fills if step.fills in BY_NAME else f"answer:{step.id}"
        elif method is not None:
            self.mode = "steps"
        await self._rebuild(focus=focus)

    @on(Button.Pressed, "#step-next")
    async def next_pressed(self) -> None:
        await self.action_next_step()

    @on(Button.Pressed, "#step-previous")
    async def previous_pressed(self) -> None:
        await self.action_previous_step()

    @on(Button.Pressed, "#step-form")
    async def form_pressed(self) -> None:
        await self.action_full_form()

    @on(SimilarPane.Opened)
    def show_earlier(self, event: SimilarPane.Opened) -> None:
        """An earlier entry whole, read-only; back to the writing when it closes."""
        pane = self.query_one(SimilarPane)
        self.app.push_screen(EarlierScreen(event.earlier), callback=lambda _: pane.to_writing())

    def action_similar_pane(self) -> None:
        """To the earlier similar entries (in the articles pane's place), and back."""
        self.query_one(SimilarPane).toggle()

    def action_articles_pane(self) -> None:
        """To the pane's search (showing it if hidden); from inside the pane, hide it and go
        back to the entry: one key to go there and back."""
        picker = self.query_one(ArticlePicker)
        focused = self.focused
        inside = focused is not None and picker in focused.ancestors_with_self
        if picker.display and inside:
            picker.display = False
            editors = list(self._editors)
            if editors:
                self.set_focus(editors[0])
        else:
            picker.display = True
            self.query_one(SimilarPane).display = False  # one pane beside the entry at a time
            self.set_focus(self.query_one("#article-search"))

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
        elif not self.is_new:  # the time on the user's clock (the zone of the settings)
            saved = moment_in(self.draft.updated, user_zone(self.ctx.settings.time_zone))
            status.update(t("tui.entry.saved", time=saved.strftime("%H:%M")))
        else:
            status.update("")

    def _current_place(self) -> str | None:
        method = self.method
        if self.mode == "steps" and method is not None and method.steps:
            return method.steps[min(self.step_index, len(method.steps) - 1)].id
        return None

    def _apply_dates(self) -> None:
        """Typed dates into the draft through the same parser as the command line; a date
        that does not parse is said once and the stored one kept."""
        for name, text in self.date_texts.items():
            try:
                setattr(self.draft, name, date_value(BY_NAME[name], text))
            except ReflectError:
                self.notify(t("tui.entry.bad_date", value=safe(text)), severity="warning")

    def exit_snapshot(self) -> Unsaved | None:
        """The draft to save when the app is ended (signal, crash); None if nothing is owed."""
        if not (self.dirty or self.save_error) or (self.is_new and not has_content(self.draft)):
            return None
        self._apply_dates()
        return Unsaved(
            copy.deepcopy(self.draft), self.is_new, self._keep_revision, self._current_place()
        )

    def action_save(self) -> None:
        self.run_worker(self.save_now(), group="entry-save")

    async def save_now(self) -> bool:
        """Save the draft; True when it reached the disk (or there was nothing to save)."""
        async with self._save_lock:
            return await self._save()

    async def _save(self) -> bool:
        journal = self.ctx.journal
        if journal is None:
            return False
        # Moving to another step is worth a save too, so the entry reopens where it was left.
        place = self._current_place()
        moved = place is not None and place != self._stored_place
        owed = self.dirty or bool(self.save_error)
        if not owed and not moved:
            return True
        if self.is_new and not has_content(self.draft):
            self.saved_changes = self.changes
            return True
        self._apply_dates()
        snapshot, at_change = copy.deepcopy(self.draft), self.changes
        self._saving = True
        self._update_status()
        try:
            stored = await self.ctx.gate.run(
                save_entry,
                journal,
                snapshot,
                is_new=self.is_new,
                keep_revision=self._keep_revision,
                place=place,
            )
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
        except asyncio.CancelledError:  # the save goes on in the gate; save_entry copes
            self._saving = False
            raise
        self.is_new = False
        learning = learning_for(self.ctx)
        if owed and learning is not None:  # later suggestions learn from what was just tagged
            self.run_worker(learning.saved(stored), group="entry-learned")
        if owed:  # not after saving only the step: no version was replaced then
            self._keep_revision = False
        self._stored_place = place
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
        journal = self.ctx.journal
        if journal is None:
            return True
        async with self._save_lock:
            try:
                await self.ctx.gate.run(journal.revert_unsaved)
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
            ExportScreen(self.ctx, entry_id=self.draft.id, entry_title=self.draft.title)
        )

    # ---- history --------------------------------------------------------------------------

    @work(group="entry-revisions", exclusive=True, description="entry-revisions")
    async def action_revisions(self) -> None:
        from reflect.screens.revisions import RevisionsScreen

        journal = self.ctx.journal
        if journal is None or self.is_new:
            self.notify(t("tui.revisions.none"))
            return
        try:
            revisions = await self.ctx.gate.run(journal.revisions, self.draft.id)
        except ReflectError as exc:
            self.notify(safe(str(exc)), severity="error")
            return
        # A callback, not push_screen_wait: this worker ends now, and nothing waits on a
        # screen the user may keep open for long.
        await self.app.push_screen(
            RevisionsScreen(copy.deepcopy(self.draft), revisions), callback=self._chosen_version
        )

    def _chosen_version(self, version: Entry | None) -> None:
        if version is not None:
            self.run_worker(self.restore(version), group="entry-restore", exclusive=True)

    async def restore(self, version: Entry) -> None:
        """Put an earlier version back; the text it replaces is kept as a revision."""
        self.draft = restored(self.draft, version)
        self.date_texts = {name: date_text(self.draft, name) for name in self.date_texts}
        self._keep_revision = True
        self.query_one(ArticlePicker).set_tagged(self.draft.articles)
        self._changed()
        await self._rebuild()
        if await self.save_now():
            self.notify(t("tui.revisions.restored"))
