"""What supervisors open: DOCX read back with python-docx, Markdown whose redaction
placeholders need no backslashes yet render right, a PDF where every entry starts on a new
page and no line is left alone at a page's top or bottom, and odd input (control
characters, 5 MB of text) giving a correct file in every format.

Everything typed into these entries is fictional.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime

import docx
import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from reflect.export import FORMATS, prepare_export, render
from reflect.export.document import Document, Paragraph, Section, paragraphs
from reflect.export.markdown import escape
from reflect.model import Entry
from reflect.privacy.check import Finding
from reflect.privacy.rules import Match

CONTROLS = "".join(chr(c) for c in range(0x20) if c != 0x0A) + "\x7f\x85\x9b\u202e\u2066"


def entry(title: str, situation: str, day: int = 12) -> Entry:
    return Entry(
        created=datetime(2024, 3, day, 9, 30, tzinfo=UTC),
        title=title,
        situation=situation,
        decision="Eerst met de jongere zelf in gesprek gaan.",
    )


def prepared_doc(entries: list[Entry], template: str = "werkverslag", lang: str = "nl") -> Document:
    prepared = prepare_export(
        entries, template=template, lang=lang, aliases={}, names=None, generated=date(2024, 4, 2)
    )
    return prepared.document


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


# ---- DOCX ------------------------------------------------------------------------------------


def test_docx_entries_start_on_a_new_page_in_the_export_language() -> None:
    doc = prepared_doc(
        [entry("Fictief: eerste", "Een gesprek."), entry("Fictief: tweede", "Nog een.", 13)]
    )
    data = render(doc, "docx")
    word = docx.Document(io.BytesIO(data))
    headings = [p for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert [h.text for h in headings] == ["Fictief: eerste", "Fictief: tweede"]
    assert [bool(h.paragraph_format.page_break_before) for h in headings] == [False, True]
    assert word.core_properties.language == "nl-NL"
    assert word.core_properties.title == "Werkverslag voor supervisie"
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:lang w:val="nl-NL"' in styles  # Word spell-checks the text in Dutch
    footer = word.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer and "Pagina" in footer
    normal = word.styles["Normal"]
    assert normal.paragraph_format.widow_control  # no lone lines at a page edge
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # type: ignore[union-attr]


def test_docx_is_the_same_bytes_for_the_same_export() -> None:
    doc = prepared_doc([entry("Fictief", "Een gesprek over vertrouwen.")])
    first = render(doc, "docx")
    assert first == render(doc, "docx")
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "docProps/thumbnail.jpeg" not in names  # no preview of some other document


def test_docx_english() -> None:
    data = render(prepared_doc([entry("Fictive", "A talk.")], lang="en"), "docx")
    title = docx.Document(io.BytesIO(data)).paragraphs[0]
    assert title.text == "Supervision report (werkverslag)"
    assert title.style is not None and title.style.name == "Title"
    assert docx.Document(io.BytesIO(data)).core_properties.language == "en-GB"


# ---- Markdown placeholders -------------------------------------------------------------------


class FictionalNames:
    """A name detector that knows one fictional name (deduce is not needed here)."""

    def find(self, text: str) -> list[Match]:
        return [Match("person", m.start(), m.end()) for m in re.finditer("Jan de Vries", text)]


def redacted_markdown(text: str) -> str:
    """``text`` redacted as an export redacts it: a fictional name and phone number."""
    prepared = prepare_export(
        [entry("Fictief", text)],
        template="werkverslag",
        lang="nl",
        aliases={},
        names=FictionalNames(),
        redact=True,
        generated=date(2024, 4, 2),
    )
    return render(prepared.document, "md").decode()


def test_redaction_placeholders_read_without_backslashes() -> None:
    md = redacted_markdown("Jan de Vries belde vanaf 06-12345678 en vroeg om uitstel.")
    assert "[Persoon 1] belde vanaf [telefoonnummer] en vroeg om uitstel." in md
    assert "\\[" not in md and "\\]" not in md


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("Gesprek met [Persoon 1] over [BSN].", "Gesprek met [Persoon 1] over [BSN]."),
        ("[Persoon 1] belde.", "[Persoon 1] belde."),
        # a link reference definition would swallow the line: escaped there only
        ("[Persoon 1]: ok", "\\[Persoon 1\\]: ok"),
        ("zie [Persoon 1](https://example.org)", "zie \\[Persoon 1\\](https://example.org)"),
        ("[Persoon 1][Persoon 2]", "\\[Persoon 1\\][Persoon 2]"),
        ("Later: [Persoon 1]: goed.", "Later: [Persoon 1]: goed."),
        ("[gewoon] tussen haken", "\\[gewoon\\] tussen haken"),  # user brackets stay escaped
        ("[Person 2] called", "[Person 2] called"),
    ],
)
def test_placeholder_escaping_rule(text: str, markdown: str) -> None:
    assert escape(text) == markdown


@pytest.mark.parametrize(
    "text",
    [
        "Gesprek met [Persoon 1] over [BSN] en [Plaats 2].",
        "[Persoon 1]: https://example.org",
        "[Persoon 1](https://example.org) en [Persoon 1][Persoon 2]",
        "[Persoon 1]: ok\n[Persoon 2] zei [Persoon 1]",
    ],
)
def test_placeholders_render_as_text_never_as_links(text: str) -> None:
    """Rendered by a CommonMark renderer, each placeholder is visible text, nothing a link,
    and no line disappears into a link reference definition."""
    doc = Document("Fictief", "nl", sections=(Section("Kop", paragraphs(text), entry=True),))
    html = MarkdownIt("commonmark").render(render(doc, "md").decode())
    assert "<a " not in html
    visible_text = re.sub(r"<[^>]+>", "", html)
    for placeholder in re.findall(r"\[[^\]]+\]", text):
        assert visible_text.count(placeholder) == text.count(placeholder)
    assert "https://example.org" in visible_text or "https" not in text


# ---- PDF layout ------------------------------------------------------------------------------


def test_every_entry_starts_on_a_new_page() -> None:
    titles = ["Fictief: eerste", "Fictief: tweede", "Fictief: derde"]
    doc = prepared_doc(
        [entry(title, "Een kort gesprek.", 10 + n) for n, title in enumerate(titles)]
    )
    pages = pdf_pages(render(doc, "pdf"))
    assert len(pages) == 3
    for page, title in zip(pages, titles, strict=True):
        assert [t for t in titles if t in page] == [title]


def test_text_like_the_page_count_placeholder_stays_as_typed() -> None:
    # fpdf2 fills the page count in wherever its placeholder occurs, user text included.
    doc = Document(
        "Fictief",
        "nl",
        sections=(Section("Kop", (Paragraph("Letterlijk {nb} en {nbp} en \x01nbp\x01."),)),),
    )
    (page,) = pdf_pages(render(doc, "pdf"))
    assert "Letterlijk {nb} en {nbp} en" in page and "Pagina 1 van 1" in page


def flow_document(fillers: int, lines: int) -> Document:
    """``fillers`` one-line paragraphs, then a heading and a paragraph of about ``lines``
    lines: moving the filler moves the page break through every line of the paragraph."""
    filler = tuple(Paragraph(f"vul{n} regel") for n in range(fillers))
    words = " ".join(f"p1w{n}" for n in range(lines * 14))
    target = (Paragraph(words), Paragraph(" ".join(f"p2w{n}" for n in range(30))))
    return Document(
        "Fictief",
        "nl",
        sections=(
            Section("Begin", filler, entry=True),
            Section("KOPREGEL", target, level=3),
        ),
    )


def page_lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.strip()]


def test_no_line_left_alone_and_no_heading_at_a_page_bottom() -> None:
    seen_splits = 0
    # Filler counts that put the page break just before, inside and just after the
    # paragraph of each length (each render loads the fonts: the cases are few on purpose).
    for lines, fillers_range in ((3, range(30, 33)), (5, range(28, 33))):
        for fillers in fillers_range:
            pages = pdf_pages(render(flow_document(fillers, lines), "pdf"))
            counts: list[dict[str, int]] = []
            for page in pages:
                body = [
                    line for line in page_lines(page) if not line.startswith(("Pagina", "Fictief"))
                ]
                per: dict[str, int] = {}
                for line in body:
                    found = re.search(r"\b(p\d)w", line)
                    if found:
                        per[found.group(1)] = per.get(found.group(1), 0) + 1
                counts.append(per)
                assert body and "KOPREGEL" not in body[-1], f"a heading ends page {page!r}"
            for paragraph in ("p1", "p2"):
                parts = [c[paragraph] for c in counts if paragraph in c]
                if len(parts) > 1:
                    seen_splits += 1
                    assert min(parts) >= 2, (fillers, lines, paragraph, parts)
    assert seen_splits  # the break did fall inside paragraphs, so the rule was exercised


# ---- odd input -------------------------------------------------------------------------------


@pytest.fixture
def fpdf_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        yield caplog


@pytest.mark.parametrize("fmt", FORMATS)
def test_control_characters_give_a_correct_file(
    fmt: str, fpdf_log: pytest.LogCaptureFixture
) -> None:
    # As a journal written by an older version or a script could hold them: the app and
    # CLI clean typed text, the export must not depend on it.
    doc = prepared_doc([entry(f"Fictief {CONTROLS} titel", f"Tekst {CONTROLS} einde\nregel 2")])
    data = render(doc, fmt)
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        assert "Tekst ␀␁␂" in text and "⟨RLO⟩" in text and "einde" in text
    elif fmt == "pdf":
        text = "\n".join(pdf_pages(data))
        assert "Tekst" in text and "einde" in text and "regel 2" in text
        assert not [r for r in fpdf_log.records if "missing" in r.getMessage()]
    else:
        assert "einde" in data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_5_mb_entry_is_exported_whole(fmt: str) -> None:
    doc = big_document()
    data = render(doc, fmt)
    if fmt == "docx":
        word = docx.Document(io.BytesIO(data))
        assert sum(len(p.text) for p in word.paragraphs) > 5_000_000
    else:
        assert data.decode("utf-8").count("SLOTZIN") == 1


@pytest.mark.slow
def test_a_5_mb_entry_as_pdf() -> None:
    pages = pdf_pages(render(big_document(), "pdf"))
    assert len(pages) > 1000 and "SLOTZIN" in pages[-1]


def big_document() -> Document:
    line = "Een fictieve zin over een lastig gesprek met de cliënt en het team. " * 14
    text = "\n".join([line] * (5_200_000 // len(line))) + "\nSLOTZIN"
    return Document("Fictief", "nl", sections=(Section("Groot", paragraphs(text), entry=True),))


def test_findings_describe_control_characters_inertly() -> None:
    from reflect.operations.exporting import finding_lines

    finding = Finding("person", "Jan", 0, 3, "»Jan« \x1b]0;titel\x07 \u202eoot", "Notitie\x1b[2J")
    (line,) = finding_lines([finding], "nl")
    assert "\x1b" not in line and "\u202e" not in line and "\x07" not in line
    assert "␛" in line and "⟨RLO⟩" in line
