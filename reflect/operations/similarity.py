"""Earlier entries that resemble a text: a small TF-IDF index over the open journal.

Used to let suggestions learn from the user (articles tagged on similar earlier entries rise,
see :func:`SimilarityIndex.learned`) and to show the earlier entries most like the one being
written (:mod:`reflect.operations.earlier`). Each entry becomes a bag of word keys (folded,
stop words left out, stemmed in the entry's language), plus a *concept* key for words of a
small thesaurus (``tiener`` and ``jongere``, ``moeder`` and ``ouders``, ``vertellen`` and
``zeggen`` meet), so the same dilemma in other words still matches. A query is compared with
every entry that shares a key with it by cosine similarity over TF-IDF weights, through an
inverted index, so a query costs in proportion to the entries sharing its rarer words, not to
the size of the journal. Tagged articles have an inverted index of their own.

Privacy: the index holds word keys and titles of decrypted entries (not their text), so it
lives only in memory, for as long as the journal is open. Nothing here writes to disk;
whoever holds the index drops it when the journal is locked.

Thread safety: the app builds the index in one thread and queries it from another while
saves update it; every public method takes the index's lock.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from reflect.catalog.suggest import Learned, Precedent
from reflect.catalog.textmatch import MIN_KEY, dutch_key, fold, stemmer_for
from reflect.model import Entry, searchable_text_of

MIN_SIMILARITY = 0.15  # below this two entries share only a word or two by chance
MIN_SHARED = 2  # word keys an entry must share with the text to count as similar
QUERY_TERMS = 200  # a longer query uses its rarest keys only; the rest change little
POSTING_BUDGET = 20_000  # postings read whole per query at most: a query stays fast
RARE_SHARE = 0.02  # a key in at most this share of the entries (or RARE_MIN) is rare
RARE_MIN = 50
CANDIDATES = 300  # entries that common keys are looked up for
COMMON_SHARE = 0.5  # a key in more than this share of entries says nothing about likeness
COMMON_MIN_ENTRIES = 40  # ... once the journal has this many entries
REWEIGH_SHARE = 0.2  # when this share of the entries changed at once, reweigh them all
MIN_WORD = 3

# Function words of Dutch and English: they say nothing about what an entry is about.
_STOP = frozenset(
    """
    aan af al als bij ben bent dan dat de den der deze die dit doe doen door dus een eens
    en er ga gaat geen had heb hebben heeft hem het hier hij hoe hun ik in is ja je jij
    kan kon kun maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat
    ons ook op over te tegen toch toen tot u uit van veel voor was wat we wel werd wie
    wil worden wordt zal ze zei zelf zich zij zijn zo zou zoals zonder haar hen wij jullie
    iets niks heel echt even weer gewoon
    the and for are but not you your all any can had has have her his him she they them
    their this that with from was were will would what when who how why which into our
    out about just then than there here been being very also its it's did does doing
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Words that tell the two languages apart, to stem an entry the way its language needs.
_DUTCH_MARKERS = frozenset("de het een en van ik dat die niet op te ze hij met voor maar".split())  # noqa: SIM905
_ENGLISH_MARKERS = frozenset("the a and of i that to not she he with for but my was".split())  # noqa: SIM905
_KEY_CACHE_LIMIT = 200_000
_LETTERS = re.compile(r"[^\W\d_]+")

