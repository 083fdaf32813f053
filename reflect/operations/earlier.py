"""Earlier reasoning (moresprudentie): the earlier entries most like one being written, with
what was decided then.

One rule for the app's pane and ``reflect similar``: an earlier entry's *similarity* is a
weighted sum of how alike the texts are (cosine over the journal's similarity index, see
:mod:`reflect.operations.similarity`) and how alike the tagged articles are (Jaccard: the
articles both carry over the articles either carries). Text decides; shared articles raise
an entry, and an entry that shares at least two articles is found even when it is worded
apart. The entry itself never comes up, nor an entry no longer in the journal.

Ranking (:func:`rank_earlier`) reads the index only, so it can run off the journal's thread
while someone types; :func:`describe` then reads what was decided from the journal, where
journal calls run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reflect.model import Entry
from reflect.operations.similarity import (
    MIN_SIMILARITY,
    SimilarEntry,
    SimilarityIndex,
    journal_sources,
)

DEFAULT_LIMIT = 5
W_ARTICLES = 0.25  # the share of the similarity that comes from the tagged articles
MIN_EARLIER = (1 - W_ARTICLES) * MIN_SIMILARITY  # below this, not worth showing
ARTICLES_ALONE = 2  # articles an entry must share to be found without a like text
ARTICLES_ALONE_JACCARD = 0.5  # ... and at least this share of the articles either carries
TEXT_POOL = 4  # text matches looked at per entry shown: article overlap can reorder them

Article = tuple[str, int]


@dataclass(frozen=True)
class Ranked:
    """An earlier entry found like the text, before its decision is read."""

    entry_id: str
    title: str
    similarity: float  # 0..1
    shared_articles: tuple[Article, ...]


@dataclass(frozen=True)
class Earlier:
    """An earlier entry like the one written, and what was decided then."""

    entry_id: str
    title: str
    created: datetime
    similarity: float
    shared_articles: tuple[Article, ...]
    decision: str
    rationale: str
    status: str

    @property
    def rationale_first_line(self) -> str:
        return next((line.strip() for line in self.rationale.splitlines() if line.strip()), "")

    def to_json(self) -> dict[str, Any]:
        """What ``reflect similar --json`` gives for it."""
        return {
            "id": self.entry_id,
            "title": self.title,
            "created": self.created.isoformat(),
            "similarity": round(self.similarity, 3),
            "shared_articles": [{"code": c, "number": n} for c, n in self.shared_articles],
            "decision": self.decision,
            "status": self.status,
        }


def jaccard(first: Iterable[Article], second: Iterable[Article]) -> float:
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a or b else 0.0


def rank_earlier(
    index: SimilarityIndex,
    text: str,
    articles: Iterable[Article],
    *,
    exclude: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Ranked]:
    """The entries most like ``text`` and ``articles``, most similar first (ties: the most
    recently changed first). ``exclude`` is the entry being written. No text, no result: a
    draft without words says nothing to compare yet."""
    if limit <= 0 or not text.strip():
        return []
    tagged = set(articles)
    pool: dict[str, SimilarEntry] = {}
    text_score: dict[str, float] = {}
    for hit in index.similar(text, limit=max(TEXT_POOL * limit, 20), exclude=exclude):
        pool[hit.entry_id] = hit
        text_score[hit.entry_id] = hit.score
    if len(tagged) >= ARTICLES_ALONE:
        alike = index.sharing_articles(
            tagged,
            at_least=ARTICLES_ALONE,
            min_overlap=ARTICLES_ALONE_JACCARD,
            limit=limit + len(pool),  # enough to fill the list past those found by text
            exclude=exclude,
        )
        for hit in alike:
            pool.setdefault(hit.entry_id, hit)
    ranked: list[tuple[float, str, Ranked]] = []
    for entry_id, hit in pool.items():
        score = (1 - W_ARTICLES) * text_score.get(entry_id, 0.0)
        score += W_ARTICLES * jaccard(tagged, hit.articles)
        if score < MIN_EARLIER:
            continue
        shared = tuple(a for a in dict.fromkeys(hit.articles) if a in tagged)
        ranked.append((score, hit.updated, Ranked(entry_id, hit.title, min(1.0, score), shared)))
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [item[2] for item in ranked[:limit]]


def describe(journal: Any, ranked: Sequence[Ranked]) -> list[Earlier]:
    """What was decided in each ranked entry, read from the journal (run where journal
    calls run). An entry destroyed since the index saw it is left out."""
    found: list[Earlier] = []
    for hit in ranked:
        if not journal.has(hit.entry_id):
            continue
        entry: Entry = journal.get(hit.entry_id)
        found.append(
            Earlier(
                entry_id=entry.id,
                title=entry.title,
                created=entry.created,
                similarity=hit.similarity,
                shared_articles=hit.shared_articles,
                decision=entry.decision,
                rationale=entry.rationale,
                status=entry.status.value,
            )
        )
    return found


def earlier_for_entry(journal: Any, entry: Entry, limit: int = DEFAULT_LIMIT) -> list[Earlier]:
    """The earlier entries most like ``entry`` (``reflect similar``): the index is built for
    this one call, in memory, from the open journal."""
    index = SimilarityIndex.build(journal_sources(journal))
    articles = [(a.code, a.number) for a in entry.articles]
    ranked = rank_earlier(index, entry.searchable_text(), articles, exclude=entry.id, limit=limit)
    return describe(journal, ranked)
