"""Evaluating an entry: what happened afterwards, what I would do again, what I learned.

Opened from the journal list (the entry under the cursor) when its follow-up comes due. The
three answers are the entry's own fields (:mod:`reflect.fields`), so what was written
before is shown again; an optional date to look again, and a box to start the next cycle.
ctrl+s stores it all through :func:`reflect.operations.evaluation.evaluate` (the rules live
there, the same as for ``reflect evaluate``) and answers with what was stored; the journal
then opens the next cycle, if one was started, in the entry screen.

Typed text is never lost: escape asks before dropping it; a lock or quit saves the answers
into the entry (its status and follow-up unchanged, so it is still due next time and the
answers are back here); a crash or a signal saves them the same way (:meth:`exit_snapshot`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Label, Static

from reflect.errors import ReflectError, SaveFailed
from reflect.fields import BY_NAME
from reflect.i18n import current_language, t
from reflect.model import Entry, new_entry_id
from reflect.operations.entries import Unsaved, save_entry
from reflect.operations.evaluation import ANSWERS, Evaluated, evaluate
from reflect.operations.values import date_value
from reflect.sanitize import clean_input
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.widgets.field_area import FieldArea
from reflect.widgets.safe_text import InertInput, safe_text


class EvaluateScreen(ReflectScreen[Evaluated | None]):
    """Dismissed with what :func:`evaluate` stored, or None when closed without it."""

    SCOPE = "evaluate"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("evaluate")
    DEFAULT_CSS = """
    EvaluateScreen #evaluate-decision { height: auto; max-height: 3; color: $text-muted; }
    EvaluateScreen #evaluate-content { height: 1fr; }
    EvaluateScreen #evaluate-content Label { margin-top: 1; text-style: bold; }
    EvaluateScreen FieldArea { height: 5; }
    EvaluateScreen.-narrow FieldArea { height: 3; }
    EvaluateScreen.-narrow #evaluate-content Label { margin-top: 0; }
    EvaluateScreen #evaluate-next-date { width: 24; }
    EvaluateScreen #evaluate-start-next { margin-top: 1; }
    """

    def __init__(self, ctx: AppContext, entry: Entry) -> None:
        super().__init__(ctx)
        self.entry = entry
        # Picked once: a retry after a failed save stores this same next cycle again.
        self.next_id = new_entry_id()
        self.saved_answers = self._stored_answers()
        self._saving = False
        self._failed = False  # a failed save left the evaluation in the journal's memory

    def _stored_answers(self) -> dict[str, str]:
        return {name: clean_input(getattr(self.entry, name)) for name in ANSWERS}

    # ---- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = current_language()
        title = self.entry.title.strip() or self.entry.id
        yield Static(
            safe_text(t("evaluation.tui.heading", title=" ".join(title.split()))),
            id="evaluate-heading",
            classes="pane-title",
        )
        decision = " ".join(self.entry.decision.split())
        yield Static(
            safe_text(t("evaluation.tui.decision", decision=decision)), id="evaluate-decision"
        )
        with VerticalScroll(id="evaluate-content") as content:
            content.can_focus = False  # the fields take the cursor, not their scroller
            for name in ANSWERS:
                spec = BY_NAME[name]
                yield Label(spec.label.text(lang), id=f"label-{name}")
                yield FieldArea(
                    self.saved_answers[name],
                    placeholder=spec.hint.text(lang) if spec.hint else "",
                    soft_wrap=True,
                    id=f"f-{name}",
                )
            yield Label(t("evaluation.tui.next_follow_up"), id="label-next-date")
            yield InertInput(
                placeholder=t("evaluation.tui.date_placeholder"),
                id="evaluate-next-date",
                compact=True,
                select_on_focus=False,
            )
            yield Checkbox(t("evaluation.tui.start_next"), id="evaluate-start-next", compact=True)
        yield Static(t("evaluation.tui.status"), id="evaluate-status", classes="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#f-{ANSWERS[0]}", FieldArea).focus(scroll_visible=False)

    def relabel(self) -> None:
        lang = current_language()
        for name in ANSWERS:
            spec = BY_NAME[name]
            self.query_one(f"#label-{name}", Label).update(spec.label.text(lang))
            if spec.hint:
                self.query_one(f"#f-{name}", FieldArea).placeholder = spec.hint.text(lang)
        self.query_one("#label-next-date", Label).update(t("evaluation.tui.next_follow_up"))
        self.query_one("#evaluate-next-date", InertInput).placeholder = t(
            "evaluation.tui.date_placeholder"
        )
        self.query_one("#evaluate-start-next", Checkbox).label = t("evaluation.tui.start_next")
        self.query_one("#evaluate-status", Static).update(t("evaluation.tui.status"))

    # ---- what is typed --------------------------------------------------------------------

    def answers(self) -> dict[str, str]:
        """The three answers as typed (cleaned as all typed text is)."""
        return {name: clean_input(self.query_one(f"#f-{name}", FieldArea).text) for name in ANSWERS}

    @property
    def dirty(self) -> bool:
        """Something typed that is not stored yet."""
        return (
            self.answers() != self.saved_answers
            or bool(self.query_one("#evaluate-next-date", InertInput).value.strip())
            or self._failed
        )

    def _with_answers(self) -> Entry:
        """The entry with the typed answers, nothing else changed: what a lock, a quit or a
        crash keeps (the entry stays due, and this screen shows the answers again)."""
        answers = self.answers()
        return replace(
            self.entry,
            evaluation_outcome=answers["evaluation_outcome"],
            evaluation_again=answers["evaluation_again"],
            evaluation_learned=answers["evaluation_learned"],
        )

    def exit_snapshot(self) -> Unsaved | None:
        """What to save when the app is ended (signal, crash); None if nothing is owed.
        After a failed save the journal's memory holds the evaluation itself, which the
        exit save writes: the answers alone must not be put over it."""
        if self._failed or self.answers() == self.saved_answers:
            return None
        return Unsaved(self._with_answers(), is_new=False, keep_revision=True, place=None)

    async def save_now(self) -> bool:
        """Keep the typed answers before a lock or quit; True when nothing is owed."""
        journal = self.ctx.journal
        if journal is None:
            return False
        if self.answers() == self.saved_answers and not self._failed:
            return True
        entry = self._with_answers()
        try:
            if self._failed:  # the evaluation is in the journal's memory: write that
                await self.ctx.gate.run(journal.save)
                self._failed = False
                return True
            await self.ctx.gate.run(save_entry, journal, entry, is_new=False)
        except ReflectError as exc:
            self.notify(t("evaluation.tui.failed", reason=str(exc)), severity="error", timeout=10)
            return False
        self.entry = entry
        self.saved_answers = self._stored_answers()
        return True

    # ---- saving ---------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    @work(group="evaluate-save", exclusive=True, description="evaluate-save")
    async def save(self) -> None:
        journal = self.ctx.journal
        if journal is None or self._saving:
            return
        answers = self.answers()
        typed_date = self.query_one("#evaluate-next-date", InertInput).value
        start_next = self.query_one("#evaluate-start-next", Checkbox).value
        self._saving = True
        try:
            next_date = date_value(BY_NAME["follow_up"], typed_date)
            done = await self.ctx.gate.run(
                evaluate,
                journal,
                self.entry.id,
                answers[ANSWERS[0]],
                answers[ANSWERS[1]],
                answers[ANSWERS[2]],
                next_date,
                start_next,
                today=self.ctx.today,
                next_id=self.next_id,
            )
        except ReflectError as exc:
            # A failed save leaves the evaluation in the journal's memory: a later save
            # (ctrl+s again, a lock, the quit) writes it. The typed text stays on screen.
            self._failed = self._failed or isinstance(exc, SaveFailed)
            self.notify(t("evaluation.tui.failed", reason=str(exc)), severity="error", timeout=10)
            return
        finally:
            self._saving = False
        self._failed = False
        self.dismiss(done)

    # ---- leaving --------------------------------------------------------------------------

    def action_close(self) -> None:
        self.close()

    @work(group="evaluate-close", exclusive=True, description="evaluate-close")
    async def close(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from reflect.screens.confirm import ConfirmScreen

        if not await self.app.push_screen_wait(ConfirmScreen(t("evaluation.tui.discard_question"))):
            return
        journal = self.ctx.journal
        if self._failed and journal is not None:
            try:  # what the failed save left in memory must not be written after all
                await self.ctx.gate.run(journal.revert_unsaved)
            except ReflectError as exc:
                self.notify(t("evaluation.tui.failed", reason=str(exc)), severity="error")
                return
        self.dismiss(None)
