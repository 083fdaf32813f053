"""The journal's data: plain dataclasses, no I/O.

An :class:`Entry` is one dilemma thought through. Its ``to_dict``/``from_dict`` pair is the
only way entries cross into storage or JSON output, so the stored shape is defined here once.
Unknown keys from a newer version of reflect are kept in ``extra`` and written back untouched,
so an older reflect never silently drops data it does not understand.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from reflect.errors import EntryNotFound, UsageError
from reflect.fields import TEXT_FIELDS
from reflect.i18n import t

ENTRY_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
ENTRY_ID_LENGTH = 10


class Status(StrEnum):
    """Where the reasoning about a dilemma stands."""

    DRAFT = "draft"
    DECIDED = "decided"
    EVALUATED = "evaluated"


def now_utc() -> datetime:
    return datetime.now(UTC)


def new_entry_id() -> str:
    """A short random id that is easy to type and to quote in supervision (50 bits), drawn
    with one call to the system's generator (an import draws thousands)."""
    bits = int.from_bytes(secrets.token_bytes(8), "big")
    return "".join(ENTRY_ID_ALPHABET[(bits >> (5 * i)) & 31] for i in range(ENTRY_ID_LENGTH))


MIN_ID_PREFIX = 4


def match_entry_id(known: Collection[str], wanted: str) -> str:
    """The id in ``known`` that ``wanted`` names: the full id, or a unique prefix of at least
    four characters (what a person types from a printed list)."""
    key = wanted.strip().lower()
    if key in known:
        return key
    matches = [i for i in known if i.startswith(key)] if len(key) >= MIN_ID_PREFIX else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(t("model.ambiguous_id", id=wanted, count=len(matches)))
    raise EntryNotFound(t("vault.entry_not_found", id=wanted))


def parse_status(value: str) -> Status:
    try:
        return Status(value.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise UsageError(t("model.unknown_status", value=value, allowed=allowed)) from None


def parse_date(value: str | None) -> date | None:
    """Parse an ISO date (YYYY-MM-DD); empty means no date."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(t("model.bad_date", value=value)) from None


@dataclass(frozen=True)
class ArticleRef:
    """A tagged article: which catalogue, which number, and how it applies here."""

    code: str
    number: int
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "number": self.number, "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleRef:
        return cls(
            code=str(data["code"]), number=int(data["number"]), note=str(data.get("note", ""))
        )


@dataclass(frozen=True)
class Option:
    """One way out of the dilemma, and the moral harm it causes."""

    description: str
    harm: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "harm": self.harm}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Option:
        return cls(description=str(data.get("description", "")), harm=str(data.get("harm", "")))


@dataclass(frozen=True)
class Stakeholder:
    """Someone with a stake (present or absent), and the values at stake for them."""

    who: str
    values: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"who": self.who, "values": self.values}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stakeholder:
        return cls(who=str(data.get("who", "")), values=str(data.get("values", "")))


@dataclass
class Entry:
    """One dilemma in the journal."""

    id: str = field(default_factory=new_entry_id)
    created: datetime = field(default_factory=now_utc)
    updated: datetime = field(default_factory=now_utc)
    title: str = ""
    case_code: str = ""  # a code for the case, never a client's name
    situation: str = ""
    question: str = ""  # what the professional wants to explore (supervision, intervision)
    dilemma: str = ""  # "A or B?"
    options: list[Option] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    decision: str = ""
    rationale: str = ""
    damage_limitation: str = ""
    feelings: str = ""
    learning_goal: str = ""
    evaluation_outcome: str = ""  # what happened afterwards (reflect.operations.evaluation)
    evaluation_again: str = ""  # what the professional would do again
    evaluation_learned: str = ""  # what they learned: where the next cycle starts
    articles: list[ArticleRef] = field(default_factory=list)
    method: str | None = None
    method_answers: dict[str, str] = field(default_factory=dict)
    follow_up: date | None = None
    delete_after: date | None = None
    status: Status = Status.DRAFT
    # The id of the evaluated entry this one is the next cycle of; it may have been destroyed
    # since (the link then shows as gone). Set by reflect.operations.evaluation, not a form field.
    follows: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        data.update(
            {
                "id": self.id,
                "created": self.created.isoformat(),
                "updated": self.updated.isoformat(),
                **{name: getattr(self, name) for name in TEXT_FIELDS},
                "options": [o.to_dict() for o in self.options],
                "stakeholders": [s.to_dict() for s in self.stakeholders],
                "articles": [a.to_dict() for a in self.articles],
                "method": self.method,
                "method_answers": dict(self.method_answers),
                "follow_up": self.follow_up.isoformat() if self.follow_up else None,
                "delete_after": self.delete_after.isoformat() if self.delete_after else None,
                "status": self.status.value,
                "follows": self.follows,
            }
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        known = _entry_field_names()
        follow_up = data.get("follow_up")
        delete_after = data.get("delete_after")
        return cls(
            id=str(data["id"]),
            created=datetime.fromisoformat(data["created"]),
            updated=datetime.fromisoformat(data["updated"]),
            **{name: str(data.get(name) or "") for name in TEXT_FIELDS},
            options=[Option.from_dict(o) for o in data.get("options", [])],
            stakeholders=[Stakeholder.from_dict(s) for s in data.get("stakeholders", [])],
            articles=[ArticleRef.from_dict(a) for a in data.get("articles", [])],
            method=data.get("method"),
            method_answers={str(k): str(v) for k, v in (data.get("method_answers") or {}).items()},
            follow_up=date.fromisoformat(follow_up) if follow_up else None,
            delete_after=date.fromisoformat(delete_after) if delete_after else None,
            status=Status(data.get("status", Status.DRAFT.value)),
            follows=str(data["follows"]) if data.get("follows") else None,
            extra={k: v for k, v in data.items() if k not in known},
        )

    def searchable_text(self) -> str:
        """All the free text of the entry, for search and article suggestions."""
        return searchable_text_of(self.to_dict())


@functools.cache
def _entry_field_names() -> frozenset[str]:
    """Computed once: ``dataclasses.fields()`` inside every ``from_dict`` cost a measurable
    share of building 10,000 entries."""
    return frozenset(f.name for f in fields(Entry))


# What a list of entries shows and selects on (a list's rows and their query,
# reflect.operations.query.row_of_document; the retention dates): a journal read in part
# keeps these for every entry, so a list needs no entry's whole text. A test holds the
# rows and dates made from a summary to those made from the whole entry.
SUMMARY_FIELDS = ("id", "created", "status", "title", "follow_up", "delete_after")


def summary_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The list's fields of a stored entry; of its articles only which they are."""
    found = {name: data[name] for name in SUMMARY_FIELDS if name in data}
    found["articles"] = [
        {"code": a.get("code"), "number": a.get("number")} for a in data.get("articles") or ()
    ]
    return found


def searchable_text_of(data: Mapping[str, Any]) -> str:
    """The free text of a stored entry, without building an Entry (search scans thousands)."""
    parts = [str(data.get(name) or "") for name in TEXT_FIELDS]
    parts += [f"{o.get('description', '')} {o.get('harm', '')}" for o in data.get("options", [])]
    parts += [f"{s.get('who', '')} {s.get('values', '')}" for s in data.get("stakeholders", [])]
    parts += [str(a.get("note", "")) for a in data.get("articles", [])]
    parts += [str(v) for v in (data.get("method_answers") or {}).values()]
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Revision:
    """An earlier version of an entry, kept when a change was saved over it."""

    entry_id: str
    saved: datetime  # when this version was replaced
    entry: Entry  # the version as it was before that save
