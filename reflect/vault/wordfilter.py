"""Telling, from a sealed segment's JSON text alone, that none of its entries can match a
search: then the search need not decode it (reflect.vault.ondisk). Sound, never hiding a
match: see :class:`WordFilter`."""

from __future__ import annotations

import re

# The characters beyond ASCII whose case folding holds an ASCII letter (ß -> ss, ſ -> s,
# the Kelvin sign -> k, the ligatures ﬀ-ﬆ, İ -> i + dot ...), as of Unicode 14; a test
# checks the list against the running Python's own tables.
FOLDS_TO_ASCII = (
    "\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)
_FOLDS_TO_ASCII = re.compile(b"|".join(re.escape(c.encode("utf-8")) for c in FOLDS_TO_ASCII))
_ASCII = bytes(range(128))
# Runs of printable ASCII that JSON writes as they are (not the quote or the backslash).
_VERBATIM = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]+")


class WordFilter:
    """Tells, from a segment's JSON text alone, that none of its entries can hold every one
    of ``words`` (case-folded, as a query's): then it need not be decoded.

    Sound, never hiding a match: a word found in an entry's case-folded text lies inside
    one of its text values, and every run of plain printable ASCII in the word appears in
    the JSON text as it is, up to ASCII case, unless the text holds a character whose case
    folding makes ASCII out of something else (then the segment is always decoded)."""

    def __init__(self, words: list[str]) -> None:
        pieces = {piece for word in words for piece in _VERBATIM.findall(word)}
        self._patterns = [
            re.compile(re.escape(piece.encode("ascii")), re.IGNORECASE) for piece in pieces
        ]

    def may_match(self, plaintext: bytes, folds: bool | None = None) -> bool:
        """``folds``: whether the text holds such a character, when the directory says
        (None: look)."""
        if all(pattern.search(plaintext) for pattern in self._patterns):
            return True
        return folds_to_ascii(plaintext) if folds is None else folds


def folds_to_ascii(plaintext: bytes) -> bool:
    """Whether UTF-8 text holds a character whose case folding makes ASCII out of
    something else. Looked for among the bytes beyond ASCII only (a few percent of Dutch
    text; UTF-8 keeps each such character's bytes together): four times faster."""
    return _FOLDS_TO_ASCII.search(plaintext.translate(None, _ASCII)) is not None
