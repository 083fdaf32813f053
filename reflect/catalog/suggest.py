"""Suggest the articles and frameworks an entry's text most likely touches.

Runs on every pause in typing, so the work is split in two. Once per catalogue and code, an
index maps the *keys* (smoothed stems, see :class:`~reflect.catalog.textmatch.WordForms`) of
every keyword, theme keyword and heading word to the articles and frameworks they point at.
Per call, the text is folded and split into words and sentences, each distinct word's keys
are worked out once (and remembered), and the matches are summed. People write loosely, so:

- a word has several keys: ``vertelt``, ``verteld``, ``zei`` and ``told`` meet the keywords
  ``vertellen``, ``zeggen`` and ``tell``; a long Dutch word that matches nothing whole is
  tried as a compound (``kindermishandelingsmelding``);
- a phrase matches with other words between its words, within one sentence ("niet aan haar
  moeder te vertellen" meets "niet vertellen"), a Dutch two-word verb phrase in either order
  ("deel die informatie" meets "informatie delen"), and a separable verb split in two
  ("vertelt het door", "door te vertellen" meet "doorvertellen");
- rules from ``articles/vocabulary.yaml`` combine signals: a request for secrecy plus a
  danger raises the conflict of duties; related articles lift each other (13 lifts 10);
- what the user tagged on earlier entries that resemble this text raises those articles
  (``learned``, computed by :mod:`reflect.operations.similarity` from the open journal).

The result is a hint for a professional, not a verdict: every suggestion says which words in
the text, which rule or which earlier entries led to it, and articles whose heading is
unknown are only offered tentatively, one block at a time.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reflect.catalog.catalog import DEFAULT_CODE, Catalog
from reflect.catalog.schema import ArticleStatus, Bilingual, Code, Keywords
from reflect.catalog.textmatch import WordForms, clauses_and_words, fold
from reflect.catalog.vocabulary import Vocabulary, load_vocabulary
from reflect.i18n import current_language, t

# How much one matched word counts, by the path from the word to the article or framework.
W_KEYWORD = 1.0  # a keyword of the article or framework itself
W_THEME = 0.6  # a keyword of one of its themes
W_FRAMEWORK_THEME = 0.7  # a keyword of a theme the framework applies to
W_HEADING = 0.5  # a word of the article's heading
W_TEXT = 0.25  # a rare word of the paraphrase or norm of an article without keywords
W_GROUP = 0.45  # a theme keyword of the block an unknown article probably belongs to
W_LEARNED = 2.0  # per unit of similarity of an earlier entry on which the user tagged it
LEARNED_CAP = 1.5  # similarities summed over earlier entries count up to this much
RULE_WORDS = 2  # words of each signal a rule's reason names
MIN_RAW = 0.9  # below this a match is noise: one stray theme word is not a suggestion
SCALE = 2.5  # raw sums map to 0..1 as 1 - exp(-raw / SCALE)
MAX_TEXT_DF = 3  # a paraphrase word in more articles than this says nothing specific
COMPOUND_MIN_WORD = 8  # only words this long are tried as compounds
COMPOUND_MIN_PART = 5  # and only keys this long may be found inside them
TOKEN_CACHE_LIMIT = 50_000
# Words that may sit between two words of a phrase, within one sentence. People write
# "zonder haar uitdrukkelijke toestemming" and "niet aan haar moeder te vertellen".
PHRASE_GAP = 5
REVERSED_GAP = 3  # a Dutch verb phrase the other way round: "deel de informatie"
PARTICLE_BEFORE_GAP = 2  # "door te vertellen", "door mogen geven"
PARTICLE_AFTER_GAP = 6  # "vertelt het aan niemand door": the particle ends the clause
# A two-word phrase starting with one of these is not turned round: "in vertrouwen" is not
# "vertrouwen in".
_NOT_REVERSED = frozenset(
    "aan bij in met naar om onder op over tegen tot tussen uit van voor zonder".split()  # noqa: SIM905
)
_LANGS = ("nl", "en", "raw")

_LETTERS = re.compile(r"[^\W\d_]+")
# Too common to say anything about an article; kept out of the heading and text words.
_STOPWORDS = frozenset(
    """
    aan als bij dat de den der des deze die dit door een en het hij hoe hun haar ik in is
    je jij kan met mijn naar niet nog of om onder ook op over te ten ter tot uit van voor
    wat wel wie zij zich zijn zo zonder worden wordt werd maar meer dan dus omdat waar
    wanneer altijd anders andere alle elke iedere zoals zodat mensen mens client clienten
    professional hebben heeft moet moeten kunnen kun willen wil zullen zal gaan gaat doen
    doet maken komen komt weten weet zorgen zorg zorgt laten houden geven krijgen staan
    blijven duidelijk duidelijke goed goede eigen zelf anderen iemand niemand alles niets
    a an and are as at be by for from in into is it of on or that the their them they this
    to with your you people person client clients professional have has must should can
    will would make makes keep give take what when where which while other others own
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True)
class Precedent:
    """An earlier entry of the user's own journal on which an article was tagged."""

    entry_id: str
    title: str
    similarity: float  # 0..1, how much that entry's text resembles this one


