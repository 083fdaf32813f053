"""The identifier check: everything that could identify someone in a text, with its context.

It combines three sources, in order of trust:

1. the user's alias table (real name → pseudonym), always a finding, whole word, any case;
2. our own validated rules (:mod:`reflect.privacy.rules`): BSN, IBAN, e-mail, phone,
   postcode, street address, dates and dates of birth, ages;
3. our own word rules (:mod:`reflect.privacy.words`): schools, institutions with their
   region, places deduce drops, first names; and deduce (:mod:`reflect.privacy.deidentifier`)
   for persons, places and institutions. What is known not to identify anyone is taken out
   of these (:func:`reflect.privacy.words.refine`): well-known organisations and brands
   ("Albert Heijn", "Veilig Thuis" on its own), countries, a leading "Volgens" or "Mevrouw".

Overlapping findings are merged: the longest wins, then the more trusted source. Text that is
already a pseudonym (an alias's pseudonym, or one of ours such as ``[Persoon 1]``) is not
reported again, so a redacted text checks clean.

Public API: :func:`check_text` for one text, :func:`check_texts` for labelled parts of a
document. Pass ``names=None`` for an instant check without names (a preview while deduce
still loads); an export must pass a loaded detector.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from reflect.i18n import LANGUAGES, t
from reflect.privacy.deidentifier import NameDetector
from reflect.privacy.rules import Match, find_all
from reflect.privacy.words import find_words, refine
from reflect.sanitize import visible

CONTEXT_CHARS = 30

# Lower is more trusted when two findings of the same length overlap.
_PRIORITY = {
    "alias": 0,
    "bsn": 1,
    "iban": 1,
    "email": 1,
    "phone": 1,
    "postcode": 1,
    "address": 2,
    "birthdate": 2,
    "date": 2,
    "age": 2,
    "person": 3,
    "place": 3,
    "institution": 3,
}
KINDS: tuple[str, ...] = tuple(_PRIORITY)
# Kinds whose pseudonym carries a number, so a reader can tell two people apart.
NUMBERED_KINDS = frozenset({"person", "place", "institution", "address"})


@dataclass(frozen=True)
class Finding:
    """One identifier: what kind, the text, where it is, and the text around it.

    ``start``/``end`` index into the text that was checked (one part of a document);
    ``where`` names that part for the user (a section heading, a field).
    ``pseudonym`` is set for alias findings: the replacement the user chose.
    """

    kind: str
    text: str
    start: int
    end: int
    context: str
    where: str = ""
    pseudonym: str | None = None

    def describe(self, lang: str | None = None) -> str:
        """One line for the user: kind, the text in its context, and where it is.

        Safe to print on a terminal: the context is the user's text, which can hold control
        and bidi characters (see :func:`reflect.sanitize.visible`).
        """
        kind = t(f"privacy.kind.{self.kind}", lang)
        where = f" ({self.where})" if self.where else ""
        return visible(f"{kind}: {self.context}{where}", keep_newlines=False)


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """``…woont in »Utrecht« en werkt…`` on one line."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    prefix = "…" if start > width else ""
    suffix = "…" if end + width < len(text) else ""
    snippet = f"{prefix}{left}»{text[start:end]}«{right}{suffix}"
    return " ".join(snippet.split())


@cache
def _own_pseudonym_pattern() -> re.Pattern[str]:
    """Matches the bracketed pseudonyms redaction produces, in every language."""
    labels = set()
    for lang in LANGUAGES:
        for kind in KINDS:
            label = t(f"privacy.pseudonym.{kind}", lang)
            labels.add(re.escape(label).replace(r"\{n\}", r"\d+").replace("{n}", r"\d+"))
    alternatives = "|".join(sorted(labels, key=len, reverse=True))
    return re.compile(rf"\[(?:{alternatives})\]")


def _whole_word(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def _safe_spans(text: str, aliases: Mapping[str, str]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _own_pseudonym_pattern().finditer(text)]
    for pseudonym in set(aliases.values()):
        if pseudonym.strip():
            spans += [m.span() for m in _whole_word(pseudonym.strip()).finditer(text)]
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same text (a redacted entry can hold thousands of
    pseudonyms; each finding is then looked up by bisection)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _alias_matches(text: str, aliases: Mapping[str, str]) -> list[tuple[Match, str]]:
    found = []
    for real, pseudonym in sorted(aliases.items(), key=lambda item: -len(item[0])):
        if real.strip():
            for m in _whole_word(real.strip()).finditer(text):
                found.append((Match("alias", m.start(), m.end()), pseudonym))
    return found


def check_text(
    text: str,
    aliases: Mapping[str, str] | None = None,
    names: NameDetector | None = None,
    where: str = "",
) -> list[Finding]:
    """All identifiers in ``text``, in reading order, without overlaps."""
    if not text.strip():
        return []
    aliases = aliases or {}
    candidates: list[tuple[Match, str | None]] = list(_alias_matches(text, aliases))
    safe = _merged(_safe_spans(text, aliases))
    safe_starts = [start for start, _ in safe]
    words = refine(text, find_words(text) + (names.find(text) if names is not None else []))
    for match in find_all(text) + words:
        i = bisect.bisect_right(safe_starts, match.start)
        if not (i and match.end <= safe[i - 1][1]):
            candidates.append((match, None))
    candidates.sort(key=lambda c: (-(c[0].end - c[0].start), _PRIORITY[c[0].kind], c[0].start))
    taken: list[tuple[Match, str | None]] = []
    # The spans taken so far, disjoint and sorted: a long entry can have thousands of
    # candidates, and comparing each with every one taken would be quadratic.
    starts: list[int] = []
    ends: list[int] = []
    for match, pseudonym in candidates:
        if match.end <= match.start:
            continue
        i = bisect.bisect_right(starts, match.start)
        if (i and ends[i - 1] > match.start) or (i < len(starts) and starts[i] < match.end):
            continue
        starts.insert(i, match.start)
        ends.insert(i, match.end)
        taken.append((match, pseudonym))
    taken.sort(key=lambda c: c[0].start)
    return [
        Finding(
            kind=m.kind,
            text=text[m.start : m.end],
            start=m.start,
            end=m.end,
            context=context_of(text, m.start, m.end),
            where=where,
            pseudonym=pseudonym,
        )
        for m, pseudonym in taken
    ]


def check_texts(
    parts: Iterable[tuple[str, str]],
    aliases: Mapping[str, str] | None = None,
    names: NameDetector | None = None,
) -> list[Finding]:
    """Check ``(where, text)`` pairs; findings keep the ``where`` of their part."""
    findings: list[Finding] = []
    for where, text in parts:
        findings += check_text(text, aliases, names, where)
    return findings
