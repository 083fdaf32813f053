"""PDF renderer (fpdf2) with a vendored Unicode font, headings and page numbers.

Why a vendored TTF: fpdf2's built-in fonts are Latin-1 only, and Dutch text needs ë, é,
‘ ’, – and €. DejaVu Sans (licence in ``fonts/LICENSE-DejaVu.txt``) covers them; fpdf2 embeds
only the glyphs used. Text is drawn as plain text (no markdown, no markup interpretation), so
nothing the user typed can change the layout. The creation date is fixed from the document
so the same export gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from fpdf import FPDF

from reflect.export.document import Document, Item, ItemList, Paragraph, Section
from reflect.i18n import t

FONT_DIR = Path(__file__).parent / "fonts"
FONT = "DejaVu"
_SIZES = {1: 17.0, 2: 13.5, 3: 11.5}
_BODY = 10.5
_GREY = (90, 90, 90)
_ACCENT = (40, 60, 90)


class _Pdf(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(format="A4", unit="mm")
        self.doc = doc
        for style, name in (
            ("", "DejaVuSans.ttf"),
            ("B", "DejaVuSans-Bold.ttf"),
            ("I", "DejaVuSans-Oblique.ttf"),
        ):
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(True, margin=20)
        self.alias_nb_pages()

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, "I", 8)
            self.set_text_color(*_GREY)
            self.cell(0, 5, self.doc.title, align="L")
            self.ln(9)
            self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*_GREY)
        page = t("export.page", self.doc.lang, page=self.page_no(), pages="{nb}")
        self.cell(0, 5, page, align="C")
        self.set_text_color(0, 0, 0)


def _text(pdf: _Pdf, text: str, style: str = "", size: float = _BODY, gap: float = 1.5) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _heading(pdf: _Pdf, text: str, level: int) -> None:
    size = _SIZES.get(level, _BODY)
    if pdf.will_page_break(size * 2.2):  # keep a heading with what follows it
        pdf.add_page()
    pdf.ln(3 if level > 2 else 5)
    pdf.set_text_color(*_ACCENT)
    _text(pdf, text, "B", size, gap=0.5)
    if level == 2:
        y = pdf.get_y()
        pdf.set_draw_color(170, 170, 170)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1.5)
    pdf.set_text_color(0, 0, 0)


def _item(pdf: _Pdf, item: Item) -> None:
    indent = 6.0
    pdf.set_font(FONT, "", _BODY)
    pdf.set_x(pdf.l_margin + 1.5)
    pdf.cell(indent - 1.5, _BODY * 0.5, "•")
    pdf.set_left_margin(pdf.l_margin + indent)
    try:
        if item.lead:
            pdf.set_font(FONT, "B", _BODY)
            pdf.write(_BODY * 0.5, item.lead + (" — " if item.text else ""))
        pdf.set_font(FONT, "", _BODY)
        if item.text:
            # write() can only wrap at spaces inside its own text: when the first word does
            # not fit after the bold lead, start it on a new line instead of splitting it.
            first_word = item.text.split(maxsplit=1)[0] if item.text.split() else ""
            room = pdf.w - pdf.r_margin - pdf.get_x()
            if item.lead and pdf.get_string_width(first_word) > room:
                pdf.ln(_BODY * 0.5)
            pdf.write(_BODY * 0.5, item.text)
        pdf.ln(_BODY * 0.5 + 1.2)
    finally:
        pdf.set_left_margin(pdf.l_margin - indent)
    pdf.set_x(pdf.l_margin)


def _section(pdf: _Pdf, sec: Section) -> None:
    _heading(pdf, sec.heading, sec.level)
    for block in sec.blocks:
        if isinstance(block, Paragraph):
            if block.note:
                pdf.set_text_color(*_GREY)
            _text(pdf, block.text, "I" if block.note else "")
            pdf.set_text_color(0, 0, 0)
        elif isinstance(block, ItemList):
            for item in block.items:
                _item(pdf, item)
            pdf.ln(1.5)
    for sub in sec.subsections:
        _section(pdf, sub)


def render_pdf(doc: Document, created: datetime | None = None) -> bytes:
    """The document as PDF bytes."""
    pdf = _Pdf(doc)
    pdf.set_title(doc.title)
    pdf.set_lang(doc.lang)
    pdf.set_creator("reflect")
    pdf.set_producer("reflect")
    pdf.set_creation_date(created or _creation_date(doc))
    pdf.add_page()
    pdf.set_text_color(*_ACCENT)
    _text(pdf, doc.title, "B", _SIZES[1], gap=2)
    pdf.set_text_color(*_GREY)
    if doc.meta:
        _text(pdf, "   ·   ".join(f"{k}: {v}" for k, v in doc.meta), "", 9, gap=1)
    if doc.notice:
        _text(pdf, doc.notice, "I", 9, gap=2)
    pdf.set_text_color(0, 0, 0)
    for sec in doc.sections:
        _section(pdf, sec)
    output: Any = pdf.output()
    return bytes(output)


def _creation_date(doc: Document) -> datetime:
    """Midnight UTC of the document's "created" meta date, else now."""
    for _, value in doc.meta[:1]:
        try:
            return datetime.combine(datetime.fromisoformat(value).date(), time(), tzinfo=UTC)
        except ValueError:
            break
    return datetime.now(UTC)
