"""User text made safe to show: control characters and bidi overrides become visible.

Pasted text can carry terminal escape sequences, and a right-to-left override character can
flip the rest of a line. Both are shown as inert symbols; the stored text is never changed.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from reflect.textout import inert

# Explicit bidi embeddings, overrides and isolates: they reorder what follows them.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def safe(text: str, *, keep_newlines: bool = True) -> str:
    cleaned = inert(text, keep_newlines=keep_newlines)
    if any(ch in _BIDI_CONTROLS for ch in cleaned):
        cleaned = "".join(
            "\N{REPLACEMENT CHARACTER}" if ch in _BIDI_CONTROLS else ch for ch in cleaned
        )
    return cleaned


def safe_text(text: str, style: str = "") -> Text:
    """A Rich ``Text`` (never markup) of user text."""
    return Text(safe(text), style=style)


def fit(text: str, width: int) -> str:
    """One line of user text cut or padded to exactly ``width`` terminal cells."""
    flat = safe(" ".join(text.split()), keep_newlines=False)
    if width <= 0:
        return ""
    if cell_len(flat) > width:
        return set_cell_size(flat, width - 1) + "…"
    return set_cell_size(flat, width)
