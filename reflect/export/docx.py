"""DOCX renderer (python-docx): the export as a Word document a supervisor can annotate.

Why Word's own styles and not direct formatting: a supervisor annotates, comments and
restructures in Word, and its navigation pane, outline and table of contents follow the
built-in styles. So the title is ``Title``; a section of level 2, 3 and 4 is ``Heading 1``,
``Heading 2`` and ``Heading 3`` (they keep with the next paragraph, and every paragraph has
widow and orphan control, as in the PDF); a list item is ``List Bullet`` with
its lead in bold; a note is an italic paragraph; the confidentiality line is ``Quote``.
Every entry after the first starts on a new page, as in the PDF.

The text language is set to the export's language (Dutch or English spell-checking in
Word), the page is A4, and the footer counts pages ("Pagina 1 van 3") with Word's own
fields. Text is added as runs of plain text: nothing the user typed is interpreted.

XML cannot hold most control characters: every string is drawn through the core sanitiser
(:func:`reflect.sanitize.visible`, as the PDF is), so a control character or a bidi override
shows as a visible stand-in. The same document gives the same bytes: the dates inside are
the document's own and the zip entries carry a fixed time.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

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

_LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
_GREY = RGBColor(0x55, 0x55, 0x55)
# Beyond what visible() replaces: code points XML 1.0 forbids outright.
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")
_PAGE = "\x00page\x00"  # sentinels split the localised footer around Word's page fields
_PAGES = "\x00pages\x00"


def _clean(text: str) -> str:
    """``text`` on one line, as XML can hold it and a reader sees it (see the module's
    docstring). One line, as the other formats show a paragraph or an item."""
    return _NOT_XML.sub("\ufffd", visible(" ".join(text.split()), keep_newlines=False))


def _set_language(word: WordDocument, lang: str) -> None:
    """Spell-check the text in the export's language: the default for every run."""
    tag = _LANGUAGE_TAGS.get(lang, lang)
    r_pr = word.styles.element.find(
        qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr")
    )
    if r_pr is None:
        return
    found = r_pr.find(qn("w:lang"))
    if found is None:
        found = OxmlElement("w:lang")
        r_pr.append(found)
    found.set(qn("w:val"), tag)


def _field(paragraph: WordParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _footer(word: WordDocument, lang: str) -> None:
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = t("export.page", lang, page=_PAGE, pages=_PAGES)
    for part in re.split(f"({_PAGE}|{_PAGES})", label):
        if part == _PAGE:
            _field(paragraph, "PAGE")
        elif part == _PAGES:
            _field(paragraph, "NUMPAGES")
        elif part:
            paragraph.add_run(part)


class _Body:
    """Appends paragraphs and runs to the document body in constant time each.

    python-docx's ``add_paragraph`` looks for the section properties at the end of the body
    on every call, and ``add_run`` walks the text a character at a time: quadratic and slow
    for a long entry (a 5 MB entry took most of a minute). The XML made here is the same.
    """

    def __init__(self, word: WordDocument) -> None:
        self.word = word
        self._end = word.element.body.sectPr  # paragraphs go before it, as python-docx puts them
        self._styles: dict[str, str] = {}

    def paragraph(self, style: str | None = None) -> WordParagraph:
        element = OxmlElement("w:p")
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self.word.element.body.append(element)
        if style is not None:
            if style not in self._styles:
                self._styles[style] = self.word.styles[style].style_id
            element.style = self._styles[style]
        return WordParagraph(element, self.word._body)

    @staticmethod
    def run(paragraph: WordParagraph, text: str, *, bold: bool = False) -> Run:
        element = paragraph._p.add_r()
        element.add_t(text)
        run = Run(element, paragraph)
        if bold:
            run.bold = True
        return run


def _item(body: _Body, item: Item) -> None:
    paragraph = body.paragraph("List Bullet")
    if item.lead:
        body.run(paragraph, _clean(item.lead), bold=True)
    if item.text:
        body.run(paragraph, f" — {_clean(item.text)}" if item.lead else _clean(item.text))


def _section(body: _Body, sec: Section, *, new_page: bool) -> None:
    level = min(max(sec.level - 1, 1), 9)
    heading = body.paragraph(f"Heading {level}")
    body.run(heading, _clean(sec.heading))
    if new_page:
        heading.paragraph_format.page_break_before = True
    for block in sec.blocks:
        if isinstance(block, Paragraph):
            run = body.run(body.paragraph(), _clean(block.text))
            if block.note:
                run.italic = True
                run.font.color.rgb = _GREY
        elif isinstance(block, ItemList):
            for item in block.items:
                _item(body, item)
    for sub in sec.subsections:
        _section(body, sub, new_page=False)


def _page_setup(word: WordDocument) -> None:
    # Word's own templates switch widow and orphan control on in the Normal style; the
    # python-docx template does not, and without it Word leaves single lines at page edges.
    word.styles["Normal"].paragraph_format.widow_control = True
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(20)


def _properties(word: WordDocument, doc: Document, created: datetime) -> None:
    props = word.core_properties
    props.title = _clean(doc.title)
    props.author = props.last_modified_by = "reflect"
    props.comments = ""
    props.language = _LANGUAGE_TAGS.get(doc.lang, doc.lang)
    props.created = props.modified = created.replace(tzinfo=None)
    props.revision = 1
    # The template's preview picture shows some other document; a file browser would show it.
    package = word.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[rid]


def _fixed_zip(data: bytes, created: datetime) -> bytes:
    """The same package with every member dated ``created``, so the bytes are reproducible."""
    stamp = created.timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def render_docx(doc: Document, created: datetime | None = None) -> bytes:
    """The document as the bytes of a .docx file."""
    when = created or creation_date(doc)
    word = docx.Document()
    _page_setup(word)
    _set_language(word, doc.lang)
    _properties(word, doc, when)
    body = _Body(word)
    body.run(body.paragraph("Title"), _clean(doc.title))
    for label, value in doc.meta:
        paragraph = body.paragraph()
        paragraph.paragraph_format.space_after = 0
        body.run(paragraph, f"{_clean(label)}: ", bold=True)
        body.run(paragraph, _clean(value))
    if doc.notice:
        body.run(body.paragraph("Quote"), _clean(doc.notice))
    entries = 0
    for sec in doc.sections:
        entries += sec.entry
        _section(body, sec, new_page=sec.entry and entries > 1)
    _footer(word, doc.lang)
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_zip(buffer.getvalue(), when)