# (code, article number) -> the earlier similar entries on which the user tagged it.
Learned = Mapping[tuple[str, int], Sequence[Precedent]]


@dataclass(frozen=True)
class Suggestion:
    """An article or framework the text probably touches, and why."""

    kind: str  # "article" or "framework"
    code: str | None
    number: int | None
    framework_id: str | None
    score: float  # 0..1; higher is more likely
    reasons: list[str] = field(hash=False)
    matched: tuple[str, ...] = ()  # the words of the text that led here, for highlighting
    tentative: bool = False  # only a guess from the article's probable block
    # A tentative suggestion stands for its whole block of unknown articles: their numbers
    # (``number`` is the first) and the group's id. Empty for every other suggestion.
    block: tuple[int, ...] = ()
    group: str | None = None
    precedents: tuple[str, ...] = ()  # ids of earlier entries whose tags raised it

    @property
    def key(self) -> str:
        return f"{self.code}:{self.number}" if self.kind == "article" else f"{self.framework_id}"

    def to_dict(self) -> dict[str, object]:
        """The suggestion as ``reflect articles --suggest --json`` prints it."""
        data: dict[str, object] = {"kind": self.kind}
        if self.kind == "article":
            data.update(code=self.code, number=self.number)
        else:
            data["id"] = self.framework_id
        data.update(score=self.score, reasons=list(self.reasons), matched=list(self.matched))
        if self.tentative:
            data.update(tentative=True, block=list(self.block), group=self.group)
        if self.precedents:
            data["precedents"] = list(self.precedents)
        return data


Target = tuple[str, str, int | None]  # (kind, code or framework id, number); kind "theme" too


class _TokenInfo(NamedTuple):
    keys: tuple[tuple[str, ...], ...]  # per language of _LANGS: the word's keys
    terms: tuple[int, ...]
    starts_phrase: bool


class _Phrase(NamedTuple):
    keys: tuple[str, ...]  # in the order they must appear in the text
    term: int
    gap: int  # how many words may sit between two of them


@dataclass(frozen=True)
class _Link:
    target: Target
    weight: float
    via: str  # "keyword", "theme", "heading", "text", "group"; "signal" for theme detection
    label: Bilingual | None  # the theme or group name, for the reason


@dataclass(frozen=True)
class _Extra:
    """A contribution that is not one matched word: a rule, a related article, learning."""

    weight: float
    via: str  # "rule", "related", "learned"
    label: str | Bilingual
    words: tuple[str, ...] = ()
    precedents: tuple[Precedent, ...] = ()


