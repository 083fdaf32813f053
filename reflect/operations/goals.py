"""Learning goals for supervision, and the entries linked to them.

A supervision trajectory starts with a learning agreement that names a few learning goals
(``research/methods.md``, "What a supervisor expects"); a werkverslag links a situation to
one of them. A goal here is a record of the journal's ``goals`` table (shape in
docs/FORMAT.md): its text, when it was made, when it was closed (achieved or let go), and
the ids of the entries linked to it. This is separate from an entry's free-text
``learning_goal`` field, which says what one entry is meant to teach; a goal is shared by
many entries and can group a supervision export.

Every rule (what a valid goal text is, which ids a link may name) lives here for the CLI and
the app alike; a refusal is a :class:`UsageError` and stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from reflect.errors import EntryNotFound, UsageError
from reflect.i18n import t
from reflect.model import match_entry_id, new_entry_id, now_utc
from reflect.operations.meetings import match_entries
from reflect.operations.records import readable
from reflect.sanitize import clean_input
from reflect.vault.journal import GOALS, Journal

MAX_GOAL_TEXT = 200  # a goal is a line in a learning agreement, not a paragraph


@dataclass(frozen=True)
class Goal:
    id: str
    text: str
    created: str  # ISO time
    closed: date | None = None
    entries: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "created": self.created,
            "closed": self.closed.isoformat() if self.closed else None,
            "entries": list(self.entries),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Goal:
        closed = record.get("closed")
        return cls(
            id=str(record["id"]),
            text=str(record.get("text") or ""),
            created=str(record.get("created") or ""),
            closed=date.fromisoformat(str(closed)) if closed else None,
            entries=tuple(str(e) for e in record.get("entries") or ()),
        )


def clean_goal_text(text: str) -> str:
    """One line, not empty, at most :data:`MAX_GOAL_TEXT` characters, without escape
    sequences or control characters (the command line's text as the app's)."""
    cleaned = " ".join(clean_input(text, multiline=False).split())
    if not cleaned:
        raise UsageError(t("goals.error.empty"))
    if len(cleaned) > MAX_GOAL_TEXT:
        raise UsageError(t("goals.error.long", max=MAX_GOAL_TEXT, length=len(cleaned)))
    return cleaned


def list_goals(journal: Journal) -> list[Goal]:
    """Every goal, open ones first, each group in the order made."""
    goals = readable(journal.records(GOALS), Goal.from_record)
    return sorted(goals, key=lambda g: (not g.is_open, g.created, g.id))


def find_goal(journal: Journal, ref: str) -> Goal:
    """The goal a typed id or unique prefix (four characters or more) names."""
    goals = {g.id: g for g in list_goals(journal)}
    try:
        return goals[match_entry_id(goals, ref)]
    except EntryNotFound:
        raise UsageError(t("goals.error.unknown", id=ref)) from None


def _store(journal: Journal, goal: Goal) -> Goal:
    journal.put_record(GOALS, goal.to_record())
    return goal


def add_goal(journal: Journal, text: str) -> Goal:
    goal = Goal(id=new_entry_id(), text=clean_goal_text(text), created=now_utc().isoformat())
    return _store(journal, goal)


def rename_goal(journal: Journal, ref: str, text: str) -> Goal:
    cleaned = clean_goal_text(text)
    return _store(journal, replace(find_goal(journal, ref), text=cleaned))


def close_goal(journal: Journal, ref: str, today: date) -> Goal:
    goal = find_goal(journal, ref)
    return goal if goal.closed else _store(journal, replace(goal, closed=today))


def reopen_goal(journal: Journal, ref: str) -> Goal:
    goal = find_goal(journal, ref)
    return _store(journal, replace(goal, closed=None)) if goal.closed else goal


def remove_goal(journal: Journal, ref: str) -> Goal:
    """Remove the goal; the entries it linked stay as they are."""
    goal = find_goal(journal, ref)
    journal.remove_record(GOALS, goal.id)
    return goal


def link_entries(journal: Journal, ref: str, entry_refs: Iterable[str]) -> Goal:
    """Link entries (ids or unique prefixes) to the goal; an unknown id refuses them all."""
    goal = find_goal(journal, ref)
    wanted = match_entries(journal, entry_refs)
    added = tuple(e for e in wanted if e not in goal.entries)
    return _store(journal, replace(goal, entries=goal.entries + added)) if added else goal


def unlink_entries(journal: Journal, ref: str, entry_refs: Iterable[str]) -> Goal:
    """Take entries off the goal. Ids are matched against the goal's own links, so an entry
    linked once and destroyed since cannot be in the way."""
    goal = find_goal(journal, ref)
    gone: set[str] = set()
    for entry_ref in entry_refs:
        try:
            gone.add(match_entry_id(goal.entries, entry_ref))
        except EntryNotFound:
            raise UsageError(t("goals.error.not_linked", id=entry_ref)) from None
    kept = tuple(e for e in goal.entries if e not in gone)
    return _store(journal, replace(goal, entries=kept))


def goal_json(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.id,
        "text": goal.text,
        "created": goal.created,
        "closed": goal.closed.isoformat() if goal.closed else None,
        "entries": list(goal.entries),
        "count": len(goal.entries),
    }


def goals_of(journal: Journal, entry_id: str) -> list[Goal]:
    """The goals an entry is linked to."""
    return [g for g in list_goals(journal) if entry_id in g.entries]
