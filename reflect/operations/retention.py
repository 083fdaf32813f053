"""Retention: when an entry is due to be destroyed, and destroying what is due.

Personal working notes are temporary: they are destroyed at the latest when the professional
relationship ends. The rule, for the command line and the app alike:

- an entry's **delete-after date** is its own ``delete_after`` when it has one;
- else, when the settings hold a default period (``retention_months`` > 0), the day the
  entry was written (in the user's time zone, :mod:`reflect.operations.clock`) plus that
  many calendar months (31 January + 1 month is 28 or 29 February: the day is clamped to
  the month's last day);
- else it has none, and is never due.

An entry is **due** once its delete-after date is today or earlier (the user's local date).
``reflect list``, ``reflect purge``, the query token ``expired`` (``verlopen``) and the app's
list and purge offer all ask :func:`destroy_date` and :func:`is_due`, so they cannot differ.

Setting a date for every entry of a case code at once (the relationship with that client
ended) is :func:`set_case_delete_after`; destroying is :func:`destroy_due`, a separate act.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from reflect.errors import UsageError
from reflect.i18n import t
from reflect.operations.clock import USER_ZONE, ZoneChoice, day_in, resolve_zone

if TYPE_CHECKING:
    from reflect.model import Entry
    from reflect.vault.backups import Cleaned
    from reflect.vault.journal import Journal


class Row(Protocol):
    """What the rule needs of a list row (reflect.operations.query.Row, which imports this
    module: a protocol keeps the two from importing each other)."""

    @property
    def entry_id(self) -> str: ...
    @property
    def created(self) -> date: ...
    @property
    def delete_after(self) -> date | None: ...
    @property
    def title(self) -> str: ...


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's length
    (2026-01-31 + 1 month is 2026-02-28). Past the last representable year: ``date.max``."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def destroy_date(own: date | None, created: date, months: int) -> date | None:
    """The delete-after date of an entry with its own date ``own`` (or None), written on
    the local day ``created``, under a default period of ``months`` (0: none)."""
    if own is not None:
        return own
    if months > 0:
        return add_months(created, months)
    return None


def is_due(destroy_on: date | None, today: date) -> bool:
    """Whether an entry with this delete-after date should be destroyed by ``today``."""
    return destroy_on is not None and destroy_on <= today


def row_destroy_date(row: Row, months: int) -> date | None:
    """The delete-after date of a list row (see :func:`destroy_date`)."""
    return destroy_date(row.delete_after, row.created, months)


def row_is_due(row: Row, months: int, today: date) -> bool:
    return is_due(row_destroy_date(row, months), today)


def entry_destroy_date(entry: Entry, months: int, *, zone: ZoneChoice = USER_ZONE) -> date | None:
    """The delete-after date of an entry (its creation day in the user's zone, as lists
    show)."""
    return destroy_date(entry.delete_after, day_in(entry.created, resolve_zone(zone)), months)


def configured_months() -> int:
    """The default period in the settings file (0: none)."""
    from reflect.operations.settings import load_settings

    return load_settings().settings.retention_months


# ---- what is due ------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """An entry past its delete-after date, as a list or a confirmation shows it."""

    entry_id: str
    created: date  # the local day it was written
    destroy_on: date
    title: str


def due_of_rows(rows: Iterable[Row], months: int, today: date) -> list[Due]:
    """The rows that are due, longest overdue first."""
    found = []
    for row in rows:
        when = row_destroy_date(row, months)
        if when is not None and is_due(when, today):
            found.append(Due(row.entry_id, row.created, when, row.title))
    return _ordered(found)


def _ordered(found: list[Due]) -> list[Due]:
    return sorted(found, key=lambda d: (d.destroy_on, d.created, d.entry_id))


def document_dates(
    doc: Mapping[str, Any], months: int, *, zone: ZoneChoice = USER_ZONE
) -> tuple[date, date | None]:
    """The day a stored entry was written (in ``zone``: pass the zone resolved once when
    asking for many) and the day it is to be destroyed (or None), read from the document's
    own fields, without building an Entry."""
    own = doc.get("delete_after")
    created = day_in(datetime.fromisoformat(doc["created"]), resolve_zone(zone))
    return created, destroy_date(date.fromisoformat(own) if own else None, created, months)


def document_destroy_date(
    doc: Mapping[str, Any], months: int, *, zone: ZoneChoice = USER_ZONE
) -> date | None:
    """The day a stored entry is to be destroyed (or None), as :func:`document_dates` says,
    working out the day it was written only when the default period needs it: a list of
    thousands asks this of every row, and most have neither date."""
    own = doc.get("delete_after")
    if own:
        return date.fromisoformat(own)
    if months <= 0:
        return None
    return document_dates(doc, months, zone=zone)[1]


def due_in_journal(
    journal: Journal, months: int, today: date, *, zone: ZoneChoice = USER_ZONE
) -> list[Due]:
    """Every entry of the journal that is due, longest overdue first: a scan of the stored
    documents that reads only the four fields it needs (a list of 10,000 asks this)."""
    found = []
    resolved = resolve_zone(zone)  # once, not per entry
    for doc in journal.summaries():  # the summaries hold the fields it needs
        when = document_destroy_date(doc, months, zone=resolved)
        if when is not None and is_due(when, today):
            created, _ = document_dates(doc, months, zone=resolved)
            found.append(Due(str(doc["id"]), created, when, str(doc.get("title") or "")))
    return _ordered(found)


# ---- acting on it -----------------------------------------------------------------------


@dataclass(frozen=True)
class Purged:
    """What a purge did: entries destroyed, and what happened to the backups."""

    entries: int
    backups: Cleaned


def destroy_due(
    journal: Journal,
    entry_ids: Sequence[str],
    months: int,
    today: date,
    *,
    zone: ZoneChoice = USER_ZONE,
) -> Purged:
    """Destroy those of ``entry_ids`` that are due *now* (an entry whose date was moved, or
    that is gone, since the list was shown is left alone), with their revisions and every
    backup copy of them (:meth:`Journal.destroy`), in one save."""
    from reflect.vault.backups import Cleaned

    due = {d.entry_id for d in due_in_journal(journal, months, today, zone=zone)}
    chosen = [i for i in dict.fromkeys(entry_ids) if i in due]
    if not chosen:
        return Purged(0, Cleaned())
    return Purged(len(chosen), journal.destroy(chosen))


def set_case_delete_after(journal: Journal, case_code: str, when: date | None) -> list[Entry]:
    """Give every entry of ``case_code`` (compared without case or surrounding spaces) the
    delete-after date ``when`` (None: back to the default period), in one save. Refuses a
    code no entry carries, so a typo does not pass for done. Returns the entries changed or
    already so, newest first."""
    wanted = case_code.strip().casefold()
    if not wanted:
        raise UsageError(t("retention.error.no_case_code"))
    found = journal.find(lambda doc: str(doc.get("case_code") or "").strip().casefold() == wanted)
    if not found:
        raise UsageError(t("retention.error.unknown_case", case=case_code.strip()))
    with journal.batch():
        stored = [journal.update(replace(entry, delete_after=when)) for entry in found]
    if journal.unsaved:
        journal.save()
    return stored
