"""Export templates: which parts of the reasoning go to which meeting, as a :class:`Document`.

- ``werkverslag`` (alias ``supervision``): one entry as a supervisor expects it — the question
  to explore first, situation, own part, thoughts and feelings, dilemma, options, decision and
  rationale, the articles with the professional's notes, the learning goal.
- ``reflectieverslag``: a period — what was worked on, insights, articles and values that kept
  coming back, next learning goals.
- ``intervision-incident`` / ``-balint`` / ``-roddel`` / ``-probleem``: a case prepared by
  the method's rules. These never contain the decision, its rationale, damage limitation,
  the method answers, the article notes, the status or the title (a title often names what
  was decided): the group must think before it hears what the presenter did.
- ``full``: everything, including the revision history.

The default is ``werkverslag``: supervision is what an export is most often made for.

Each builder takes the entries (and, for ``full``, their revisions) and returns a document;
empty fields produce no section at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from reflect.errors import UsageError
from reflect.export.document import (
    Block,
    Document,
    Item,
    Paragraph,
    Section,
    items,
    paragraphs,
    present,
    section,
)
from reflect.export.goal_groups import GoalGroup, parts_by_goal, worked_on_by_goal
from reflect.export.labels import article_label, method_name, step_title
from reflect.export.sentences import first_sentences
from reflect.fields import FIELDS, FieldSpec, Kind, label
from reflect.i18n import t
from reflect.model import Entry, Revision

PITCH_SENTENCES = 3
PROBLEM_SENTENCES = 5


# The supervision reports, which can be grouped by learning goal (`--by-goal`).
GROUPED_TEMPLATES = ("werkverslag", "reflectieverslag")

# Builds an optional section from the entries of a report, in a language, with months in a
# time zone (None: the system's) (or None: nothing).
FiguresBuilder = Callable[[Sequence[Entry], str, tzinfo | None], Section | None]


@dataclass(frozen=True)
class ExportInput:
    """What a template may use. ``period`` is the selection's date range, if one was given."""

    entries: Sequence[Entry]
    lang: str
    generated: date
    revisions: Mapping[str, Sequence[Revision]] | None = None
    period: tuple[date | None, date | None] = (None, None)
    # Learning goals to group the supervision templates by (`--by-goal`); None: not grouped.
    goals: Sequence[GoalGroup] | None = None
    # The reflectieverslag's optional figures (`--with-stats`): what builds that section from
    # the report's entries (reflect.operations.figures, handed in: the figures are the
    # application layer's, computed as `reflect stats` computes them); None: no figures.
    figures: FiguresBuilder | None = None
    # The time zone whose calendar days and clock times the export prints (the day an entry
    # was written): the user's (reflect.operations.clock, resolved by the caller); None:
    # the system's.
    zone: tzinfo | None = None


Builder = Callable[[ExportInput], Document]


def _t(key: str, inp: ExportInput, **values: object) -> str:
    return t(f"export.{key}", inp.lang, **values)


def _local(moment: datetime, inp: ExportInput) -> datetime:
    """``moment`` on the user's clock (``inp.zone``; astimezone(None): the system's)."""
    return moment.astimezone(inp.zone)


def _stamp(moment: datetime, inp: ExportInput) -> str:
    return _local(moment, inp).strftime("%Y-%m-%d %H:%M")


def _day(entry: Entry, inp: ExportInput) -> str:
    return _local(entry.created, inp).date().isoformat()


def _document(inp: ExportInput, template: str, sections: Sequence[Section]) -> Document:
    meta = [(_t("meta.generated", inp), inp.generated.isoformat())]
    period = _period_text(inp)
    if period:
        meta.append((_t("meta.period", inp), period))
    if len(inp.entries) > 1:
        meta.append((_t("meta.entries", inp), str(len(inp.entries))))
    return Document(
        title=_t(f"template.{template}", inp),
        lang=inp.lang,
        meta=tuple(meta),
        notice=_t("notice", inp),
        sections=tuple(sections),
    )