def _prefix_keys(word: str) -> tuple[str, ...]:
    """The short prefixes under which a word may share a key with an indexed term.

    Keys keep a word's first three letters, except when a doubled vowel is undoubled
    (``taak`` → ``tak``) or ``-ying`` shrinks (``lying`` → ``lie``): both are covered by a
    second key.
    """
    first = word[:3]
    if len(word) > 3 and word[1] == word[2]:
        return (first, word[0] + word[1] + word[3])
    if word[1:2] == "y":
        return (first, word[0] + "ie")
    return (first,)


@dataclass
class SuggestIndex:
    """Everything needed to score a text against one code and all frameworks."""

    vocabulary: Vocabulary
    code: str | None = None  # the code whose articles are indexed
    single: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    phrases: dict[tuple[str, str], list[_Phrase]] = field(default_factory=dict)
    compound_parts: frozenset[str] = frozenset()
    links: list[list[_Link]] = field(default_factory=list)
    # First letters of every indexed key and word, per language: a text word whose start
    # is not among them cannot match, so it is never stemmed (Snowball in pure Python costs
    # about 0.1-0.2 ms a word, which would dominate the first call on a long text).
    prefixes: dict[str, frozenset[str]] = field(default_factory=dict)
    # Articles of the code by theme, for rules that raise a theme's articles.
    theme_articles: dict[str, list[Target]] = field(default_factory=dict)
    _term_ids: dict[tuple[str, tuple[str, ...]], int] = field(default_factory=dict)
    _phrase_seen: set[tuple[str, tuple[str, ...], int]] = field(default_factory=set)
    _tokens: dict[str, _TokenInfo] = field(default_factory=dict)
    _prefix_sets: dict[str, set[str]] = field(default_factory=dict)

    @property
    def forms(self) -> WordForms:
        return self.vocabulary.forms

    def _key(self, lang: str, word: str) -> str:
        return word if lang == "raw" else self.forms.key(lang, word)

    def add(self, lang: str, phrase: str, link: _Link) -> None:
        if lang not in ("nl", "en"):
            lang = "raw"  # no stemmer: such words match only exactly
        raw = _LETTERS.findall(fold(phrase))
        keys = tuple(self._key(lang, word) for word in raw)
        if not keys:
            return
        prefixes = self._prefix_sets.setdefault(lang, set())
        for word, key in zip(raw, keys, strict=True):
            prefixes.update((word[:3], key[:3]))
        term_key = (lang, keys)
        term = self._term_ids.get(term_key)
        if term is None:
            term = len(self.links)
            self._term_ids[term_key] = term
            self.links.append([])
            if len(keys) == 1:
                self.single.setdefault((lang, keys[0]), []).append(term)
            else:
                self._phrase(lang, keys, term, PHRASE_GAP)
            self._variants(lang, raw, keys, term)
        self.links[term].append(link)

    def _phrase(self, lang: str, keys: tuple[str, ...], term: int, gap: int) -> None:
        seen = (lang, keys, term)
        if seen in self._phrase_seen:
            return
        self._phrase_seen.add(seen)
        self.phrases.setdefault((lang, keys[0]), []).append(_Phrase(keys, term, gap))

    def _variants(self, lang: str, raw: list[str], keys: tuple[str, ...], term: int) -> None:
        """The other shapes a Dutch keyword takes in a sentence."""
        if lang != "nl":
            return
        if len(keys) == 2 and raw[0] not in _NOT_REVERSED:
            self._phrase(lang, (keys[1], keys[0]), term, REVERSED_GAP)
        split = self.forms.split_particle(raw[-1])
        if split is None:
            return
        particle, verb = split
        head = keys[:-1]
        prefixes = self._prefix_sets.setdefault(lang, set())
        verb_key, particle = self._key(lang, verb), self._key(lang, particle)
        prefixes.update((verb[:3], verb_key[:3], split[0][:3], particle[:3]))
        # "door te vertellen" (the particle first, in order with the rest of the phrase);
        # for one word also "vertelt het door" (the particle last, ending the clause).
        self._phrase(lang, (*head, particle, verb_key), term, PARTICLE_BEFORE_GAP)
        if not head:
            self._phrase(lang, (verb_key, particle), term, PARTICLE_AFTER_GAP)

    def finish(self) -> None:
        parts = {keys[0] for (lang, keys) in self._term_ids if lang == "nl" and len(keys) == 1}
        self.compound_parts = frozenset(p for p in parts if len(p) >= COMPOUND_MIN_PART)
        self.prefixes = {lang: frozenset(found) for lang, found in self._prefix_sets.items()}

    def _keys(self, lang: str, word: str) -> tuple[str, ...]:
        """A text word's keys in one language; none when its start rules out every term."""
        prefixes = self.prefixes.get(lang)
        if not prefixes:
            return ()
        found: list[str] = []
        for candidate in self.forms.candidates(lang, word):
            if any(key in prefixes for key in _prefix_keys(candidate)):
                found += self.forms.keys_of(lang, candidate)
        return tuple(dict.fromkeys(found))

    def token(self, word: str) -> _TokenInfo:
        """A word's keys, the single-word terms it matches, and whether a phrase may start
        with it. Remembered, because a text repeats its words."""
        cached = self._tokens.get(word)
        if cached is not None:
            return cached
        keys = (self._keys("nl", word), self._keys("en", word), (word,))
        terms: list[int] = []
        starts = False
        for lang, lang_keys in zip(_LANGS, keys, strict=True):
            for key in lang_keys:
                terms += self.single.get((lang, key), ())
                starts = starts or (lang, key) in self.phrases
        if not terms and len(word) >= COMPOUND_MIN_WORD:
            terms = self._compound(word)
        if len(self._tokens) >= TOKEN_CACHE_LIMIT:
            self._tokens.clear()
        result = _TokenInfo(keys, tuple(dict.fromkeys(terms)), starts)
        self._tokens[word] = result
        return result

    def _compound(self, word: str) -> list[int]:
        parts = self.compound_parts
        found: list[int] = []
        for cut in range(4, len(word) - 3):
            head, tail = word[:cut], word[cut:]
            if head in parts:
                found += self.single.get(("nl", head), ())
            if len(tail) >= COMPOUND_MIN_PART:
                for tail_key in self._keys("nl", tail):
                    if tail_key in parts:
                        found += self.single.get(("nl", tail_key), ())
        return found


