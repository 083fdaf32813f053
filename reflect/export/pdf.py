"""PDF renderer (fpdf2) with a vendored Unicode font, headings, page numbers and our own
line breaking.

Why a vendored TTF: fpdf2's built-in fonts are Latin-1 only, and Dutch text needs ë, é,
‘ ’, – and €. DejaVu Sans (licence in ``fonts/LICENSE-DejaVu.txt``) covers them; fpdf2 embeds
only the glyphs used. Text is drawn as plain text (no markdown, no markup interpretation), so
nothing the user typed can change the layout. The creation date is fixed from the document
so the same export gives the same bytes.

Why our own line breaking instead of ``multi_cell``: a printed page is read as a page. A
paragraph is never split so that one line stays alone at the bottom of a page (an orphan) or
at the top of the next (a widow); a heading is never the last thing on a page; and every
entry after the first starts on a new page, so a supervisor can hand out or annotate one
entry's pages. Knowing the lines before drawing them is what makes that possible — and it is
an order of magnitude faster than fpdf2's per-character breaking (a 5 MB entry: seconds,
not minutes).

Control characters and bidi overrides are drawn as the core sanitiser's visible stand-ins
(:func:`reflect.sanitize.visible`), and any character the font has no glyph for as U+FFFD,
so odd input gives a readable page instead of invisible gaps and warnings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import TTFFont

from reflect.export.document import (
    Document,
    Item,
    ItemList,
    Paragraph,
    Section,
    creation_date,
)
from reflect.i18n import t
from reflect.sanitize import visible

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"
_SIZES = {1: 17.0, 2: 13.5, 3: 11.5}
_BODY = 10.5
_LEADING = 0.5  # line height in mm per point of font size
_GREY = (90, 90, 90)
_ACCENT = (40, 60, 90)
_BLACK = (0, 0, 0)
_INDENT = 6.0  # a list item's text, right of its bullet
# The total page count is filled in when the PDF is closed, wherever this alias occurs in
# any text, in the room of as many digits as it has characters (fpdf2 warns when the count
# does not fit). Control characters make it text the user cannot have typed: printable()
# turns every one of them into a visible stand-in. Five digits: any export fits.
_PAGES_ALIAS = "\x01nbp\x01"
# Lines a paragraph keeps together at a page break: never one alone at the bottom (orphan)
# or at the top (widow), as word processors do by default.
_KEEP = 2
_WIDTH_CACHE_LIMIT = 200_000

Run = tuple[str, str]  # (font style: "", "B" or "I"; text)
Line = list[Run]  # the words of one line, each with its style


class _Pdf(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(format="A4", unit="mm")
        self.doc = doc
        glyphs: set[int] | None = None
        for style, name in (
            ("", "DejaVuSans.ttf"),
            ("B", "DejaVuSans-Bold.ttf"),
            ("I", "DejaVuSans-Oblique.ttf"),
        ):
            self.add_font(FONT, style, str(FONT_DIR / name))
            cmap = set(self.font(style).cmap)
            glyphs = cmap if glyphs is None else glyphs & cmap
        self._drawable = frozenset(map(chr, glyphs or ()))
        self.set_margins(22, 20, 22)
        # We decide every page break ourselves (see the module's docstring); the margin
        # still sets where a page's text must end.
        self.set_auto_page_break(False, margin=20)
        self.c_margin = 0  # text starts at the margin: the line breaking counts every mm
        self.alias_nb_pages(_PAGES_ALIAS)
        self._widths: dict[tuple[str, float, str], float] = {}
        self.color: tuple[int, int, int] = _BLACK
        self.top_y = 0.0  # where a page's text starts, below the running header

    def font(self, style: str) -> TTFFont:
        font = self.fonts[f"{FONT.lower()}{style}"]
        assert isinstance(font, TTFFont)  # added from a TTF file just above
        return font

    # ---- page furniture ------------------------------------------------------------------

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, "I", 8)
            self.set_text_color(*_GREY)
            self.cell(0, 5, self.printable(self.doc.title), align="L")
            self.ln(9)
            self.set_text_color(*_BLACK)
        self.top_y = self.get_y()

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*_GREY)
        page = t("export.page", self.doc.lang, page=self.page_no(), pages=_PAGES_ALIAS)
        self.cell(0, 5, page, align="C")
        self.set_text_color(*_BLACK)

    # ---- text ----------------------------------------------------------------------------

    def printable(self, text: str) -> str:
        """``text`` on one line, as the font can draw it (see the module's docstring)."""
        text = visible(" ".join(text.split()), keep_newlines=False)
        missing = set(text) - self._drawable
        return text.translate({ord(c): "\ufffd" for c in missing}) if missing else text

    def measure(self, style: str, size: float, text: str) -> float:
        """The width of ``text`` in mm, from the font's metrics (as fpdf2 draws it, without
        its per-character layout machinery, which is what makes measuring fast)."""
        return float(self.font(style).get_text_width(text, size, None)[1]) / self.k

    def width(self, style: str, size: float, word: str) -> float:
        """:meth:`measure` for one word, cached: prose repeats its words."""
        key = (style, size, word)
        found = self._widths.get(key)
        if found is None:
            if len(self._widths) > _WIDTH_CACHE_LIMIT:
                self._widths.clear()
            found = self._widths[key] = self.measure(style, size, word)
        return found

    def break_lines(self, runs: Sequence[Run], size: float, width: float) -> list[Line]:
        """Greedy line breaking at spaces; a word wider than a line is cut into pieces."""
        lines: list[Line] = []
        line: Line = []
        used = 0.0
        for style, text in runs:
            space = self.width(style, size, " ")
            for word in self.printable(text).split(" "):
                if not word:
                    continue
                pieces = [word]
                if self.width(style, size, word) > width:
                    pieces = self._cut(style, size, word, width)
                for piece in pieces:
                    w = self.width(style, size, piece)
                    gap = space if line else 0.0
                    if line and used + gap + w > width:
                        lines.append(line)
                        line, used, gap = [], 0.0, 0.0
                    line.append((style, piece))
                    used += gap + w
        if line:
            lines.append(line)
        return lines

    def _cut(self, style: str, size: float, word: str, width: float) -> list[str]:
        pieces: list[str] = []
        start, used = 0, 0.0
        for index, char in enumerate(word):
            w = self.width(style, size, char)
            if used + w > width and index > start:
                pieces.append(word[start:index])
                start, used = index, 0.0
            used += w
        pieces.append(word[start:])
        return pieces

    def room(self, line_height: float) -> int:
        """How many lines of ``line_height`` still fit on this page."""
        return max(0, math.floor((self.page_break_trigger - self.get_y() + 1e-6) / line_height))

    def gap(self, height: float) -> None:
        """Vertical space, never carried past the page's end (nor onto the next page)."""
        self.set_y(min(self.get_y() + height, self.page_break_trigger))

    def draw_line(self, line: Line, size: float, left: float) -> None:
        self.set_xy(left, self.get_y())
        self.set_text_color(*self.color)
        groups: list[Run] = []
        for style, word in line:
            if groups and groups[-1][0] == style:
                groups[-1] = (style, f"{groups[-1][1]} {word}")
            else:
                if groups:  # the space before a change of style belongs to the part before it
                    groups[-1] = (groups[-1][0], groups[-1][1] + " ")
                groups.append((style, word))
        for style, text in groups:
            self.set_font(FONT, style, size)
            self.cell(self.measure(style, size, text), size * _LEADING, text)
        self.set_xy(self.l_margin, self.get_y() + size * _LEADING)

    def place(
        self,
        lines: list[Line],
        size: float,
        *,
        indent: float = 0.0,
        bullet: bool = False,
    ) -> None:
        """Draw ``lines``, breaking pages so no line is left alone at either side of a break."""
        height = size * _LEADING
        done, total = 0, len(lines)
        while done < total:
            left = total - done
            fits = self.room(height)
            take = left if left <= fits else fits
            if take < left:
                if left - take < _KEEP:  # a widow: take a line along to the next page
                    take = left - _KEEP
                if take < _KEEP:  # an orphan: the whole start moves to the next page
                    take = 0
                if take == 0 and self._at_page_top():
                    take = max(1, fits)  # a page too short for the rule: fill it anyway
            for index in range(done, done + take):
                if bullet and index == 0:
                    self.set_xy(self.l_margin + 1.5, self.get_y())
                    self.set_font(FONT, "", size)
                    self.set_text_color(*self.color)
                    self.cell(indent - 1.5, height, "•")
                self.draw_line(lines[index], size, self.l_margin + indent)
            done += take
            if done < total:
                self.add_page()

    def _at_page_top(self) -> bool:
        return self.get_y() <= self.top_y + 0.01

    def new_page(self) -> None:
        if not self._at_page_top():
            self.add_page()


def _text(
    pdf: _Pdf,
    text: str,
    style: str = "",
    size: float = _BODY,
    gap: float = 1.5,
    color: tuple[int, int, int] = _BLACK,
) -> None:
    pdf.color = color
    pdf.place(pdf.break_lines([(style, text)], size, pdf.epw), size)
    pdf.color = _BLACK
    pdf.gap(gap)


def _heading(pdf: _Pdf, text: str, level: int) -> None:
    size = _SIZES.get(level, _BODY)
    before = 3.0 if level > 2 else 5.0
    lines = pdf.break_lines([("B", text)], size, pdf.epw)
    # Keep the heading with at least the first lines of what follows it.
    needed = before + len(lines) * size * _LEADING + 2.5 + _KEEP * _BODY * _LEADING
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.new_page()
    elif not pdf._at_page_top():
        pdf.gap(before)
    pdf.color = _ACCENT
    pdf.place(lines, size)
    pdf.color = _BLACK
    pdf.gap(0.5)
    if level == 2:
        y = pdf.get_y()
        pdf.set_draw_color(170, 170, 170)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.gap(1.5)


def _item(pdf: _Pdf, item: Item) -> None:
    runs: list[Run] = []
    if item.lead:
        runs.append(("B", item.lead))
    if item.text:
        runs.append(("", f"— {item.text}" if item.lead else item.text))
    lines = pdf.break_lines(runs, _BODY, pdf.epw - _INDENT)
    pdf.place(lines, _BODY, indent=_INDENT, bullet=True)
    pdf.gap(1.2)


def _section(pdf: _Pdf, sec: Section) -> None:
    _heading(pdf, sec.heading, sec.level)
    for block in sec.blocks:
        if isinstance(block, Paragraph):
            if block.note:
                _text(pdf, block.text, "I", color=_GREY)
            else:
                _text(pdf, block.text)
        elif isinstance(block, ItemList):
            for item in block.items:
                _item(pdf, item)
            pdf.gap(1.5)
    for sub in sec.subsections:
        _section(pdf, sub)


def render_pdf(doc: Document, created: datetime | None = None) -> bytes:
    """The document as PDF bytes."""
    pdf = _Pdf(doc)
    pdf.set_title(pdf.printable(doc.title))
    pdf.set_lang(doc.lang)
    pdf.set_creator("reflect")
    pdf.set_producer("reflect")
    pdf.set_creation_date(created or creation_date(doc))
    pdf.add_page()
    _text(pdf, doc.title, "B", _SIZES[1], gap=2, color=_ACCENT)
    if doc.meta:
        _text(pdf, " · ".join(f"{k}: {v}" for k, v in doc.meta), "", 9, gap=1, color=_GREY)
    if doc.notice:
        _text(pdf, doc.notice, "I", 9, gap=2, color=_GREY)
    entries = 0
    for sec in doc.sections:
        if sec.entry:
            entries += 1
            if entries > 1:
                pdf.new_page()
        _section(pdf, sec)
    output: Any = pdf.output()
    return bytes(output)
