"""Suggest the articles and frameworks an entry's text most likely touches.

Runs on every pause in typing, so the work is split in two. Once per catalogue and code, an
index maps the *stems* of every keyword, theme keyword and heading word to the articles and
frameworks they point at. Per call, the text is folded and split into words, each distinct
word is stemmed once (and remembered), and the matches are summed. Dutch glues words
together (``kindermishandelingsmelding``), so a long word that matches nothing whole is also
tried as a compound: a known stem at its start or its end counts as a match.

The result is a hint for a professional, not a verdict: every suggestion says which words in
the text led to it, and articles whose heading is unknown are only offered tentatively.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from reflect.catalog.catalog import DEFAULT_CODE, Catalog
from reflect.catalog.schema import ArticleStatus, Bilingual, Code, Keywords
from reflect.catalog.textmatch import fold, stemmer_for
from reflect.i18n import current_language, t

# How much one matched word counts, by the path from the word to the article or framework.
W_KEYWORD = 1.0  # a keyword of the article or framework itself
W_THEME = 0.6  # a keyword of one of its themes
W_FRAMEWORK_THEME = 0.7  # a keyword of a theme the framework applies to
W_HEADING = 0.5  # a word of the article's heading
W_TEXT = 0.25  # a rare word of the paraphrase or norm of an article without keywords
W_GROUP = 0.3  # a theme keyword of the block an unknown article probably belongs to
MIN_RAW = 0.9  # below this a match is noise: one stray theme word is not a suggestion
SCALE = 2.5  # raw sums map to 0..1 as 1 - exp(-raw / SCALE)
MAX_TEXT_DF = 3  # a paraphrase word in more articles than this says nothing specific
COMPOUND_MIN_WORD = 8  # only words this long are tried as compounds
COMPOUND_MIN_PART = 5  # and only stems this long may be found inside them
TOKEN_CACHE_LIMIT = 50_000

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

    @property
    def key(self) -> str:
        return f"{self.code}:{self.number}" if self.kind == "article" else f"{self.framework_id}"


Target = tuple[str, str, int | None]  # (kind, code or framework id, number)


class _TokenInfo(NamedTuple):
    nl: str
    en: str
    terms: tuple[int, ...]
    starts_phrase: bool


@dataclass(frozen=True)
class _Link:
    target: Target
    weight: float
    via: str  # "keyword", "theme", "heading", "text", "group"
    label: Bilingual | None  # the theme or group name, for the reason


_NO_STEM = ""  # stands in for the stem of a word that cannot match any term


def _prefix_keys(word: str) -> tuple[str, ...]:
    """The short prefixes under which a word may share a stem with an indexed term.

    Snowball stems keep a word's first three letters, except when a doubled vowel is
    undoubled (``taak`` → ``tak``) or ``-ying`` shrinks (``lying`` → ``lie``): both are
    covered by a second key.
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

    single: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    phrases: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = field(default_factory=dict)
    compound_parts: frozenset[str] = frozenset()
    links: list[list[_Link]] = field(default_factory=list)
    # First letters of every indexed stem and word, per language: a text word whose start
    # is not among them cannot match, so it is never stemmed (Snowball in pure Python costs
    # about 0.1-0.2 ms a word, which would dominate the first call on a long text).
    prefixes: dict[str, frozenset[str]] = field(default_factory=dict)
    _term_ids: dict[tuple[str, tuple[str, ...]], int] = field(default_factory=dict)
    _tokens: dict[str, _TokenInfo] = field(default_factory=dict)
    _prefix_sets: dict[str, set[str]] = field(default_factory=dict)

    def add(self, lang: str, phrase: str, link: _Link) -> None:
        if lang not in ("nl", "en"):
            lang = "raw"  # no stemmer: such words match only exactly
        stem = stemmer_for(lang)
        raw = _LETTERS.findall(fold(phrase))
        stems = tuple(stem(word) for word in raw)
        if not stems:
            return
        prefixes = self._prefix_sets.setdefault(lang, set())
        for word, word_stem in zip(raw, stems, strict=True):
            prefixes.update((word[:3], word_stem[:3]))
        key = (lang, stems)
        term = self._term_ids.get(key)
        if term is None:
            term = len(self.links)
            self._term_ids[key] = term
            self.links.append([])
            if len(stems) == 1:
                self.single.setdefault((lang, stems[0]), []).append(term)
            else:
                self.phrases.setdefault((lang, stems[0]), []).append((stems, term))
        self.links[term].append(link)

    def finish(self) -> None:
        parts = {stems[0] for (lang, stems) in self._term_ids if lang == "nl" and len(stems) == 1}
        self.compound_parts = frozenset(p for p in parts if len(p) >= COMPOUND_MIN_PART)
        self.prefixes = {lang: frozenset(found) for lang, found in self._prefix_sets.items()}

    def _stem(self, lang: str, word: str) -> str:
        prefixes = self.prefixes.get(lang)
        if not prefixes or not any(key in prefixes for key in _prefix_keys(word)):
            return _NO_STEM
        return stemmer_for(lang)(word)

    def token(self, word: str) -> _TokenInfo:
        """A word's Dutch and English stems, the single-word terms it matches, and whether
        a phrase may start with it. Remembered, because a text repeats its words."""
        cached = self._tokens.get(word)
        if cached is not None:
            return cached
        nl = self._stem("nl", word)
        en = self._stem("en", word)
        terms = [
            *self.single.get(("nl", nl), ()),
            *self.single.get(("en", en), ()),
            *self.single.get(("raw", word), ()),
        ]
        if not terms and len(word) >= COMPOUND_MIN_WORD:
            terms = self._compound(word)
        phrases = self.phrases
        starts = ("nl", nl) in phrases or ("en", en) in phrases or ("raw", word) in phrases
        if len(self._tokens) >= TOKEN_CACHE_LIMIT:
            self._tokens.clear()
        result = _TokenInfo(nl, en, tuple(dict.fromkeys(terms)), starts)
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
                tail_stem = self._stem("nl", tail)
                if tail_stem in parts:
                    found += self.single.get(("nl", tail_stem), ())
        return found