def _add_keywords(index: SuggestIndex, keywords: Keywords, link: _Link) -> None:
    for lang, words in keywords.items():
        for phrase in words:
            index.add(lang, phrase, link)


def _content_words(text: str, min_length: int = 4) -> set[str]:
    return {w for w in _LETTERS.findall(fold(text)) if len(w) >= min_length and w not in _STOPWORDS}


def build_index(
    catalog: Catalog, code: Code | None, vocabulary: Vocabulary | None = None
) -> SuggestIndex:
    """Index one code's articles and every framework (done once, then cached)."""
    index = SuggestIndex(vocabulary or load_vocabulary(), code.id if code is not None else None)
    if code is not None:
        _index_code(index, catalog, code)
    for framework in catalog.frameworks.values():
        target: Target = ("framework", framework.id, None)
        _add_keywords(index, framework.keywords, _Link(target, W_KEYWORD, "keyword", None))
        for theme_id in framework.applies_when:
            theme = catalog.theme(None, theme_id)
            if theme is not None:
                link = _Link(target, W_FRAMEWORK_THEME, "theme", theme.name)
                _add_keywords(index, theme.keywords, link)
    # Every theme is also detected on its own, for the rules that combine themes.
    themes = {**catalog.themes, **(code.themes if code is not None else {})}
    for theme_id, theme in themes.items():
        link = _Link(("theme", theme_id, None), 0.0, "signal", theme.name)
        _add_keywords(index, theme.keywords, link)
    index.finish()
    return index


