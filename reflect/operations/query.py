"""The entry query: one syntax, one meaning, wherever entries are selected.

The app's filter box, ``reflect list --filter``/``reflect search`` and the export selection
(in the app and on the command line) all parse the same text with :func:`parse_query` and
test rows with :meth:`Query.matches`:

- free words: every word occurs somewhere in the entry's text (case-insensitive);
- ``#10`` (or ``art:10``, ``artikel:10``, ``article:10``): article 10 is tagged. Several such
  tokens must all be tagged; ``#10,13`` means 10 *or* 13;
- ``status:draft`` (``decided``, ``evaluated``; Dutch ``concept``, ``besloten``,
  ``geëvalueerd``); ``status:draft,decided`` means either;
- ``from:2026-01-01`` / ``to:2026-12-31`` (``vanaf:``/``tot:``): the day the entry was
  written, in the user's time zone (the row's ``zone``, :mod:`reflect.operations.clock`),
  both ends included;
- ``due`` (``open``, ``opvolgen``): a follow-up date today or earlier, "today" being the
  calendar day in the user's time zone (callers pass :func:`reflect.operations.clock.local_today`);
- ``expired`` (``verlopen``): past the delete-after date, the entry's own or the default
  period of the settings (:mod:`reflect.operations.retention`): what ``reflect purge``
  destroys.

Rows are computed once per entry (the app keeps them; the command line builds them from the
stored documents without materialising entries), so each keystroke is a scan of prepared,
case-folded strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING, Any

from reflect.errors import UsageError
from reflect.i18n import t
from reflect.model import Entry, Status, searchable_text_of
from reflect.operations.clock import USER_ZONE, ZoneChoice, day_in, resolve_zone
from reflect.operations.retention import configured_months, row_is_due

if TYPE_CHECKING:
    from reflect.vault.journal import Journal

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
_EXPIRED_WORDS = ("expired", "verlopen")


@dataclass(frozen=True)
class Row:
    """What a list shows and a query tests for one entry, computed once."""

    entry_id: str
    created_at: datetime
    status: Status
    title: str
    articles: frozenset[int]
    follow_up: date | None
    delete_after: date | None = None  # the entry's own date (see reflect.operations.retention)
    # The stored document the row was made from: its text becomes the haystack when first
    # asked for (never copied, never compared).
    source: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # The zone whose calendar day ``created`` is (None: the system's). Resolved once by
    # whoever builds the rows; left at USER_ZONE it is resolved per row, when first asked.
    zone: ZoneChoice = field(default=USER_ZONE, repr=False, compare=False)

    @cached_property
    def haystack(self) -> str:
        """All the entry's text, case-folded: built the first time a query has words (or
        :func:`prepare_text` builds it ahead), not for every row of every list. At 10,000
        entries gathering and case-folding the text was most of the cost of making rows."""
        return searchable_text_of(self.source).casefold()

    @cached_property
    def created(self) -> date:
        """The day the entry was written in the user's zone (what a person remembers)."""
        return day_in(self.created_at, resolve_zone(self.zone))


def row_of_entry(entry: Entry, *, zone: ZoneChoice = USER_ZONE) -> Row:
    return row_of_document(entry.to_dict(), zone=zone)


def row_of_document(doc: Mapping[str, Any], *, zone: ZoneChoice = USER_ZONE) -> Row:
    """A row straight from a stored document, without building an :class:`Entry`.
    ``zone``: the user's zone, resolved once for all rows (reflect.operations.clock)."""
    follow_up = doc.get("follow_up")
    delete_after = doc.get("delete_after")
    return Row(
        entry_id=str(doc["id"]),
        created_at=datetime.fromisoformat(doc["created"]),
        status=Status(doc.get("status", Status.DRAFT.value)),
        title=str(doc.get("title") or ""),
        articles=frozenset(int(a["number"]) for a in doc.get("articles", [])),
        follow_up=date.fromisoformat(follow_up) if follow_up else None,
        delete_after=date.fromisoformat(delete_after) if delete_after else None,
        source=doc,
        zone=zone,
    )


def prepare_text(rows: Iterable[Row]) -> None:
    """Build every row's haystack now (off the UI thread, once the list is shown), so the
    first keystroke in a filter does not pay for all of them."""
    for row in rows:
        _ = row.haystack