def _add_keywords(index: SuggestIndex, keywords: Keywords, link: _Link) -> None:
    for lang, words in keywords.items():
        for phrase in words:
            index.add(lang, phrase, link)


def _content_words(text: str, min_length: int = 4) -> set[str]:
    return {w for w in _LETTERS.findall(fold(text)) if len(w) >= min_length and w not in _STOPWORDS}


def build_index(catalog: Catalog, code: Code | None) -> SuggestIndex:
    """Index one code's articles and every framework (done once, then cached)."""
    index = SuggestIndex()
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
        _add_keywords(index, article.keywords, _Link(target, W_KEYWORD, "keyword", None))
        for theme_id in article.themes:
            theme = catalog.theme(code.id, theme_id)
            if theme is not None:
                _add_keywords(index, theme.keywords, _Link(target, W_THEME, "theme", theme.name))
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
                    _add_keywords(
                        index, theme.keywords, _Link(target, W_GROUP, "group", group_name)
                    )


def index_for(catalog: Catalog, code: str) -> SuggestIndex:
    """The cached index for a code (built on first use)."""
    index = catalog._indexes.get(code)
    if not isinstance(index, SuggestIndex):
        index = build_index(catalog, catalog.codes.get(code))
        catalog._indexes[code] = index
    return index


def _matches(index: SuggestIndex, text: str) -> dict[int, dict[str, int]]:
    """Term id → the words (or phrases) of the text that matched it, with their counts."""
    words = _LETTERS.findall(fold(text))
    hits: dict[int, dict[str, int]] = defaultdict(dict)
    infos: dict[str, _TokenInfo] = {}
    for word, count in Counter(words).items():
        info = index.token(word)
        infos[word] = info
        for term in info.terms:
            hits[term][word] = count
    starters = {word for word, info in infos.items() if info.starts_phrase}
    if not starters:
        return hits
    for position, word in enumerate(words):
        if word not in starters:
            continue
        info = infos[word]
        for slot, key in enumerate((("nl", info.nl), ("en", info.en), ("raw", word))):
            for stems, term in index.phrases.get(key, ()):
                end = _phrase_end(words, infos, position, stems, slot)
                if end:
                    phrase = " ".join(words[position:end])
                    hits[term][phrase] = hits[term].get(phrase, 0) + 1
    return hits


