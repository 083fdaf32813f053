"""Word-level text handling shared by search and suggestions: folding, tokens, stems.

Dutch writers mix ``cliënt`` and ``client`` and capitalise freely, so every comparison
works on *folded* words: lower case, accents removed. Stems come from Snowball: the classic
Dutch algorithm, because the newer one (``dutch`` in snowballstemmer 3) strips the ``ge-``
prefix and turns ``geweld`` into ``wel``, a word in almost every Dutch sentence.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f]+")  # accents left over after NFKD decomposition


def fold(text: str) -> str:
    """Lower case without accents: ``Cliënt`` → ``client``."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))


def words(text: str) -> list[str]:
    """The folded words (letters and digits) of a text."""
    return _WORD.findall(fold(text))


def _algorithm(lang: str) -> str | None:
    available = set(snowballstemmer.algorithms())
    if lang == "nl":
        return "dutch_porter" if "dutch_porter" in available else "dutch"
    if lang == "en":
        return "english"
    return None


@lru_cache(maxsize=8)
def stemmer_for(lang: str) -> Callable[[str], str]:
    """A cached stemming function for a language; languages without one keep words as they are.

    Safe to call from several threads at once (the app stems for suggestions in one and
    builds the similarity index in another): a Snowball stemmer keeps its working state in
    the object, so two words stemmed at the same time would garble each other.
    """
    algorithm = _algorithm(lang)
    if algorithm is None:
        return lambda word: word
    stemmer = snowballstemmer.stemmer(algorithm)
    lock = threading.Lock()

    def stem(word: str) -> str:
        with lock:
            result: str = stemmer.stemWord(word)
        return result

    cached: Callable[[str], str] = lru_cache(maxsize=65536)(stem)
    return cached


# ---- word keys: stems that also meet inflected, irregular and separable forms -----------

_VOWELS = frozenset("aeiouy")
_LONG_VOWEL = re.compile(r"(aa|ee|oo|uu)([^aeiouy]+)$")
MIN_KEY = 4  # a shortened key must keep this many letters, or it would meet other words


def dutch_key(stem: str) -> str:
    """Smooth what Snowball's Dutch stems leave apart, the same way for every word.

    ``vertellen`` stems to ``vertell`` and ``vertel`` to ``vertel``; ``beloven`` to ``belov``
    and ``beloof`` to ``belof``. Undoubling a final consonant, writing a final v/z as f/s and
    undoubling a long vowel before the last consonants brings each pair together.
    """
    key = stem
    if len(key) >= MIN_KEY and key[-1] == key[-2] and key[-1] not in _VOWELS:
        key = key[:-1]
    if key.endswith("v"):
        key = key[:-1] + "f"
    elif key.endswith("z"):
        key = key[:-1] + "s"
    match = _LONG_VOWEL.search(key)
    if match and len(key) > MIN_KEY:
        key = key[: match.start() + 1] + key[match.start() + 2 :]
    return key


class WordForms:
    """How a word of a text is compared with the vocabulary: its *keys*, per language.

    A keyword is indexed under one key (its stem, smoothed). A word of a text may have
    several, because people inflect: the key of the word itself, of its dictionary form when
    it is an irregular one (``zei`` → ``zeggen``, ``told`` → ``tell``), and for Dutch the key
    without a verb ending (``vertelt``, ``verteld`` → ``vertel``), without the ``ge-`` of a
    participle (``gedeeld`` → ``deel``), or with a separable particle joined up again
    (``doorgegeven`` → ``doorgeven``). Extra keys can only ever meet an indexed keyword, so
    the generous matching costs little precision.
    """

    def __init__(
        self,
        forms: dict[str, dict[str, str]] | None = None,
        particles: tuple[str, ...] = (),
    ) -> None:
        self.forms = forms or {}  # lang -> inflected form -> dictionary form
        self.particles = tuple(sorted(particles, key=len, reverse=True))

    def base(self, lang: str, word: str) -> str:
        """The dictionary form of an irregular word, else the word."""
        return self.forms.get(lang, {}).get(word, word)

    def key(self, lang: str, word: str) -> str:
        """The one key a keyword is indexed under."""
        stem = stemmer_for(lang)(self.base(lang, word))
        return dutch_key(stem) if lang == "nl" else stem

    def candidates(self, lang: str, word: str) -> tuple[str, ...]:
        """The words whose keys a text word may have: itself and its reshaped forms."""
        base = self.base(lang, word)
        if lang != "nl":
            return (base,) if base == word else (base, word)
        found = [base] if base == word else [base, word]
        if len(word) >= 6 and word.startswith("ge"):
            found.append(word[2:])  # gedeeld -> deeld (-> deel below)
        for particle in self.particles:
            cut = len(particle)
            if word.startswith(particle) and word[cut : cut + 2] == "ge" and len(word) > cut + 5:
                found.append(particle + word[cut + 2 :])  # doorgegeven -> doorgeven
                break
        return tuple(dict.fromkeys(found))

    def keys_of(self, lang: str, candidate: str) -> tuple[str, ...]:
        """The keys of one candidate word: its key, and for Dutch the key without a
        final -t or -d (a conjugated verb or a participle)."""
        key = self.key(lang, candidate)
        if lang == "nl" and len(key) >= MIN_KEY and key[-1] in "td":
            return (key, dutch_key(key[:-1]))
        return (key,)

    def split_particle(self, word: str) -> tuple[str, str] | None:
        """``doorvertellen`` → (``door``, ``vertellen``): a separable verb's two parts."""
        for particle in self.particles:
            rest = word[len(particle) :]
            if word.startswith(particle) and len(rest) >= MIN_KEY:
                return particle, rest
        return None


_CLAUSE_END = re.compile(r"[.!?;:]+|\n\s*\n")
_TOKEN = re.compile(r"[^\W\d_]+|[.!?;:]+|\n\s*\n")


def clauses_and_words(text: str, contractions: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """The folded words of a text, with ``""`` where a sentence (or paragraph) ends.

    ``contractions`` are written out first (``doesn't`` → ``does not``, ``z'n`` → ``zijn``),
    so a keyword with "not" or "zijn" meets them.
    """
    folded = fold(text).replace("\u2019", "'").replace("\u2018", "'")
    for short, long in contractions:
        if short in folded:
            folded = folded.replace(short, long)
    return ["" if _CLAUSE_END.fullmatch(token) else token for token in _TOKEN.findall(folded)]