@dataclass
class Query:
    """A parsed query; an empty one matches every entry."""

    words: list[str] = field(default_factory=list)
    # Each group must meet at least one of its numbers: [{10}, {13}] is 10 and 13,
    # [{10, 13}] is 10 or 13.
    article_groups: list[frozenset[int]] = field(default_factory=list)
    statuses: set[Status] = field(default_factory=set)
    start: date | None = None
    end: date | None = None
    due_by: date | None = None
    expired_by: date | None = None  # past the delete-after date by this day
    retention_months: int = 0  # the default period that rule uses

    @property
    def selects_all(self) -> bool:
        """No condition at all (the empty query, whatever fields it gains): every entry
        matches, and no row need be made to know it."""
        return replace(self, retention_months=0) == Query()

    def matches(self, row: Row) -> bool:
        if self.statuses and row.status not in self.statuses:
            return False
        if any(not (group & row.articles) for group in self.article_groups):
            return False
        if self.start or self.end:
            day = row.created
            if (self.start and day < self.start) or (self.end and day > self.end):
                return False
        if self.due_by and (row.follow_up is None or row.follow_up > self.due_by):
            return False
        if self.expired_by and not row_is_due(row, self.retention_months, self.expired_by):
            return False
        if not self.words:
            return True
        haystack = row.haystack
        return all(word in haystack for word in self.words)


def parse_query(
    text: str, today: date, *, strict: bool = False, retention_months: int | None = None
) -> Query:
    """Parse query text. Unknown ``key:value`` tokens are plain words while typing (the app
    filters as you type ``status:d``); ``strict`` (the command line) refuses them instead,
    naming the token and what it accepts. ``retention_months`` is the default period for
    ``expired``; None reads it from the settings file, only when the token is used."""
    query = Query()
    for token in text.casefold().split():
        if not _take(query, token, today):
            if strict and _looks_like_token(token):
                raise UsageError(t("ops.error.query_token", token=token))
            query.words.append(token)
    if query.expired_by is not None:
        query.retention_months = (
            configured_months() if retention_months is None else retention_months
        )
    return query


def _take(query: Query, token: str, today: date) -> bool:
    """Add ``token`` to ``query`` when it is one of the query's tokens."""
    if token.startswith("status:"):
        names = token[7:].split(",")
        if names and all(n in _STATUS_WORDS for n in names):
            query.statuses.update(_STATUS_WORDS[n] for n in names)
            return True
        return False
    prefix = next((p for p in _ARTICLE_PREFIXES if token.startswith(p)), None)
    if prefix:
        numbers = token[len(prefix) :].split(",")
        if numbers and all(n.isdecimal() for n in numbers):  # not isdigit: int("²") fails
            query.article_groups.append(frozenset(int(n) for n in numbers))
            return True
        return False
    for prefixes, attribute in ((_FROM_PREFIXES, "start"), (_TO_PREFIXES, "end")):
        prefix = next((p for p in prefixes if token.startswith(p)), None)
        if prefix:
            try:
                setattr(query, attribute, date.fromisoformat(token[len(prefix) :]))
            except ValueError:
                return False
            return True
    if token in _DUE_WORDS:
        query.due_by = today
        return True
    if token in _EXPIRED_WORDS:
        query.expired_by = today
        return True
    return False


def _looks_like_token(token: str) -> bool:
    head = token.split(":", 1)[0] + ":"
    known = ("status:", *_ARTICLE_PREFIXES, *_FROM_PREFIXES, *_TO_PREFIXES)
    return token.startswith("#") or (":" in token and head in known)


def filter_rows(rows: Iterable[Row], query: Query) -> list[Row]:
    return [row for row in rows if query.matches(row)]


def selection_query(
    *,
    text: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    articles: Iterable[int] = (),
    statuses: Iterable[Status] = (),
    today: date,
    strict: bool = True,
    retention_months: int | None = None,
) -> Query:
    """A query from the export's separate options (``--from``, ``--article`` …) plus query
    text: the options mean what their tokens mean, and several ``--article`` mean *any*."""
    query = parse_query(text, today, strict=strict, retention_months=retention_months)
    query.start = date_from or query.start
    query.end = date_to or query.end
    numbers = frozenset(articles)
    if numbers:
        query.article_groups.append(numbers)
    query.statuses.update(statuses)
    return query


def find_entries(journal: Journal, query: Query, *, zone: ZoneChoice = USER_ZONE) -> list[Entry]:
    """The journal's entries that match ``query``, newest first."""
    return [Entry.from_dict(dict(doc)) for doc in find_documents(journal, query, zone=zone)]


def find_documents(
    journal: Journal, query: Query, *, zone: ZoneChoice = USER_ZONE, listing: bool = False
) -> list[Mapping[str, Any]]:
    """The stored documents of the entries that match ``query``, newest first: for output
    that needs no :class:`Entry` per row (``reflect list`` over thousands). ``zone``
    decides the day each was written (resolved here once, when not given). ``listing``:
    the caller shows only the list's fields (:data:`reflect.model.SUMMARY_FIELDS`), so a
    query without words may be answered from the entries' summaries."""
    if query.selects_all:
        return journal.find_documents(lambda doc: True, listing=listing)
    found: tzinfo | None = resolve_zone(zone)
    return journal.find_documents(
        lambda doc: query.matches(row_of_document(doc, zone=found)),
        words=query.words,
        listing=listing,
    )