# Words that name the same thing in a dilemma, Dutch and English: each adds its group's key
# to an entry beside its own, so "een tiener ... zijn moeder" meets "een jongere ... ouders"
# (the own keys still make the same wording count for more). Folded words; inflections
# meet through the stem. Only words that mean the same across the contexts of social work.
_CONCEPTS: dict[str, tuple[str, str]] = {
    "youth": (
        "jongere jongeren tiener tieners puber pubers adolescent jeugdige minderjarige scholier",
        "teenager teenagers teen teens adolescent youth young youngster minor pupil",
    ),
    "child": (
        "kind kinderen kindje zoon zoontje dochter dochtertje meisje jongen peuter kleuter baby",
        "child children kid kids son daughter girl boy toddler baby",
    ),
    "parent": (
        "ouder ouders moeder vader stiefvader stiefmoeder pleegouder pleegouders pleegmoeder "
        "pleegvader mama papa gezaghebbende voogd",
        "parent parents mother father mum mom dad stepfather stepmother guardian",
    ),
    "partner": (
        "partner echtgenoot echtgenote vriendin vriend ex",
        "partner husband wife boyfriend girlfriend spouse",
    ),
    "tell": (
        "vertellen vertel doorvertellen zeggen zei zeiden doorgeven inlichten informeren delen "
        "bespreken verklappen",
        "tell told say said share inform disclose mention reveal discuss",
    ),
    "confide": (
        "vertrouwen toevertrouwen vertrouwelijk vertrouwelijkheid geheim geheimen "
        "geheimhouding beroepsgeheim zwijgplicht verzwijgen belofte beloven",
        "confidence confide confided confidential confidentiality secret secrets secrecy promise",
    ),
    "home": (
        "thuis gezin gezinnen huishouden familie thuissituatie",
        "home family families household",
    ),
    "report": (
        "melden melding meldcode signaleren aangifte",
        "report reporting notify notification",
    ),
    "police": ("politie wijkagent agent", "police officer constable"),
    "violence": (
        "geweld slaan sloeg mishandeling mishandelen mishandeld schoppen",
        "violence violent hit hitting beat beaten abuse abused assault",
    ),
    "money": (
        "geld schuld schulden lening budget budgetbeheer betalen betaling rekeningen",
        "money debt debts loan budget pay payment bills",
    ),
    "gift": (
        "cadeau cadeautje cadeaus geschenk fooi attentie bedankje",
        "gift gifts present presents tip",
    ),
    "colleague": ("collega collegas teamgenoot", "colleague colleagues coworker teammate"),
    "manager": (
        "leidinggevende manager teamleider teamleidster baas coordinator",
        "manager boss teamleader",
    ),
    "workload": (
        "werkdruk caseload overuren overwerk",
        "workload caseload overtime",
    ),
    "consent": (
        "toestemming instemming akkoord goedkeuring machtiging",
        "consent permission approval",
    ),
    "refuse": ("weigeren weigering afwijzen", "refuse refusal decline reject"),
    "danger": (
        "gevaar gevaarlijk onveilig veiligheid risico dreiging bedreiging",
        "danger dangerous unsafe safety risk threat",
    ),
    "school": ("school leerkracht juf meester docent", "school teacher"),
    "doctor": (
        "huisarts arts dokter ziekenhuis psychiater",
        "doctor physician hospital psychiatrist",
    ),
    "addiction": (
        "alcohol drank drinken drugs verslaving verslaafd blowen cannabis",
        "alcohol drink drinking drugs addiction addicted cannabis",
    ),
    "suicide": ("zelfdoding zelfmoord suicidaal doodswens", "suicide suicidal"),
    "housing": (
        "woning huurwoning huisuitzetting uitzetting ontruiming dakloos huur verhuurder",
        "housing eviction evicted homeless rent landlord flat apartment",
    ),
    "file": (
        "dossier rapportage aantekeningen verslaglegging",
        "file record records notes",
    ),
}
_CONCEPT_PREFIX = "~"  # concept keys cannot meet a word key: words have no "~"


class EntrySource(NamedTuple):
    """What the index needs of one entry, taken from the journal in one go."""

    id: str
    updated: str  # when it last changed: an unchanged entry is not read again
    title: str
    text: str
    articles: tuple[tuple[str, int], ...]  # (code, number) of each tagged article


def source_of(document: Mapping[str, Any]) -> EntrySource:
    """One stored entry document (or ``Entry.to_dict()``) as the index reads it."""
    articles = tuple(
        (str(a.get("code", "")), int(a.get("number", 0)))
        for a in document.get("articles", [])
        if isinstance(a, Mapping)
    )
    return EntrySource(
        id=str(document["id"]),
        updated=str(document.get("updated", "")),
        title=str(document.get("title") or ""),
        text=searchable_text_of(document),
        articles=articles,
    )


def source_of_entry(entry: Entry) -> EntrySource:
    return source_of(entry.to_dict())


class JournalSnapshot(NamedTuple):
    """The ids of every entry in the journal, and the entries to (re-)read."""

    ids: frozenset[str]
    sources: list[EntrySource]