def _period_text(inp: ExportInput) -> str:
    start, end = inp.period
    days = sorted(_local(e.created, inp).date() for e in inp.entries)
    start = start or (days[0] if days else None)
    end = end or (days[-1] if days else None)
    if start is None or end is None:
        return ""
    return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def _entry_heading(entry: Entry, inp: ExportInput) -> tuple[str, bool]:
    if entry.title.strip():
        return entry.title.strip(), True
    return _t("entry.untitled", inp, date=_day(entry, inp)), False


def _entry_meta(entry: Entry, inp: ExportInput) -> tuple[Paragraph, ...]:
    return (Paragraph(f"{_t('meta.date', inp)}: {_day(entry, inp)}", user=False),)


def _case_code(entry: Entry, inp: ExportInput) -> tuple[Item, ...]:
    return (
        (Item(lead=_t("meta.case", inp), text=entry.case_code.strip()),)
        if entry.case_code.strip()
        else ()
    )


def _articles(entry: Entry, inp: ExportInput) -> Section | None:
    return section(
        _t("section.articles", inp),
        items(
            Item(lead=article_label(a, inp.lang), text=a.note, always=True) for a in entry.articles
        ),
    )


def _options(entry: Entry, inp: ExportInput, heading: str = "section.options") -> Section | None:
    has_harm = any(o.harm.strip() for o in entry.options)
    listed = items(
        Item(lead=o.description, lead_user=True, text=o.harm)
        if o.harm.strip()
        else Item(text=o.description)
        for o in entry.options
        if o.description.strip() or o.harm.strip()
    )
    note = (
        (Paragraph(_t("note.options_harm", inp), user=False, note=True),)
        if has_harm and listed
        else ()
    )
    return section(_t(heading, inp), note if listed else (), listed)


def _stakeholders(entry: Entry, inp: ExportInput) -> Section | None:
    return section(
        _t("section.stakeholders", inp),
        items(
            Item(lead=s.who, lead_user=True, text=s.values)
            if s.who.strip()
            else Item(text=s.values)
            for s in entry.stakeholders
        ),
    )


def _method_answers(entry: Entry, inp: ExportInput, heading: str) -> Section | None:
    return section(
        heading,
        items(
            Item(lead=step_title(entry.method, step, inp.lang), text=answer)
            for step, answer in entry.method_answers.items()
        ),
    )


def _entry_part(entry: Entry, inp: ExportInput, body: Sequence[Section | None]) -> Section:
    heading, user = _entry_heading(entry, inp)
    meta_items = items(_case_code(entry, inp))
    return Section(
        heading, (*_entry_meta(entry, inp), *meta_items), 2, user, present(body), entry=True
    )


# ---- supervision: werkverslag ----------------------------------------------------------------


def werkverslag(inp: ExportInput) -> Document:
    parts = []
    for entry in inp.entries:
        method = method_name(entry.method, inp.lang) if entry.method else ""
        own_part = (
            _t("section.own_part_method", inp, method=method)
            if method
            else _t("section.own_part", inp)
        )
        decision = section(
            _t("section.decision", inp),
            items(
                [
                    Item(lead=label("decision", inp.lang), text=entry.decision),
                    Item(lead=label("rationale", inp.lang), text=entry.rationale),
                    Item(lead=label("damage_limitation", inp.lang), text=entry.damage_limitation),
                ]
            ),
        )
        parts.append(
            _entry_part(
                entry,
                inp,
                [
                    section(_t("section.question_first", inp), paragraphs(entry.question)),
                    section(_t("section.situation", inp), paragraphs(entry.situation)),
                    _method_answers(entry, inp, own_part),
                    section(_t("section.feelings", inp), paragraphs(entry.feelings)),
                    section(_t("section.dilemma", inp), paragraphs(entry.dilemma)),
                    _stakeholders(entry, inp),
                    _options(entry, inp),
                    decision,
                    _articles(entry, inp),
                    section(_t("section.learning_goal", inp), paragraphs(entry.learning_goal)),
                ],
            )
        )
    if inp.goals is not None:
        parts = parts_by_goal(inp.entries, parts, inp.goals, inp.lang)
    return _document(inp, "werkverslag", parts)


# ---- supervision: reflectieverslag over a period ---------------------------------------------