def _index_code(index: SuggestIndex, catalog: Catalog, code: Code) -> None:
    # An article without keywords (an organisation's own code, an article first known from
    # an imported PDF) is found by the words of its paraphrase and norm instead, but only by
    # words specific to a few articles: the rest would match every text.
    texts: dict[int, dict[str, set[str]]] = {}
    frequency: dict[str, int] = defaultdict(int)
    for article in code.articles.values():
        by_lang: dict[str, set[str]] = defaultdict(set)
        if article.keywords:
            texts[article.number] = by_lang
            continue
        if article.paraphrase:
            by_lang["nl"] |= _content_words(article.paraphrase.nl or "", 5)
            by_lang["en"] |= _content_words(article.paraphrase.en or "", 5)
        if article.norm:
            by_lang[code.language] |= _content_words(article.norm, 5)
        texts[article.number] = by_lang
        for word in set().union(*by_lang.values()) if by_lang else set():
            frequency[word] += 1

    tentative: dict[int, list[tuple[Bilingual, str]]] = defaultdict(list)
    for group in code.groups:
        for number in group.probable:
            for theme_id in group.themes:
                tentative[number].append((group.name, theme_id))

    for article in code.articles.values():
        target: Target = ("article", code.id, article.number)
        for theme_id in article.themes:
            index.theme_articles.setdefault(theme_id, []).append(target)
        _add_keywords(index, article.keywords, _Link(target, W_KEYWORD, "keyword", None))
        for theme_id in article.themes:
            theme = catalog.theme(code.id, theme_id)
            if theme is not None:
                link = _Link(target, W_THEME, "theme", theme.name)
                _add_keywords(index, theme.keywords, link)
        if article.heading:
            for word in _content_words(article.heading):
                index.add(code.language, word, _Link(target, W_HEADING, "heading", None))
        for lang, words in texts[article.number].items():
            for word in words:
                if frequency[word] <= MAX_TEXT_DF:
                    index.add(
                        lang if lang in ("nl", "en") else code.language,
                        word,
                        _Link(target, W_TEXT, "text", None),
                    )
        if article.status is ArticleStatus.UNKNOWN:
            for group_name, theme_id in tentative.get(article.number, []):
                theme = catalog.theme(code.id, theme_id)
                if theme is not None:
                    link = _Link(target, W_GROUP, "group", group_name)
                    _add_keywords(index, theme.keywords, link)


def index_for(catalog: Catalog, code: str) -> SuggestIndex:
    """The cached index for a code (built on first use)."""
    index = catalog._indexes.get(code)
    if not isinstance(index, SuggestIndex):
        index = build_index(catalog, catalog.codes.get(code))
        catalog._indexes[code] = index
    return index


class _Hit(NamedTuple):
    times: int  # how often the word or phrase occurs
    positions: frozenset[int]  # where its words are in the text


def _matches(index: SuggestIndex, text: str) -> dict[int, dict[str, _Hit]]:
    """Term id → the words (or phrases) of the text that matched it, and where."""
    words = clauses_and_words(text, index.vocabulary.contractions)
    where: dict[str, list[int]] = defaultdict(list)
    for position, word in enumerate(words):
        if word:
            where[word].append(position)
    hits: dict[int, dict[str, _Hit]] = defaultdict(dict)
    infos: dict[str, _TokenInfo] = {}
    for word, positions in where.items():
        info = index.token(word)
        infos[word] = info
        for term in info.terms:
            hits[term][word] = _Hit(len(positions), frozenset(positions))
    # A phrase is only looked for where it starts when all its words are in the text:
    # most phrases start with a common word ("niet", "in", "wil") and are not there.
    present = [{key for info in infos.values() for key in info.keys[slot]} for slot in (0, 1, 2)]
    for word, positions in where.items():
        if not infos[word].starts_phrase:
            continue
        candidates = [
            (slot, phrase)
            for slot, lang in enumerate(_LANGS)
            for key in infos[word].keys[slot]
            for phrase in index.phrases.get((lang, key), ())
            if all(wanted in present[slot] for wanted in phrase.keys[1:])
        ]
        for start in positions:
            for slot, phrase in candidates:
                found = _phrase_at(words, infos, start, phrase, slot)
                if found is None:
                    continue
                surface, taken = found
                known = hits[phrase.term].get(surface)
                if known is None:
                    hits[phrase.term][surface] = _Hit(1, taken)
                elif not taken <= known.positions:
                    hits[phrase.term][surface] = _Hit(known.times + 1, known.positions | taken)
    return hits


