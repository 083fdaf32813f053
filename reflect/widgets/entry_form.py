"""The widgets of one entry: the full form, generated from the field table, or one step of a
method. The entry screen keeps the behaviour (edits, saving, steps); this is only the layout,
and which widget edits which field (:attr:`EntryLayout.editors`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rich.text import Text
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Label, Select, Static, TextArea

from reflect.catalog.schema import Method, MethodStep
from reflect.fields import BY_NAME, FIELDS, FieldSpec, Kind
from reflect.i18n import current_language, t
from reflect.model import Entry, Status
from reflect.sanitize import clean_input
from reflect.widgets.field_area import FieldArea
from reflect.widgets.pair_list import PairList
from reflect.widgets.safe_text import InertInput


@dataclass
class EntryLayout:
    """Builds the editing widgets of ``draft``; ``editors`` maps each to the field it edits
    (a field's name, or ``answer:<step id>``)."""

    draft: Entry
    date_texts: Mapping[str, str]  # dates as typed (a half-typed date is kept as it is)
    methods: Mapping[str, Method]  # the catalogue's; empty while it loads
    editors: dict[Widget, str] = field(default_factory=dict)

    @property
    def method(self) -> Method | None:
        return self.methods.get(self.draft.method) if self.draft.method else None

    def editor(self, spec: FieldSpec, *, tall: bool = False) -> Widget:
        """The widget that edits one field, filled from the draft."""
        lang = current_language()
        hint = spec.hint.text(lang) if spec.hint else ""
        widget_id = f"f-{spec.name}"
        widget: Widget
        # Text stored before control characters were refused at the door (an old journal)
        # is shown without them: an escape sequence must never reach the terminal.
        if spec.kind is Kind.LINE:
            value = clean_input(getattr(self.draft, spec.name), multiline=False)
            # No select-all on focus: opening an entry and typing must add to its title,
            # not replace it.
            widget = InertInput(
                value, placeholder=hint, id=widget_id, compact=True, select_on_focus=False
            )
        elif spec.kind is Kind.TEXT:
            widget = FieldArea(
                clean_input(getattr(self.draft, spec.name)),
                placeholder=hint,
                id=widget_id,
                soft_wrap=True,
                classes="field tall" if tall else "field",
            )
        elif spec.kind is Kind.PAIRS:
            assert spec.pair_keys is not None and spec.pair_labels is not None
            first, second = spec.pair_keys
            rows = [(getattr(r, first), getattr(r, second)) for r in getattr(self.draft, spec.name)]
            placeholders = (spec.pair_labels[0].text(lang), spec.pair_labels[1].text(lang))
            widget = PairList(spec.name, rows, placeholders=placeholders, id=widget_id)
        elif spec.kind is Kind.DATE:
            widget = InertInput(
                self.date_texts[spec.name], placeholder=hint, id=widget_id, compact=True
            )
        elif spec.kind is Kind.STATUS:
            widget = Select(
                [(t(f"tui.status.{s.value}"), s.value) for s in Status],
                value=self.draft.status.value,
                allow_blank=False,
                id=widget_id,
                compact=True,
            )
        elif spec.kind is Kind.METHOD:
            widget = self.method_select()
        else:  # ARTICLES and ANSWERS are laid out by the form itself
            raise AssertionError(spec.kind)
        self.editors[widget] = spec.name
        return widget

    def method_choices(self) -> list[tuple[str, str]]:
        lang = current_language()
        return [(method_label(m, lang), m.id) for m in self.methods.values()]

    def method_select(self) -> Select[str]:
        chosen = self.draft.method
        value = chosen if chosen is not None and chosen in self.methods else Select.NULL
        return Select(
            self.method_choices(),
            prompt=t("tui.entry.method.none"),
            value=value,
            id="f-method",
            compact=True,
        )

    def answer_area(self, step: MethodStep, *, tall: bool) -> FieldArea:
        area = FieldArea(
            clean_input(self.draft.method_answers.get(step.id, "")),
            placeholder=t("tui.entry.answer"),
            soft_wrap=True,
            classes="field tall" if tall else "field",
            id=f"answer-{step.id}",
        )
        self.editors[area] = f"answer:{step.id}"
        return area

    def form(self) -> list[Widget]:
        """Every field of the field table, in its order."""
        lang = current_language()
        widgets: list[Widget] = []
        for spec in FIELDS:
            if spec.kind is Kind.ARTICLES:
                widgets += [Label(spec.label.text(lang)), self.articles_summary()]
            elif spec.kind is Kind.ANSWERS:
                widgets += self.answers(spec)
            else:
                widgets += [Label(spec.label.text(lang)), self.editor(spec)]
        return widgets

    def articles_summary(self) -> Static:
        return Static(articles_text(self.draft), id="f-articles", classes="muted")

    def answers(self, spec: FieldSpec) -> list[Widget]:
        """Answers to the method's steps that fill no field of their own."""
        method = self.method
        if method is None:
            return []
        lang = current_language()
        widgets: list[Widget] = [Label(spec.label.text(lang))]
        for step in method.steps:
            if step.fills is None:
                widgets.append(Static(Text(step.title.text(lang)), classes="answer-title"))
                widgets.append(self.answer_area(step, tall=False))
        return widgets if len(widgets) > 1 else []

    def step(self, method: Method, index: int) -> list[Widget]:
        """One step of ``method``: what it asks, the field its answer fills (or an answer of
        its own), the step buttons, and the method choice."""
        lang = current_language()
        step = method.steps[index]
        widgets: list[Widget] = []
        widgets.append(Static(Text(step.title.text(lang)), classes="step-title"))
        caveat = method_caveat(method, lang)
        if caveat:
            widgets.append(Static(Text(caveat), classes="step-caveat muted"))
        if step.group:
            widgets.append(Static(t("tui.entry.group_step"), classes="step-group muted"))
        widgets.append(Static(Text(step.prompt.text(lang)), classes="step-prompt"))
        if step.help.text(lang):
            widgets.append(Static(Text(step.help.text(lang)), classes="step-help muted"))
        spec = BY_NAME.get(step.fills or "")
        if spec is not None and spec.kind is not Kind.ARTICLES:
            widgets.append(self.editor(spec, tall=True))
        else:
            if spec is not None:  # an articles step: the pane does the tagging
                widgets.append(Static(t("tui.entry.step_articles_hint"), classes="muted"))
            widgets.append(self.answer_area(step, tall=True))
        widgets.append(
            Horizontal(
                Button(
                    t("tui.entry.previous"),
                    id="step-previous",
                    disabled=index == 0,
                    compact=True,
                ),
                Button(
                    t("tui.entry.next"),
                    id="step-next",
                    variant="primary",
                    disabled=index >= len(method.steps) - 1,
                    compact=True,
                ),
                Button(t("tui.entry.full_form"), id="step-form", compact=True),
                classes="step-buttons",
            )
        )
        widgets += [Label(BY_NAME["method"].label.text(lang)), self.method_select()]
        return widgets


def method_label(method: Method, lang: str) -> str:
    """A method's name where it is chosen, marked when it is incomplete or its source could
    not be verified: such a method must not pass for a whole, checked one."""
    marks = []
    if not method.complete:
        marks.append(t("catalog.method.incomplete_mark", lang=lang))
    if method.unverified:
        marks.append(t("catalog.method.unverified_mark", lang=lang))
    name = method.name.text(lang)
    return f"{name} ({', '.join(marks)})" if marks else name


def method_caveat(method: Method, lang: str) -> str:
    """What a method's steps say about it: what is missing, or that its source is unverified."""
    parts = []
    if not method.complete:
        missing = method.missing.text(lang) if method.missing else ""
        parts.append(t("catalog.method.incomplete", lang=lang, missing=missing))
    source = method.main_source
    if method.unverified and source is not None:
        parts.append(t("catalog.method.unverified", lang=lang, source=source.title))
    return " ".join(parts)


def articles_text(entry: Entry) -> Text:
    """The form's line on tagged articles (tagging itself is done in the articles pane)."""
    tagged = ", ".join(str(a.number) for a in entry.articles) or "—"
    return Text(t("tui.entry.articles_summary", tagged=tagged))


def typing_point(editor: Widget) -> Widget:
    """Where typing goes on in ``editor``. A list of rows takes no cursor itself (focusing
    it did nothing, and keys typed on a step of options went nowhere): its empty last row.
    A text area: after its text, not before what was written (back on a step, resumed)."""
    if isinstance(editor, PairList):
        firsts = editor.query(".pairs-first")
        return firsts.last() if firsts else editor
    if isinstance(editor, TextArea):
        editor.move_cursor(editor.document.end)
    return editor


def date_text(entry: Entry, name: str) -> str:
    value = getattr(entry, name)
    return value.isoformat() if value else ""