def reflectieverslag(inp: ExportInput) -> Document:
    entries = sorted(inp.entries, key=lambda e: e.created)
    worked_on = items(
        Item(lead=_day(e, inp), text=e.title or e.question or e.dilemma) for e in entries
    )
    insights = items(
        Item(
            lead=e.title.strip() or _day(e, inp), lead_user=bool(e.title.strip()), text=e.rationale
        )
        for e in entries
        if e.rationale.strip()
    )
    article_counts = Counter(k for e in entries for k in {(a.code, a.number) for a in e.articles})
    labels = {(a.code, a.number): a for e in entries for a in e.articles}
    recurring_articles = items(
        Item(lead=article_label(labels[key], inp.lang), text=_t("count", inp, n=n), text_user=False)
        for key, n in sorted(article_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    value_counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for e in entries:
        seen = set()
        for s in e.stakeholders:
            for value in s.values.replace(";", ",").split(","):
                key = value.strip().casefold()
                if key and key not in seen:
                    seen.add(key)
                    value_counts[key] += 1
                    shown.setdefault(key, value.strip())
    repeated = [(k, n) for k, n in value_counts.most_common() if n > 1]
    recurring_values = items(
        Item(lead=shown[k], lead_user=True, text=_t("count", inp, n=n), text_user=False)
        for k, n in repeated
    )
    goals: list[str] = []
    for e in reversed(entries):  # newest first: the goal worked on last leads
        goal = e.learning_goal.strip()
        if goal and goal.casefold() not in {g.casefold() for g in goals}:
            goals.append(goal)
    sections = present(
        [
            section(_t("section.worked_on", inp), worked_on, level=2)
            if inp.goals is None
            else worked_on_by_goal(
                entries,
                inp.goals,
                _t("section.worked_on", inp),
                lambda e: Item(lead=_day(e, inp), text=e.title or e.question or e.dilemma),
                inp.lang,
            ),
            section(_t("section.insights", inp), insights, level=2),
            section(_t("section.recurring_articles", inp), recurring_articles, level=2),
            section(_t("section.recurring_values", inp), recurring_values, level=2),
            section(_t("section.next_goals", inp), items(Item(text=g) for g in goals), level=2),
        ]
    )
    if inp.figures is not None:
        sections = (*sections, *present([inp.figures(entries, inp.lang, inp.zone)]))
    return _document(inp, "reflectieverslag", sections)


# ---- intervision -----------------------------------------------------------------------------


def _case_part(
    entry: Entry, index: int, inp: ExportInput, rule: str, body: Sequence[Section | None]
) -> Section:
    """A case without its title (titles often give the decision away), led by the method's rule."""
    heading = _t("case.numbered", inp, n=index) if len(inp.entries) > 1 else _t("case.heading", inp)
    rule_note: tuple[Block, ...] = (Paragraph(_t(f"rule.{rule}", inp), user=False, note=True),)
    lead = rule_note + items(_case_code(entry, inp))
    return Section(heading, lead, 2, False, present(body), entry=True)


def _limited(
    text: str, limit: int, inp: ExportInput, *, say_shortened: bool = True
) -> tuple[Paragraph, ...]:
    kept, shortened = first_sentences(text, limit)
    if not kept:
        return ()
    note: tuple[Paragraph, ...] = ()
    if shortened and say_shortened:
        note = (Paragraph(_t("note.shortened", inp, n=limit), user=False, note=True),)
    return (Paragraph(kept), *note)


def intervision_incident(inp: ExportInput) -> Document:
    parts = [
        _case_part(
            e,
            i,
            inp,
            "incident",
            [
                section(_t("section.incident", inp), paragraphs(e.situation)),
                section(_t("section.moment", inp), paragraphs(e.dilemma)),
                section(_t("section.question", inp), paragraphs(e.question)),
            ],
        )
        for i, e in enumerate(inp.entries, 1)
    ]
    return _document(inp, "intervision-incident", parts)


def intervision_balint(inp: ExportInput) -> Document:
    parts = []
    for i, e in enumerate(inp.entries, 1):
        _, longer = first_sentences(e.situation, PITCH_SENTENCES)
        parts.append(
            _case_part(
                e,
                i,
                inp,
                "balint",
                [
                    section(
                        _t("section.pitch", inp),
                        _limited(e.situation, PITCH_SENTENCES, inp, say_shortened=False),
                    ),
                    section(_t("section.question", inp), paragraphs(e.question)),
                    section(_t("section.account", inp), paragraphs(e.situation) if longer else ()),
                    _stakeholders(e, inp),
                    section(_t("section.feelings", inp), paragraphs(e.feelings)),
                    section(_t("section.dilemma", inp), paragraphs(e.dilemma)),
                ],
            )
        )
    return _document(inp, "intervision-balint", parts)


def intervision_roddel(inp: ExportInput) -> Document:
    parts = [
        _case_part(
            e,
            i,
            inp,
            "roddel",
            [
                section(_t("section.situation", inp), paragraphs(e.situation)),
                section(
                    _t("section.learning_question", inp),
                    paragraphs(e.question),
                    items([Item(lead=label("learning_goal", inp.lang), text=e.learning_goal)]),
                ),
                section(
                    _t("section.considerations", inp),
                    items(
                        [
                            Item(lead=label("feelings", inp.lang), text=e.feelings),
                            Item(lead=label("dilemma", inp.lang), text=e.dilemma),
                        ]
                    ),
                    subsections=[_options(e, inp, "section.options_considered")],
                ),
            ],
        )
        for i, e in enumerate(inp.entries, 1)
    ]
    return _document(inp, "intervision-roddel", parts)


def intervision_probleem(inp: ExportInput) -> Document:
    parts = []
    for i, e in enumerate(inp.entries, 1):
        problem = " ".join(p for p in (e.situation.strip(), e.dilemma.strip()) if p)
        parts.append(
            _case_part(
                e,
                i,
                inp,
                "probleem",
                [
                    section(_t("section.problem", inp), _limited(problem, PROBLEM_SENTENCES, inp)),
                    section(_t("section.question", inp), paragraphs(e.question)),
                ],
            )
        )
    return _document(inp, "intervision-probleem", parts)


# ---- the full record -------------------------------------------------------------------------


def _field_value(entry: Entry, spec: FieldSpec, inp: ExportInput) -> str:
    """A field as the user wrote it, on one line, for "what the older version said"."""
    name = spec.name
    if name == "options":
        return "; ".join(
            f"{o.description} ({o.harm})" if o.harm else o.description for o in entry.options
        )
    if name == "stakeholders":
        return "; ".join(f"{s.who}: {s.values}" if s.values else s.who for s in entry.stakeholders)
    if spec.kind is Kind.ARTICLES:
        return "; ".join(
            f"{a.number}: {a.note}" if a.note else str(a.number) for a in entry.articles
        )
    if spec.kind is Kind.ANSWERS:
        return "; ".join(f"{k}: {v}" for k, v in entry.method_answers.items())
    return str(getattr(entry, name))


# Fields whose value is reflect's own words (a status, a method's name, a date), not the
# user's text: shown as such and never checked for identifiers.
_FIXED_KINDS = (Kind.STATUS, Kind.METHOD, Kind.DATE)


def _fixed_value(entry: Entry, spec: FieldSpec, inp: ExportInput) -> str:
    if spec.kind is Kind.STATUS:
        return _t(f"status.{entry.status.value}", inp)
    if spec.kind is Kind.METHOD:
        return method_name(entry.method, inp.lang) if entry.method else ""
    value = getattr(entry, spec.name)
    return value.isoformat() if value else ""


def _changes(old: Entry, newer: Entry, inp: ExportInput) -> list[Item]:
    """What the older version said, for every field (of the field table) a later save
    changed."""
    changed: list[Item] = []
    for spec in FIELDS:
        fixed = spec.kind in _FIXED_KINDS
        value = _fixed_value if fixed else _field_value
        before = value(old, spec, inp)
        if before == value(newer, spec, inp):
            continue
        lead = label(spec.name, inp.lang)
        if fixed:
            text = before or _t("revision.empty", inp)
            changed.append(Item(lead=lead, text=text, text_user=False))
        elif before.strip():
            changed.append(Item(lead=lead, text=before))
        else:
            changed.append(Item(lead=lead, text=_t("revision.was_empty", inp), text_user=False))
    return changed


def _revisions(entry: Entry, inp: ExportInput) -> Section | None:
    history = list((inp.revisions or {}).get(entry.id, ()))
    newer_versions = ([r.entry for r in history[1:]] + [entry]) if history else []
    subsections = [
        section(
            _t("revision.heading", inp, saved=_stamp(r.saved, inp)),
            items(_changes(r.entry, newer, inp)),
            level=4,
        )
        for r, newer in zip(history, newer_versions, strict=True)
    ]
    return section(_t("section.revisions", inp), (), subsections=subsections)


def _full_field(entry: Entry, spec: FieldSpec, inp: ExportInput) -> Section | None:
    """One field in the full record, in the field table's order. The title is the heading;
    the case code, method, status and dates are in the lines under it."""
    if spec.kind is Kind.TEXT:
        return section(label(spec.name, inp.lang), paragraphs(getattr(entry, spec.name)))
    if spec.name == "options":
        return _options(entry, inp)
    if spec.name == "stakeholders":
        return _stakeholders(entry, inp)
    if spec.kind is Kind.ARTICLES:
        return _articles(entry, inp)
    if spec.kind is Kind.ANSWERS:
        return _method_answers(entry, inp, _t("section.method_answers", inp))
    return None


def full(inp: ExportInput) -> Document:
    parts = []
    for entry in inp.entries:
        meta = items(
            [
                Item(lead=_t("meta.id", inp), text=entry.id, text_user=False),
                Item(
                    lead=_t("meta.created", inp),
                    text=_stamp(entry.created, inp),
                    text_user=False,
                ),
                Item(
                    lead=_t("meta.updated", inp),
                    text=_stamp(entry.updated, inp),
                    text_user=False,
                ),
                Item(
                    lead=_t("meta.status", inp),
                    text=_t(f"status.{entry.status.value}", inp),
                    text_user=False,
                ),
                Item(
                    lead=_t("meta.method", inp),
                    text=method_name(entry.method, inp.lang) if entry.method else "",
                    text_user=False,
                ),
                Item(
                    lead=_t("meta.follow_up", inp),
                    text=entry.follow_up.isoformat() if entry.follow_up else "",
                    text_user=False,
                ),
                Item(
                    lead=_t("meta.delete_after", inp),
                    text=entry.delete_after.isoformat() if entry.delete_after else "",
                    text_user=False,
                ),
                *_case_code(entry, inp),
            ]
        )
        heading, user = _entry_heading(entry, inp)
        body = present(
            [*(_full_field(entry, spec, inp) for spec in FIELDS), _revisions(entry, inp)]
        )
        parts.append(Section(heading, meta, 2, user, body, entry=True))
    return _document(inp, "full", parts)


TEMPLATES: dict[str, Builder] = {
    "werkverslag": werkverslag,
    "reflectieverslag": reflectieverslag,
    "intervision-incident": intervision_incident,
    "intervision-balint": intervision_balint,
    "intervision-roddel": intervision_roddel,
    "intervision-probleem": intervision_probleem,
    "full": full,
}
ALIASES = {"supervision": "werkverslag"}
INTERVISION = tuple(name for name in TEMPLATES if name.startswith("intervision-"))
# What supervisors ask for, in the app and on the command line alike, until the user picks
# another (the last one used is remembered in the settings). The full record with its
# revision history is for the professional's own files, not a meeting.
DEFAULT_TEMPLATE = "werkverslag"


def template_names() -> list[str]:
    """Every name ``--template`` accepts, aliases included."""
    return [*TEMPLATES, *ALIASES]


def resolve_template(name: str) -> str:
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in TEMPLATES:
        raise UsageError(
            t("export.error.unknown_template", name=name, names=", ".join(template_names()))
        )
    return key


def build_document(template: str, inp: ExportInput) -> Document:
    """The document for ``template`` (a name or alias)."""
    return TEMPLATES[resolve_template(template)](inp)