def _phrase_at(
    words: list[str], infos: dict[str, _TokenInfo], start: int, phrase: _Phrase, slot: int
) -> tuple[str, frozenset[int]] | None:
    """The phrase as written when it starts at ``start`` and the positions of its words, or
    None when it does not match there.

    Each next word of the phrase is looked for among the following ``phrase.gap + 1`` words
    of the same sentence; skipped words show as "…" in what is returned.
    """
    parts = [words[start]]
    taken = [start]
    position = start
    for wanted in phrase.keys[1:]:
        for ahead in range(position + 1, min(position + phrase.gap + 2, len(words))):
            word = words[ahead]
            if not word:
                return None  # the sentence ended first
            if wanted in infos[word].keys[slot]:
                if ahead > position + 1:
                    parts.append("…")
                parts.append(word)
                taken.append(ahead)
                position = ahead
                break
        else:
            return None
    return " ".join(parts), frozenset(taken)


# Per target, each matched word (or phrase) with its weight, strongest link and count.
_Words = dict[str, tuple[float, _Link, int]]


def _without_overlap(found: dict[str, tuple[float, _Link, _Hit]]) -> _Words:
    """The matches that do not reuse a word already counted: strongest and longest first."""
    order = sorted(found.items(), key=lambda item: (-item[1][0], -len(item[1][2].positions)))
    used: set[int] = set()
    kept: _Words = {}
    for surface, (weight, link, hit) in order:
        if hit.positions & used:
            continue
        used |= hit.positions
        kept[surface] = (weight, link, hit.times)
    return kept


class _Scored(NamedTuple):
    raw: float
    target: Target
    words: _Words
    extras: list[_Extra]


