"""User text made safe to show: control characters and bidi overrides become visible.

Pasted text can carry terminal escape sequences, and a right-to-left override character can
flip the rest of a line. Both are shown as inert symbols by :func:`reflect.sanitize.visible`,
the very function the CLI prints through, so the app and the CLI show the same text the same
way. The stored text is never changed.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from reflect.sanitize import needs_stand_in, visible


def safe(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control and bidi character shown as a visible stand-in."""
    return visible(text, keep_newlines=keep_newlines)


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


def inert_strip(strip: Strip, width: int) -> Strip:
    """A rendered line of an editable field with control characters and bidi overrides
    shown as the same visible markers as everywhere else. The field's own text is not
    touched (it stays as typed); only what reaches the terminal is. A marker is wider than
    the zero-width override it stands for, so the line is cut to the field again."""
    if not any(needs_stand_in(segment.text) for segment in strip):
        return strip
    segments = [
        segment
        if segment.control
        else Segment(visible(segment.text, keep_newlines=False), segment.style)
        for segment in strip
    ]
    return Strip(segments).crop(0, width)


class InertInput(Input):
    """An Input that never hands a control character or a bidi override to the terminal."""

    def render_line(self, y: int) -> Strip:
        return inert_strip(super().render_line(y), self.size.width)
