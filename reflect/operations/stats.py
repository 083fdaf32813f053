"""Patterns in the journal: which articles and core values recur, month by month, which
methods are used, and how many dilemmas are open, decided and evaluated.

One function, :func:`compute_patterns`, computes every figure that ``reflect stats``, the
app's patterns screen (f6) and the reflectieverslag's optional figures show. It is a pure
function of the stored entry documents (``Journal.documents()``: plain dicts, no Entry
objects, so 10,000 entries stay quick), the catalogue and a time zone, so a test can feed it
a fixed journal. Nothing it computes is ever written to disk.

Months are calendar months in the user's time zone: an entry written at 2026-03-31T23:30Z
belongs to April in Amsterdam. The zone is handed in (``reflect.operations.clock.user_zone``
decides it); :func:`local_day` is the one place a stored timestamp becomes a local date.

**Core values.** The research notes (``research/beroepscode.md``) list the code's five core
values but document no mapping from articles to values, and reflect does not invent one.
A value is therefore counted only where an entry itself *names* it: its free text (the
stakeholders' values included) contains a distinctive word of the value's name, in Dutch or
English, or an inflected form of it (see :class:`ValueNames`). Every place that shows the
figure says so ("named in entries"; ``values_counted: "named-in-entries"`` in JSON).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from reflect.catalog.catalog import DEFAULT_CODE
from reflect.catalog.textmatch import WordForms, fold, words
from reflect.i18n import t
from reflect.model import Status, searchable_text_of

if TYPE_CHECKING:
    from reflect.catalog import Catalog
    from reflect.catalog.schema import CoreValue

DEFAULT_VALUES_CODE = DEFAULT_CODE  # the code whose core values are counted
NO_METHOD = "none"  # the method key of entries written without a method
VALUES_COUNTED = "named-in-entries"  # how a core value's figure comes about (see the docstring)
STATUSES: tuple[str, ...] = tuple(s.value for s in Status)  # always listed, in this order

# Words of the values' names that, in an ordinary case note, mostly mean something else:
# "respect voor zijn keuze", "de mensen om hem heen", "social services", "human error",
# "care plan", "rights of access". Only the distinctive nouns of a name count as naming it.
GENERIC_NAME_WORDS = frozenset(
    {
        "respect",
        "menselijke",
        "mensen",
        "bereidheid",
        "staan",
        "sociale",
        "human",
        "people",
        "willingness",
        "stand",
        "social",
        "rights",
        "care",
    }
)
MIN_NAME_WORD = 5  # shorter words of a name are function words: en, voor, om, and, for...
KEPT_LETTERS = 2  # an inflected form keeps all but this many of the name word's last letters


# ---- the figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleCount:
    """How many entries (of the selection, or of one month) tag an article."""

    code: str
    number: int
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "number": self.number, "count": self.count}


@dataclass(frozen=True)
class ValueCount:
    """How many entries name a core value."""

    id: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "count": self.count}


@dataclass(frozen=True)
class Patterns:
    """Every figure, ready to show. Counts are of entries: an entry that tags an article
    twice, or names a value in three places, counts once for it.

    ``months`` runs without gaps from the first month to the last (a month without entries
    is there with 0, so a timeline is not squeezed), from ``since``/``until`` when given.
    ``methods`` and ``statuses`` are in the order to show: methods most used first (ties by
    id, ``"none"`` for entries without one); statuses draft, decided, evaluated, always.
    """

    entries: int
    articles: tuple[ArticleCount, ...]
    values: tuple[ValueCount, ...]
    months: tuple[tuple[str, int], ...]
    methods: tuple[tuple[str, int], ...]
    statuses: tuple[tuple[str, int], ...]
    articles_by_month: Mapping[str, tuple[ArticleCount, ...]] = field(default_factory=dict)
    values_by_month: Mapping[str, tuple[ValueCount, ...]] = field(default_factory=dict)
    values_code: str = DEFAULT_VALUES_CODE
    since: date | None = None
    until: date | None = None

    def article_timeline(self, code: str, number: int) -> list[int]:
        """The article's count in every month of ``months``, in order (for a sparkline)."""
        found: list[int] = []
        for month, _ in self.months:
            hits = self.articles_by_month.get(month, ())
            found.append(next((a.count for a in hits if (a.code, a.number) == (code, number)), 0))
        return found

    def value_timeline(self, value_id: str) -> list[int]:
        found: list[int] = []
        for month, _ in self.months:
            hits = self.values_by_month.get(month, ())
            found.append(next((v.count for v in hits if v.id == value_id), 0))
        return found

    def to_json(self) -> dict[str, Any]:
        """The figures as ``reflect stats --json`` prints them."""
        return {
            "entries": self.entries,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "articles": [a.to_json() for a in self.articles],
            "values": [v.to_json() for v in self.values],
            "values_code": self.values_code,
            "values_counted": VALUES_COUNTED,
            "months": dict(self.months),
            "methods": dict(self.methods),
            "statuses": dict(self.statuses),
            "articles_by_month": {
                month: [a.to_json() for a in self.articles_by_month.get(month, ())]
                for month, _ in self.months
            },
            "values_by_month": {
                month: [v.to_json() for v in self.values_by_month.get(month, ())]
                for month, _ in self.months
            },
        }


