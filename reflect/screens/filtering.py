"""Type-to-filter for the journal list, without Textual so it can be tested and timed alone.

The filter text is free words plus a few tokens: ``#10`` or ``art:10`` (an article),
``status:draft`` (or ``decided``/``evaluated``, Dutch words too), ``from:2025-01-01`` and
``to:2025-12-31`` (on the creation date; ``vanaf:``/``tot:`` too), and ``due`` / ``open``
(a follow-up date today or earlier). Rows are prepared once; each keystroke is then a scan
of precomputed, case-folded strings, which stays well under 30 ms at 10,000 entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reflect.model import Entry, Status

_STATUS_WORDS = {
    "draft": Status.DRAFT,
    "concept": Status.DRAFT,
    "decided": Status.DECIDED,
    "besloten": Status.DECIDED,
    "evaluated": Status.EVALUATED,
    "geevalueerd": Status.EVALUATED,
    "geëvalueerd": Status.EVALUATED,
}
_ARTICLE_PREFIXES = ("art:", "artikel:", "article:", "#")
_FROM_PREFIXES = ("from:", "vanaf:", "since:")
_TO_PREFIXES = ("to:", "tot:", "until:")
_DUE_WORDS = ("due", "open", "opvolgen")


@dataclass(frozen=True)
class Row:
    """What the list shows and searches for one entry, computed once."""

    entry_id: str
    created: date
    status: Status
    title: str
    articles: tuple[int, ...]
    follow_up: date | None
    haystack: str  # all the entry's text, case-folded


def make_row(entry: Entry) -> Row:
    return Row(
        entry_id=entry.id,
        created=entry.created.astimezone().date(),  # local day, as export selects
        status=entry.status,
        title=entry.title,
        articles=tuple(a.number for a in entry.articles),
        follow_up=entry.follow_up,
        haystack=entry.searchable_text().casefold(),
    )


@dataclass
class Filter:
    words: list[str] = field(default_factory=list)
    articles: set[int] = field(default_factory=set)
    statuses: set[Status] = field(default_factory=set)
    start: date | None = None
    end: date | None = None
    due_by: date | None = None

    def matches(self, row: Row) -> bool:
        if self.statuses and row.status not in self.statuses:
            return False
        if self.articles and not self.articles.issubset(row.articles):
            return False
        if self.start and row.created < self.start:
            return False
        if self.end and row.created > self.end:
            return False
        if self.due_by and (row.follow_up is None or row.follow_up > self.due_by):
            return False
        haystack = row.haystack
        return all(word in haystack for word in self.words)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_filter(text: str, today: date) -> Filter:
    """Turn the filter box's text into a :class:`Filter`; unknown tokens are plain words."""
    result = Filter()
    for token in text.casefold().split():
        if token.startswith("status:") and token[7:] in _STATUS_WORDS:
            result.statuses.add(_STATUS_WORDS[token[7:]])
            continue
        prefix = next((p for p in _ARTICLE_PREFIXES if token.startswith(p)), None)
        if prefix and token[len(prefix) :].isdigit():
            result.articles.add(int(token[len(prefix) :]))
            continue
        prefix = next((p for p in _FROM_PREFIXES if token.startswith(p)), None)
        if prefix and (found := _date(token[len(prefix) :])):
            result.start = found
            continue
        prefix = next((p for p in _TO_PREFIXES if token.startswith(p)), None)
        if prefix and (found := _date(token[len(prefix) :])):
            result.end = found
            continue
        if token in _DUE_WORDS:
            result.due_by = today
            continue
        result.words.append(token)
    return result


def apply_filter(rows: list[Row], text: str, today: date) -> list[Row]:
    if not text.strip():
        return rows
    wanted = parse_filter(text, today)
    return [row for row in rows if wanted.matches(row)]
