"""Splitting the user's prose into sentences, for the pitch and problem limits of intervision.

A plain split on ". " would cut "dhr. Jansen" or "o.a. school" in two; common Dutch and
English abbreviations are kept whole.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    {"dhr", "mw", "mevr", "mr", "dr", "drs", "ir", "prof", "bijv", "bv", "ca", "nr", "art"}
    | {"o.a", "e.d", "i.p.v", "m.b.t", "t.a.v", "z.g.a.n", "m.i", "n.a.v", "i.v.m", "etc", "vs"}
    | {"e.g", "i.e", "mrs", "ms", "st", "jr"}
)
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``; line breaks always end a sentence."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        start = 0
        for m in _BOUNDARY.finditer(line):
            before = line[start : m.start()].rstrip(".!?…\"'”’)")
            last_word = before.split()[-1].lower() if before.split() else ""
            following = line[m.end() : m.end() + 1]
            if last_word in _ABBREVIATIONS or (following and following.islower()):
                continue
            sentences.append(line[start : m.end()].strip())
            start = m.end()
        if line[start:].strip():
            sentences.append(line[start:].strip())
    return sentences


def first_sentences(text: str, limit: int) -> tuple[str, bool]:
    """At most ``limit`` sentences of ``text``, and whether anything was left out."""
    sentences = split_sentences(text)
    return " ".join(sentences[:limit]), len(sentences) > limit