# ---- dates --------------------------------------------------------------------------------


def local_day(created: str, zone: tzinfo | None) -> date:
    """The calendar day a stored timestamp falls on in ``zone`` (None: the system's local
    zone). A timestamp without a zone is UTC, as every timestamp in the journal is."""
    moment = datetime.fromisoformat(created)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``, both included."""
    year, month = int(first[:4]), int(first[5:7])
    months: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# ---- core values named in an entry ---------------------------------------------------------


class ValueNames:
    """Which core values a text names: a distinctive word of a value's name (Dutch or
    English, compared folded), or an inflected form of it — the same stem (Snowball, as the
    suggestions use) *and* all but the last two letters of the word (``waardigheden`` names
    ``waardigheid``; ``betrokken`` does not name ``betrokkenheid``, nor ``integrated``
    ``integrity``). Answers are remembered per word: a journal repeats its words."""

    def __init__(self, values: Sequence[CoreValue]) -> None:
        self.order = tuple(v.id for v in values)
        self._forms = WordForms()
        self._names: list[tuple[str, str, str, str]] = []  # (value id, lang, word, stem key)
        for value in values:
            for lang in ("nl", "en"):
                name = getattr(value.name, lang) or ""
                for word in dict.fromkeys(words(name)):
                    if len(word) >= MIN_NAME_WORD and word not in GENERIC_NAME_WORDS:
                        self._names.append((value.id, lang, word, self._forms.key(lang, word)))
        self._known: dict[str, tuple[str, ...]] = {}
        # Only words that begin like a name word can name a value. One search per prefix
        # (a literal start: the regex engine skips ahead to it) over the lower-cased text
        # finds them, instead of folding, splitting and looking up every word of 10,000
        # entries. When the names' words are plain ASCII (the shipped ones are), lower case
        # is all the folding the text needs; a user's catalogue with accented names gets
        # the full folding (slower: accents are decomposed).
        owners: dict[str, set[str]] = {}
        for value_id, _, word, _ in self._names:
            owners.setdefault(word[:-KEPT_LETTERS], set()).add(value_id)
        self._searches = [
            (prefix, re.compile(re.escape(prefix) + r"[^\W_]*"), frozenset(owners[prefix]))
            for prefix in sorted(owners)
        ]
        self._prepare = str.lower if all(p.isascii() for p in owners) else fold

    def of_word(self, word: str) -> tuple[str, ...]:
        found = self._known.get(word)
        if found is None:
            hits = []
            for value_id, lang, name_word, key in self._names:
                if word == name_word or (
                    word.startswith(name_word[:-KEPT_LETTERS])
                    and self._forms.key(lang, word) == key
                ):
                    hits.append(value_id)
            found = tuple(dict.fromkeys(hits))
            self._known[word] = found
        return found

    def named_in(self, text: str) -> set[str]:
        """The ids of the values ``text`` names."""
        named: set[str] = set()
        if not self._searches:
            return named
        lowered = self._prepare(text)
        for prefix, search, owners in self._searches:
            if owners <= named or prefix not in lowered:
                continue  # nothing new to find here
            for found in search.finditer(lowered):
                start = found.start()
                if start == 0 or not lowered[start - 1].isalnum():  # a word's start
                    named.update(self.of_word(fold(found.group())))
                    if owners <= named:
                        break
        return named


def core_values(catalog: Catalog | None, code: str) -> list[CoreValue]:
    found = catalog.codes.get(code) if catalog is not None else None
    return list(found.values) if found is not None else []


# ---- the computation --------------------------------------------------------------------


def _article_keys(doc: Mapping[str, Any]) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for ref in doc.get("articles") or ():
        try:
            keys.add((str(ref["code"]), int(ref["number"])))
        except (KeyError, TypeError, ValueError):
            continue  # a damaged reference counts for nothing rather than stopping the figures
    return keys


def _ranked_articles(counts: Counter[tuple[str, int]]) -> tuple[ArticleCount, ...]:
    """Most first; ties by code, then number."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))
    return tuple(ArticleCount(code, number, n) for (code, number), n in ordered)


def _ranked_values(counts: Counter[str], order: Sequence[str]) -> tuple[ValueCount, ...]:
    """Most first; ties in the code's own order of its values."""
    position = {value_id: i for i, value_id in enumerate(order)}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], position.get(kv[0], len(order))))
    return tuple(ValueCount(value_id, n) for value_id, n in ordered)