def suggest(
    text: str,
    catalog: Catalog,
    code: str = DEFAULT_CODE,
    limit: int = 8,
    lang: str | None = None,
    learned: Learned | None = None,
) -> list[Suggestion]:
    """Rank the articles of ``code`` and the frameworks that ``text`` most likely touches.

    ``learned`` maps articles to the user's earlier entries that resemble ``text`` and on
    which they were tagged (see :func:`reflect.operations.similarity.SimilarityIndex.learned`).
    """
    if not text.strip() or limit <= 0:
        return []
    index = index_for(catalog, code)
    hits = _matches(index, text)

    # Per target, each matched word counts once, along its strongest path, and words
    # already counted inside a longer phrase ("niet door … vertellen") not again alone.
    candidates: dict[Target, dict[str, tuple[float, _Link, _Hit]]] = defaultdict(dict)
    signals: dict[str, dict[str, tuple[float, _Link, _Hit]]] = defaultdict(dict)
    for term, found in hits.items():
        for surface, hit in found.items():
            for link in index.links[term]:
                if link.via == "signal":
                    signals[link.target[1]][surface] = (0.0, link, hit)
                    continue
                current = candidates[link.target].get(surface)
                if current is None or link.weight > current[0]:
                    candidates[link.target][surface] = (link.weight, link, hit)
    best = {target: _without_overlap(found) for target, found in candidates.items()}
    themes = {theme: set(_without_overlap(found)) for theme, found in signals.items()}

    chosen = lang or current_language()
    extras: dict[Target, list[_Extra]] = defaultdict(list)
    _apply_rules(index, catalog, themes, extras)
    _apply_learned(code, learned, extras)
    raws = {
        target: _raw(best.get(target, {}), extras.get(target, [])) for target in {*best, *extras}
    }
    _apply_related(index, catalog, code, raws, extras, chosen)

    ranked: list[_Scored] = []
    for target in {*best, *extras}:
        raw = _raw(best.get(target, {}), extras.get(target, []))
        if raw >= MIN_RAW:
            ranked.append(_Scored(raw, target, best.get(target, {}), extras.get(target, [])))
    ranked.sort(key=lambda item: (-item.raw, item.target[0], item.target[1], item.target[2] or 0))
    ranked, blocks = _one_per_block(ranked, catalog.codes.get(code))

    result: list[Suggestion] = []
    for raw, (kind, owner, number), words, added in ranked[:limit]:
        block, group = blocks.get((kind, owner, number), ((), None))
        precedents = [p.entry_id for extra in added for p in extra.precedents]
        matched = {*words, *(w for extra in added for w in extra.words)}
        result.append(
            Suggestion(
                kind=kind,
                code=owner if kind == "article" else None,
                number=number,
                framework_id=owner if kind == "framework" else None,
                score=round(1 - math.exp(-raw / SCALE), 4),
                reasons=_reasons(words, added, chosen),
                matched=tuple(sorted(matched)),
                tentative=_only_group(words, added),
                block=block,
                group=group,
                precedents=tuple(dict.fromkeys(precedents)),
            )
        )
    return result


def _raw(words: _Words, extras: list[_Extra]) -> float:
    found = sum(weight * (1 + 0.25 * math.log(count)) for weight, _, count in words.values())
    return found + sum(extra.weight for extra in extras)


def _only_group(words: _Words, extras: list[_Extra]) -> bool:
    """Reached only through the probable block of an unknown article: a guess."""
    return not extras and bool(words) and all(link.via == "group" for _, link, _ in words.values())


def _apply_rules(
    index: SuggestIndex,
    catalog: Catalog,
    themes: dict[str, set[str]],
    extras: dict[Target, list[_Extra]],
) -> None:
    for rule in index.vocabulary.rules:
        lines: list[set[str]] = []
        for line in rule.when:
            met = set().union(*(themes.get(theme, set()) for theme in line))
            if not met:
                break
            lines.append(met)
        else:
            if len(set().union(*lines)) < rule.min_words:
                continue
            # The reason names a few words of each signal: "beloven", "mes".
            shown = tuple(dict.fromkeys(w for met in lines for w in sorted(met)[:RULE_WORDS]))
            for framework_id, weight in rule.frameworks.items():
                if framework_id in catalog.frameworks:
                    target: Target = ("framework", framework_id, None)
                    extras[target].append(_Extra(weight, "rule", rule.name, shown))
            for theme_id, weight in rule.themes.items():
                for target in index.theme_articles.get(theme_id, []):
                    extras[target].append(_Extra(weight, "rule", rule.name, shown))
            for (code_id, number), weight in rule.articles.items():
                found = catalog.codes.get(code_id)
                if code_id == index.code and found is not None and number in found.articles:
                    target = ("article", code_id, number)
                    extras[target].append(_Extra(weight, "rule", rule.name, shown))


def _apply_learned(code: str, learned: Learned | None, extras: dict[Target, list[_Extra]]) -> None:
    """Articles the user tagged on earlier entries like this one rise with the likeness."""
    for (owner, number), precedents in (learned or {}).items():
        if owner != code or not precedents:
            continue
        weight = W_LEARNED * min(LEARNED_CAP, sum(p.similarity for p in precedents))
        ordered = tuple(sorted(precedents, key=lambda p: -p.similarity))
        extras[("article", owner, number)].append(_Extra(weight, "learned", "", (), ordered))