def _phrase_end(
    words: list[str], infos: dict[str, _TokenInfo], start: int, stems: tuple[str, ...], slot: int
) -> int:
    """Where a phrase starting at ``start`` ends, or 0 when it does not match.

    One extra word may sit inside the phrase, since people write "zonder haar toestemming"
    and "without his consent" where the keyword says "zonder toestemming".
    """
    position = start + 1
    skipped = False
    for wanted in stems[1:]:
        if position < len(words) and _form(infos[words[position]], words[position], slot) == wanted:
            position += 1
            continue
        nxt = position + 1
        if skipped or nxt >= len(words):
            return 0
        if _form(infos[words[nxt]], words[nxt], slot) != wanted:
            return 0
        skipped = True
        position = nxt + 1
    return position


def _form(info: _TokenInfo, word: str, slot: int) -> str:
    """A word as a phrase of the given slot compares it: Dutch stem, English stem, or raw."""
    if slot == 0:
        return info.nl
    return info.en if slot == 1 else word


def suggest(
    text: str,
    catalog: Catalog,
    code: str = DEFAULT_CODE,
    limit: int = 8,
    lang: str | None = None,
) -> list[Suggestion]:
    """Rank the articles of ``code`` and the frameworks that ``text`` most likely touches."""
    if not text.strip() or limit <= 0:
        return []
    index = index_for(catalog, code)
    hits = _matches(index, text)

    # Per target, each matched word counts once, along its strongest path.
    best: dict[Target, dict[str, tuple[float, _Link, int]]] = defaultdict(dict)
    for term, found in hits.items():
        for surface, count in found.items():
            for link in index.links[term]:
                current = best[link.target].get(surface)
                if current is None or link.weight > current[0]:
                    best[link.target][surface] = (link.weight, link, count)

    ranked: list[tuple[float, Target, dict[str, tuple[float, _Link, int]]]] = []
    for target, words in best.items():
        raw = sum(weight * (1 + 0.25 * math.log(count)) for weight, _, count in words.values())
        if raw >= MIN_RAW:
            ranked.append((raw, target, words))
    ranked.sort(key=lambda item: (-item[0], item[1][0], item[1][1], item[1][2] or 0))

    chosen = lang or current_language()
    result: list[Suggestion] = []
    for raw, (kind, owner, number), words in ranked[:limit]:
        links = [link for _, link, _ in words.values()]
        is_tentative = all(link.via == "group" for link in links)
        result.append(
            Suggestion(
                kind=kind,
                code=owner if kind == "article" else None,
                number=number,
                framework_id=owner if kind == "framework" else None,
                score=round(1 - math.exp(-raw / SCALE), 4),
                reasons=_reasons(words, chosen),
                matched=tuple(sorted(words)),
                tentative=is_tentative,
            )
        )
    return result


def _reasons(words: dict[str, tuple[float, _Link, int]], lang: str) -> list[str]:
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for surface, (_, link, _) in sorted(words.items()):
        name = link.label.text(lang) if link.label else ""
        grouped[(link.via, name)].append(surface)
    order = {"keyword": 0, "theme": 1, "heading": 2, "text": 3, "group": 4}
    reasons: list[str] = []
    for (via, name), found in sorted(grouped.items(), key=lambda item: order[item[0][0]]):
        quoted = ", ".join(f"“{w}”" for w in _first(found, 5))
        reasons.append(t(f"catalog.reason.{via}", lang=lang, words=quoted, name=name))
    return reasons


def _first(items: Iterable[str], count: int) -> list[str]:
    return list(items)[:count]