def compute_patterns(
    documents: Iterable[Mapping[str, Any]],
    catalog: Catalog | None,
    zone: tzinfo | None,
    *,
    since: date | None = None,
    until: date | None = None,
    values_code: str = DEFAULT_VALUES_CODE,
) -> Patterns:
    """Every figure of the entries written from ``since`` to ``until`` (local days, both
    included; None: no bound). ``catalog`` supplies the core values (None: none counted)."""
    values = core_values(catalog, values_code)
    names = ValueNames(values)
    total = 0
    articles: Counter[tuple[str, int]] = Counter()
    named: Counter[str] = Counter()
    months: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    month_articles: dict[str, Counter[tuple[str, int]]] = {}
    month_values: dict[str, Counter[str]] = {}
    for doc in documents:
        day = local_day(str(doc["created"]), zone)
        if (since is not None and day < since) or (until is not None and day > until):
            continue
        total += 1
        month = month_key(day)
        months[month] += 1
        statuses[str(doc.get("status") or Status.DRAFT.value)] += 1
        methods[str(doc.get("method") or NO_METHOD)] += 1
        keys = _article_keys(doc)
        articles.update(keys)
        if keys:
            month_articles.setdefault(month, Counter()).update(keys)
        value_ids = names.named_in(searchable_text_of(doc))
        named.update(value_ids)
        if value_ids:
            month_values.setdefault(month, Counter()).update(value_ids)
    order = [v.id for v in values]
    return Patterns(
        entries=total,
        articles=_ranked_articles(articles),
        values=_ranked_values(Counter({v: named.get(v, 0) for v in order}), order),
        months=tuple((m, months.get(m, 0)) for m in _month_span(months, since, until)),
        methods=tuple(sorted(methods.items(), key=lambda kv: (-kv[1], kv[0]))),
        statuses=tuple(
            [(s, statuses.get(s, 0)) for s in STATUSES]
            + sorted((s, n) for s, n in statuses.items() if s not in STATUSES)
        ),
        articles_by_month={m: _ranked_articles(c) for m, c in month_articles.items()},
        values_by_month={m: _ranked_values(c, order) for m, c in month_values.items()},
        values_code=values_code,
        since=since,
        until=until,
    )


def _month_span(months: Counter[str], since: date | None, until: date | None) -> list[str]:
    """The months a timeline shows: from ``since`` (else the first entry's month) to
    ``until`` (else the last entry's), every month in between."""
    first = month_key(since) if since is not None else min(months, default=None)
    last = month_key(until) if until is not None else max(months, default=None)
    if first is None or last is None:
        return []
    return month_range(first, last)


# ---- a count drawn as a bar (the command line, the screen and the export draw alike) -------

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL_BLOCK = "█"


def bar(count: int, most: int, width: int) -> str:
    """``count`` as a bar of block characters, ``width`` cells long for ``most``; in eighths
    of a cell, and never empty for a count above zero (a rare article must still show)."""
    if count <= 0 or most <= 0 or width <= 0:
        return ""
    eighths = max(1, round(count / most * width * 8))
    full, rest = divmod(eighths, 8)
    return FULL_BLOCK * full + (EIGHTHS[rest] if rest else "")


# ---- what each figure is called (the command line, the screen and the export alike) -------


def article_name(catalog: Catalog | None, code: str, number: int, lang: str) -> str:
    """``Artikel 10 – Vertrouwelijkheid`` from the catalogue (the code's id before it when
    it is not the code whose values are counted); else ``bpsw-2021 10``."""
    article = catalog.article(code, number) if catalog is not None else None
    if article is None:
        return t("patterns.article", lang, code=code, number=number)
    label = str(article.label(lang))
    return label if code == DEFAULT_CODE else f"{code} · {label}"


def value_name(catalog: Catalog | None, code: str, value_id: str, lang: str) -> str:
    for value in core_values(catalog, code):
        if value.id == value_id:
            return value.name.text(lang)
    return value_id


def method_label(catalog: Catalog | None, method_id: str, lang: str) -> str:
    if method_id == NO_METHOD:
        return t("patterns.method.none", lang)
    method = catalog.methods.get(method_id) if catalog is not None else None
    return method.name.text(lang) if method is not None else method_id


def status_label(status: str, lang: str) -> str:
    return t(f"patterns.status.{status}", lang) if status in STATUSES else status


def headline(patterns: Patterns, lang: str) -> str:
    """``Patterns · 42 entries · 2025-04 – 2026-03``."""
    text = t("patterns.title", lang) + " · " + t("patterns.entries", lang, count=patterns.entries)
    if patterns.months:
        first, last = patterns.months[0][0], patterns.months[-1][0]
        span = first if first == last else t("patterns.period", lang, start=first, end=last)
        text += " · " + span
    return text


FIGURES = ("status", "article", "value", "method", "month")


def figure_rows(
    patterns: Patterns, catalog: Catalog | None, lang: str
) -> dict[str, list[tuple[str, int]]]:
    """Each figure (:data:`FIGURES`) as (label, count) rows in the order to show, for the
    command line's tables, the screen's charts and table, and the export alike."""
    return {
        "status": [(status_label(s, lang), n) for s, n in patterns.statuses],
        "article": [
            (article_name(catalog, a.code, a.number, lang), a.count) for a in patterns.articles
        ],
        "value": [
            (value_name(catalog, patterns.values_code, v.id, lang), v.count)
            for v in patterns.values
        ],
        "method": [(method_label(catalog, m, lang), n) for m, n in patterns.methods],
        "month": list(patterns.months),
    }