def journal_sources(journal: Any, known: Mapping[str, str] | None = None) -> JournalSnapshot:
    """The entries of an open journal, ready for :meth:`SimilarityIndex.sync`.

    ``known`` (id → ``updated``, from :meth:`SimilarityIndex.stamps`) names entries the
    index already has as they are: those are not read again, so bringing an index up to
    date costs little. Run it where journal calls run (the app's gate thread); it only
    copies text out.
    """
    known = known or {}
    ids: set[str] = set()
    sources: list[EntrySource] = []
    for document in journal.documents():
        entry_id = str(document["id"])
        ids.add(entry_id)
        if known.get(entry_id) != str(document.get("updated", "")):
            sources.append(source_of(document))
    return JournalSnapshot(frozenset(ids), sources)


@dataclass(frozen=True)
class SimilarEntry:
    entry_id: str
    title: str
    score: float  # cosine similarity, 0..1
    articles: tuple[tuple[str, int], ...]
    updated: str = ""


def word_key(lang: str, word: str) -> str:
    """The key a folded word is indexed under: its stem, and for Dutch the stem smoothed
    and without a final -t or -d, so ``vertelt``, ``verteld`` and ``vertel`` meet."""
    key = stemmer_for(lang)(word)
    if lang != "nl":
        return key
    key = dutch_key(key)
    if len(key) > MIN_KEY and key[-1] in "td":
        key = dutch_key(key[:-1])
    return key


@functools.cache
def concept_keys(lang: str) -> dict[str, str]:
    """Word key → concept key, for the words of the thesaurus in ``lang``."""
    found: dict[str, str] = {}
    for concept, (dutch, english) in _CONCEPTS.items():
        for word in (dutch if lang == "nl" else english).split():
            found.setdefault(word_key(lang, word), _CONCEPT_PREFIX + concept)
    return found


class _Doc(NamedTuple):
    """An indexed entry: its keys and what a result shows, not its text."""

    id: str
    updated: str
    title: str
    articles: tuple[tuple[str, int], ...]
    counts: tuple[tuple[str, int], ...]  # key -> how often it occurs


def _meanings_shared(keys: set[str], counts: tuple[tuple[str, int], ...]) -> int:
    """How many different things two texts share: a word of the thesaurus brings its own
    key and its concept's, and counts once."""
    shared = [key for key, _ in counts if key in keys]
    with_concept = _with_concept()
    return len(shared) - sum(key in with_concept for key in shared)


@functools.cache
def _with_concept() -> frozenset[str]:
    return frozenset(concept_keys("nl")) | frozenset(concept_keys("en"))


