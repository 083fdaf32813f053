"""Replacing findings with pseudonyms that stay the same throughout one export.

Why stable: a supervisor reading "[Persoon 1] belde; later zei [Persoon 1]…" can still follow
the story. The same real text (ignoring case and spacing) always gets the same pseudonym; a
person's shorter mention ("Jansen" after "Jan Jansen") reuses the full name's pseudonym.
Aliases redact to the pseudonym the user chose. One :class:`Pseudonymizer` serves one export.
"""

from __future__ import annotations

from collections.abc import Sequence

from reflect.i18n import t
from reflect.privacy.check import NUMBERED_KINDS, Finding


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


class Pseudonymizer:
    """Hands out ``[Persoon 1]``, ``[Plaats 2]``, ``[BSN]``… consistently within one export."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._known: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def pseudonym(self, finding: Finding) -> str:
        if finding.kind == "alias" and finding.pseudonym:
            return finding.pseudonym
        kind = "person" if finding.kind == "alias" else finding.kind
        key = (kind, _normalise(finding.text))
        if key in self._known:
            return self._known[key]
        if kind == "person":
            words = set(key[1].split())
            for (known_kind, known_text), label in self._known.items():
                known_words = set(known_text.split())
                if known_kind == kind and (words <= known_words or known_words <= words):
                    self._known[key] = label
                    return label
        if kind in NUMBERED_KINDS:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            label = t(f"privacy.pseudonym.{kind}", self.lang, n=self._counts[kind])
        else:
            label = t(f"privacy.pseudonym.{kind}", self.lang)
        self._known[key] = f"[{label}]"
        return self._known[key]


def redact_text(text: str, findings: Sequence[Finding], pseudonyms: Pseudonymizer) -> str:
    """``text`` with every finding replaced; findings must come from checking this text.

    Pseudonyms are assigned in reading order, so "Persoon 1" is the first person mentioned.
    """
    labels = [(f, pseudonyms.pseudonym(f)) for f in sorted(findings, key=lambda f: f.start)]
    out = text
    for finding, label in reversed(labels):
        if out[finding.start : finding.end] != finding.text:
            raise ValueError("the findings do not belong to this text")
        out = out[: finding.start] + label + out[finding.end :]
    return out
