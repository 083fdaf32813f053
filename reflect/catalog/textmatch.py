"""Word-level text handling shared by search and suggestions: folding, tokens, stems.

Dutch writers mix ``cliënt`` and ``client`` and capitalise freely, so every comparison
works on *folded* words: lower case, accents removed. Stems come from Snowball: the classic
Dutch algorithm, because the newer one (``dutch`` in snowballstemmer 3) strips the ``ge-``
prefix and turns ``geweld`` into ``wel``, a word in almost every Dutch sentence.
"""

from __future__ import annotations

import re
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
    """A cached stemming function for a language; languages without one keep words as they are."""
    algorithm = _algorithm(lang)
    if algorithm is None:
        return lambda word: word
    stemmer = snowballstemmer.stemmer(algorithm)
    cached: Callable[[str], str] = lru_cache(maxsize=65536)(stemmer.stemWord)
    return cached