def _apply_related(
    index: SuggestIndex,
    catalog: Catalog,
    code: str,
    raws: dict[Target, float],
    extras: dict[Target, list[_Extra]],
    lang: str,
) -> None:
    """One article lifts a related one by a share of its own score (not in a chain)."""
    found = catalog.codes.get(code)
    if found is None:
        return
    for related in index.vocabulary.related:
        if related.code != code or related.target not in found.articles:
            continue
        sources = [(raws.get(("article", code, number), 0.0), number) for number in related.sources]
        raw, number = max(sources, default=(0.0, 0))
        if raw < MIN_RAW:
            continue
        article = found.articles.get(number)
        label = article.label(lang) if article else str(number)
        target: Target = ("article", code, related.target)
        extras[target].append(_Extra(related.share * raw, "related", label))


def _one_per_block(
    ranked: list[_Scored], code: Code | None
) -> tuple[list[_Scored], dict[Target, tuple[tuple[int, ...], str | None]]]:
    """Keep one suggestion per block of tentative articles, the first of the block.

    Unknown articles reached only through their probable block (``via == "group"``) all match
    the same words with the same score: a text about case files would otherwise fill the
    list with five identical guesses (articles 14-18) and push everything else out. The one
    kept stands for the block; the returned map gives its members and the group's id.
    """
    kept: list[_Scored] = []
    leads: dict[frozenset[Bilingual], Target] = {}
    members: dict[Target, list[int]] = {}
    for item in ranked:
        target, words = item.target, item.words
        if target[0] != "article" or not _only_group(words, item.extras):
            kept.append(item)
            continue
        links = [link for _, link, _ in words.values()]
        key = frozenset(link.label for link in links if link.label is not None)
        lead = leads.get(key)
        if lead is None:
            leads[key] = target
            members[target] = []
            kept.append(item)
            lead = target
        members[lead].append(target[2] or 0)
    groups = code.groups if code is not None else []
    blocks: dict[Target, tuple[tuple[int, ...], str | None]] = {}
    for key, lead in leads.items():
        group = next((g.id for g in groups if g.name in key), None)
        blocks[lead] = (tuple(sorted(members[lead])), group)
    return kept, blocks


_REASON_ORDER = {
    "learned": 0,
    "keyword": 1,
    "rule": 2,
    "theme": 3,
    "heading": 4,
    "text": 5,
    "related": 6,
    "group": 7,
}


def _reasons(words: _Words, extras: list[_Extra], lang: str) -> list[str]:
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for surface, (_, link, _) in sorted(words.items()):
        name = link.label.text(lang) if link.label else ""
        grouped[(link.via, name)].append(surface)
    reasons: list[tuple[int, str]] = []
    for (via, name), found in grouped.items():
        quoted = _quoted(found)
        reasons.append(
            (_REASON_ORDER[via], t(f"catalog.reason.{via}", lang=lang, words=quoted, name=name))
        )
    for extra in extras:
        name = extra.label.text(lang) if isinstance(extra.label, Bilingual) else extra.label
        if extra.via == "learned":
            titles = _quoted(p.title or p.entry_id for p in extra.precedents[:3])
            count = len(extra.precedents)
            text = t("catalog.reason.learned", lang=lang, count=count, entries=titles)
        elif extra.via == "rule":
            text = t("catalog.reason.rule", lang=lang, name=name, words=_quoted(extra.words))
        else:
            text = t("catalog.reason.related", lang=lang, name=name)
        reasons.append((_REASON_ORDER[extra.via], text))
    reasons.sort(key=lambda item: item[0])
    return list(dict.fromkeys(text for _, text in reasons))


def _quoted(words: Iterable[str], count: int = 5) -> str:
    return ", ".join(f"“{w}”" for w in _first(words, count))


def _first(items: Iterable[str], count: int) -> list[str]:
    return list(items)[:count]
