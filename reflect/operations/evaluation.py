"""The evaluation cycle: a decision is looked back on when its follow-up date comes, and what
was learned starts the next cycle.

The reflection models the app's methods follow close the loop the same way: ALACT's fifth
phase, trying out, is the action the next cycle looks back on, and Gibbs ends in an action
plan. In reflect an entry with a follow-up date comes *due* on that day (in the user's time
zone, :mod:`reflect.operations.clock`); evaluating it records what happened afterwards, what
the professional would do again and what they learned (three fields of the field table),
marks it ``evaluated`` and can start the next cycle: a new draft on the same case and
articles, its situation starting from what was learned, linked back by ``follows``.

The rules, one place for the command line (``reflect evaluate``) and the app's evaluation
screen:

- only an entry with a decision can be evaluated: a draft without decision text is refused
  (a draft *with* a decision is evaluated like a decided one: what was decided is on paper);
- at least one of the three answers must be written (an evaluation of nothing is a typo);
- the follow-up date is cleared; a next follow-up date, when given, must lie after today.
  It goes to the next cycle when one is started (that is what gets looked back on), else
  to the evaluated entry (look again later);
- everything is stored in one save, or nothing; called again after a failed save, with the
  same ``next_id``, it stores the same result, never a second next cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from reflect.errors import UsageError
from reflect.fields import BY_NAME
from reflect.i18n import t
from reflect.model import Entry, Status, new_entry_id
from reflect.operations.clock import local_today
from reflect.operations.query import Query, Row, filter_rows, row_of_document
from reflect.operations.values import text_value

if TYPE_CHECKING:
    from reflect.vault.journal import Journal

ANSWERS = ("evaluation_outcome", "evaluation_again", "evaluation_learned")


def due_rows(rows: Iterable[Row], today: date) -> list[Row]:
    """The rows whose follow-up date is ``today`` or earlier, as the ``due`` query token
    selects them, the longest overdue first."""
    due = filter_rows(rows, Query(due_by=today))
    return sorted(due, key=lambda r: (r.follow_up or today, r.created_at))


def due_entries(documents: Iterable[Mapping[str, Any]], today: date) -> list[Row]:
    """The stored entries that are due on ``today`` (see :func:`due_rows`)."""
    return due_rows((row_of_document(doc) for doc in documents), today)


@dataclass(frozen=True)
class Evaluated:
    """What :func:`evaluate` stored: the evaluated entry, and the next cycle if started."""

    entry: Entry
    next_entry: Entry | None = None


def check_can_evaluate(entry: Entry) -> None:
    """Refuse an entry with nothing decided yet: there is nothing to look back on."""
    if entry.status is Status.DRAFT and not entry.decision.strip():
        raise UsageError(t("evaluation.error.no_decision", id=entry.id))


def check_next_follow_up(next_follow_up: date | None, today: date) -> None:
    """A next follow-up date must lie after ``today``: one today or earlier would be due
    the moment it is saved."""
    if next_follow_up is not None and next_follow_up <= today:
        raise UsageError(
            t("evaluation.error.next_not_after_today", date=next_follow_up, today=today)
        )


def evaluated_entry(
    entry: Entry,
    outcome: str,
    again: str,
    learned: str,
    next_follow_up: date | None = None,
    *,
    start_next: bool = False,
    today: date | None = None,
) -> Entry:
    """``entry`` with its evaluation written in, checked (raises UsageError), not stored."""
    check_can_evaluate(entry)
    outcome, again, learned = (
        text_value(BY_NAME[name], value)
        for name, value in zip(ANSWERS, (outcome, again, learned), strict=True)
    )
    if not (outcome.strip() or again.strip() or learned.strip()):
        raise UsageError(t("evaluation.error.no_answers"))
    check_next_follow_up(next_follow_up, today or local_today())
    return replace(
        entry,
        evaluation_outcome=outcome,
        evaluation_again=again,
        evaluation_learned=learned,
        status=Status.EVALUATED,
        follow_up=None if start_next else next_follow_up,
    )


def next_cycle(evaluated: Entry, next_follow_up: date | None, next_id: str) -> Entry:
    """The next cycle of ``evaluated``: a draft on the same case and articles, starting from
    what was learned, linked back to it."""
    title = evaluated.title.strip() or evaluated.id
    learned = evaluated.evaluation_learned.strip()
    situation = t("evaluation.next.situation", learned=learned) if learned else ""
    return Entry(
        id=next_id,
        title=t("evaluation.next.title", title=title),
        case_code=evaluated.case_code,
        situation=situation,
        articles=list(evaluated.articles),
        follow_up=next_follow_up,
        follows=evaluated.id,
    )


def evaluate(
    journal: Journal,
    entry_id: str,
    outcome: str,
    again: str,
    learned: str,
    next_follow_up: date | None = None,
    start_next: bool = False,
    *,
    today: date | None = None,
    next_id: str | None = None,
) -> Evaluated:
    """Evaluate the entry ``entry_id`` (a full id or a unique prefix) and, with
    ``start_next``, start its next cycle; both in one save. ``today`` is the user's day
    (default :func:`local_today`); ``next_id`` the next cycle's id (the app picks it once, so
    a retry after a failed save stores that same entry again rather than a second one)."""
    current = journal.get(entry_id)
    entry = evaluated_entry(
        current, outcome, again, learned, next_follow_up, start_next=start_next, today=today
    )
    following = next_cycle(entry, next_follow_up, next_id or new_entry_id()) if start_next else None
    with journal.batch():
        stored = journal.update(entry, keep_revision=True)
        started = None
        if following is not None:
            if journal.has(following.id):
                started = journal.update(following, keep_revision=False)
            else:
                started = journal.add(following)
    if journal.unsaved:
        journal.save()
    return Evaluated(stored, started)


@dataclass(frozen=True)
class Link:
    """Where an entry's ``follows`` points: the earlier entry, or that it is gone."""

    entry_id: str
    title: str = ""
    gone: bool = False  # destroyed since (or never in this journal: an imported entry)


def follows_link(journal: Journal, entry: Entry) -> Link | None:
    """The entry ``entry`` is the next cycle of, if any."""
    if not entry.follows:
        return None
    if not journal.has(entry.follows):
        return Link(entry.follows, gone=True)
    return Link(entry.follows, journal.get(entry.follows).title)


def link_text(link: Link) -> str:
    """One line for plain output: ``Follows: <id> <title>`` or that the entry is gone."""
    if link.gone:
        return t("evaluation.link.gone", id=link.entry_id)
    return t("evaluation.link.to", id=link.entry_id, title=link.title or t("cli.untitled"))