class SimilarityIndex:
    """Entries as TF-IDF vectors over stemmed word keys, with an inverted index."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._docs: dict[str, _Doc] = {}
        self._df: Counter[str] = Counter()
        self._postings: dict[str, dict[str, float]] = defaultdict(dict)  # key -> id -> weight
        self._by_article: dict[tuple[str, int], set[str]] = defaultdict(set)  # -> entry ids
        self._keys: dict[str, dict[str, tuple[str, ...]]] = {}  # lang -> word -> keys

    def __len__(self) -> int:
        return len(self._docs)

    # ---- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, sources: Iterable[EntrySource] | JournalSnapshot) -> SimilarityIndex:
        index = cls()
        index.sync(sources)
        return index

    def stamps(self) -> dict[str, str]:
        """Each indexed entry's ``updated``: what :func:`journal_sources` need not read."""
        with self._lock:
            return {entry_id: doc.updated for entry_id, doc in self._docs.items()}

    def sync(self, sources: Iterable[EntrySource] | JournalSnapshot) -> int:
        """Make the index follow the journal: add new entries, re-read changed ones, drop
        deleted ones. ``sources`` is every entry, or a :class:`JournalSnapshot` (every id,
        and the entries that may have changed). Returns how many entries changed."""
        if isinstance(sources, JournalSnapshot):
            present, fresh = sources.ids, {source.id: source for source in sources.sources}
        else:
            fresh = {source.id: source for source in sources}
            present = frozenset(fresh)
        with self._lock:
            gone = [i for i in self._docs if i not in present]
            changed = [
                s
                for s in fresh.values()
                if s.id not in self._docs or self._docs[s.id].updated != s.updated
            ]
            self._apply(changed, gone)
            return len(changed) + len(gone)

    def update(self, source: EntrySource) -> None:
        """One entry saved (new or changed)."""
        with self._lock:
            self._apply([source], [])

    def remove(self, entry_id: str) -> None:
        with self._lock:
            self._apply([], [entry_id])

    def _apply(self, changed: list[EntrySource], gone: list[str]) -> None:
        for entry_id in [*gone, *(s.id for s in changed)]:
            self._drop(entry_id)
        added = [
            _Doc(
                source.id,
                source.updated,
                source.title,
                source.articles,
                tuple(self._counts(f"{source.title}\n{source.text}").items()),
            )
            for source in changed
        ]
        for doc in added:
            self._docs[doc.id] = doc
            self._df.update(key for key, _ in doc.counts)
            for article in doc.articles:
                self._by_article[article].add(doc.id)
        if not added:
            return
        # New entries shift every key's rarity a little; reweigh all when many changed
        # (the first build), else only the new ones (a save while typing).
        if len(added) >= REWEIGH_SHARE * len(self._docs):
            self._postings = defaultdict(dict)
            added = list(self._docs.values())
        for doc in added:
            self._post(doc)

    def _drop(self, entry_id: str) -> None:
        doc = self._docs.pop(entry_id, None)
        if doc is None:
            return
        for article in doc.articles:
            holders = self._by_article.get(article)
            if holders is not None:
                holders.discard(entry_id)
                if not holders:
                    del self._by_article[article]
        for key, _ in doc.counts:
            self._df[key] -= 1
            if self._df[key] <= 0:
                del self._df[key]
            postings = self._postings.get(key)
            if postings is not None:
                postings.pop(entry_id, None)
                if not postings:
                    del self._postings[key]

    def _idf(self, key: str) -> float:
        return math.log((1 + len(self._docs)) / (1 + self._df.get(key, 0))) + 1.0

    def _post(self, doc: _Doc) -> None:
        size, df, log, postings = 1 + len(self._docs), self._df, math.log, self._postings
        weights = [
            (key, (1 + log(count)) * (log(size / (1 + df[key])) + 1.0)) for key, count in doc.counts
        ]
        norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
        for key, weight in weights:
            postings[key][doc.id] = weight / norm

    # ---- words ----------------------------------------------------------------------------

    def _counts(self, text: str) -> Counter[str]:
        """The keys of a text's words and how often each occurs."""
        found = Counter(_LETTERS.findall(fold(text)))
        dutch = sum(found[w] for w in _DUTCH_MARKERS)
        english = sum(found[w] for w in _ENGLISH_MARKERS)
        lang = "en" if english > dutch else "nl"
        cache = self._keys.setdefault(lang, {})
        if len(cache) >= _KEY_CACHE_LIMIT:
            cache.clear()
        concepts = concept_keys(lang)
        counts: Counter[str] = Counter()
        for word, count in found.items():
            if len(word) < MIN_WORD or word in _STOP:
                continue
            keys = cache.get(word)
            if keys is None:
                key = word_key(lang, word)
                concept = concepts.get(key)
                keys = cache[word] = (key,) if concept is None else (key, concept)
            for key in keys:
                counts[key] += count
        return counts

    # ---- queries --------------------------------------------------------------------------

    def similar(
        self,
        text: str,
        limit: int = 10,
        exclude: str | None = None,
        min_score: float = MIN_SIMILARITY,
    ) -> list[SimilarEntry]:
        """The entries most like ``text``, most similar first (``exclude``: the entry being
        edited, which is always like itself)."""
        with self._lock:
            if not self._docs or limit <= 0:
                return []
            total = len(self._docs)
            # In a small journal every shared word may matter; in a big one the most common
            # keys are left out, as they would touch half the entries for little weight.
            common = total if total < COMMON_MIN_ENTRIES else COMMON_SHARE * total
            query = [
                (key, (1 + math.log(count)) * self._idf(key))
                for key, count in self._counts(text).items()
                if 0 < self._df.get(key, 0) <= common
            ]
            if not query:
                return []
            norm = math.sqrt(sum(w * w for _, w in query))
            scores = self._scores(query, total)
            scores.pop(exclude or "", None)
            best = heapq.nlargest(2 * limit, scores.items(), key=lambda item: item[1])
            keys = {key for key, _ in query}
            result: list[SimilarEntry] = []
            for entry_id, score in best:
                cosine = min(1.0, score / norm)
                if cosine < min_score or len(result) == limit:
                    break
                doc = self._docs[entry_id]
                # One shared word can make two short entries look alike; it takes two.
                if _meanings_shared(keys, doc.counts) >= MIN_SHARED:
                    result.append(
                        SimilarEntry(entry_id, doc.title, cosine, doc.articles, doc.updated)
                    )
            return result

    def sharing_articles(
        self,
        articles: Iterable[tuple[str, int]],
        at_least: int = 1,
        min_overlap: float = 0.0,
        limit: int = 10,
        exclude: str | None = None,
    ) -> list[SimilarEntry]:
        """The entries tagged with at least ``at_least`` of ``articles`` and whose articles
        overlap them by at least ``min_overlap`` (Jaccard: shared over all), most overlap
        first, then the most recently changed; the score is that overlap."""
        wanted = set(articles)
        if not wanted or limit <= 0:
            return []
        with self._lock:
            holders = [self._by_article.get(article, set()) for article in wanted]
            if at_least <= 1:
                ids: set[str] = set().union(*holders)
            else:  # set operations, not a count per entry: a common article has thousands
                ids = set()
                for i, first in enumerate(holders):
                    for second in holders[i + 1 :]:
                        ids |= first & second
            ids.discard(exclude or "")
            scored: list[tuple[float, str, str]] = []
            for entry_id in ids:
                doc = self._docs[entry_id]
                tagged = set(doc.articles)
                shared = len(tagged & wanted)
                overlap = shared / len(tagged | wanted)
                if shared >= at_least and overlap >= min_overlap:
                    scored.append((overlap, doc.updated, entry_id))
            best = heapq.nlargest(limit, scored)
            return [
                SimilarEntry(
                    entry_id,
                    self._docs[entry_id].title,
                    overlap,
                    self._docs[entry_id].articles,
                    updated,
                )
                for overlap, updated, entry_id in best
            ]

    def _scores(self, query: list[tuple[str, float]], total: int) -> dict[str, float]:
        """Dot products of the query with the entries that can come out on top.

        Rare keys are cheap (short posting lists) and decide who is alike: their postings
        are read whole and give the candidates. Common keys would mean reading thousands of
        postings each, so they are only looked up for the best candidates. The cost is
        bounded whatever the journal's size, and the top entries' scores are exact.
        """
        rare_limit = max(RARE_MIN, RARE_SHARE * total)
        by_rarity = sorted(query, key=lambda item: self._df[item[0]])[:QUERY_TERMS]
        scores: dict[str, float] = defaultdict(float)
        budget = POSTING_BUDGET
        rest: list[tuple[str, float]] = []
        for key, weight in by_rarity:
            postings = self._postings.get(key, {})
            read_whole = self._df[key] <= rare_limit or len(scores) < CANDIDATES
            if read_whole and len(postings) <= budget:
                budget -= len(postings)
                for entry_id, doc_weight in postings.items():
                    scores[entry_id] += weight * doc_weight
            else:
                rest.append((key, weight))
        if rest and scores:
            candidates = heapq.nlargest(CANDIDATES, scores, key=scores.__getitem__)
            for key, weight in rest:
                postings = self._postings.get(key, {})
                for entry_id in candidates:
                    weight_there = postings.get(entry_id)
                    if weight_there is not None:
                        scores[entry_id] += weight * weight_there
        return scores

    def learned(
        self, text: str, exclude: str | None = None, limit: int = 8, code: str | None = None
    ) -> Learned:
        """The articles tagged on the entries most like ``text``, with those entries: what
        :func:`reflect.catalog.suggest.suggest` takes as ``learned``."""
        found: dict[tuple[str, int], list[Precedent]] = defaultdict(list)
        for similar in self.similar(text, limit=limit, exclude=exclude):
            for article in dict.fromkeys(similar.articles):
                if code is None or article[0] == code:
                    found[article].append(
                        Precedent(similar.entry_id, similar.title, round(similar.score, 4))
                    )
        return dict(found)
