"""Which entries an export covers: by id, date range, article or status.

Dates compare with the day an entry was created, in local time (the day the professional
remembers writing it). Ids match in full or by a unique prefix, as everywhere in reflect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reflect.model import Entry, Status, match_entry_id


@dataclass(frozen=True)
class Selection:
    ids: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    articles: tuple[int, ...] = ()  # any of these numbers
    status: Status | None = None

    @property
    def period(self) -> tuple[date | None, date | None]:
        return self.date_from, self.date_to


def _by_id(entries: Sequence[Entry], wanted: str) -> Entry:
    by_id = {e.id: e for e in entries}
    return by_id[match_entry_id(by_id.keys(), wanted)]


def matches(entry: Entry, selection: Selection) -> bool:
    day = entry.created.astimezone().date()
    if selection.date_from and day < selection.date_from:
        return False
    if selection.date_to and day > selection.date_to:
        return False
    if selection.articles and not {a.number for a in entry.articles} & set(selection.articles):
        return False
    return not (selection.status and entry.status != selection.status)


def select_entries(entries: Sequence[Entry], selection: Selection) -> list[Entry]:
    """The selected entries: named ids in the order given, else oldest first."""
    if selection.ids:
        chosen: list[Entry] = []
        for wanted in selection.ids:
            entry = _by_id(entries, wanted)
            if entry not in chosen:
                chosen.append(entry)
        return [e for e in chosen if matches(e, selection)]
    return sorted((e for e in entries if matches(e, selection)), key=lambda e: e.created)
