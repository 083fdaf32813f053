"""Templates and renderers: golden files per template and format, escaping, empty fields,
and the rule that intervision exports never reveal the decision.

Goldens live in tests/golden/export/; regenerate them after an intended change with
``REFLECT_UPDATE_GOLDEN=1 pytest tests/test_export_templates.py`` and review the diff.
PDFs are compared by their extracted text, DOCX files by what python-docx reads back: each
paragraph's style and text, bold and italic runs marked, a page break before a paragraph
marked. All entries here are fictional.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from reflect.export import INTERVISION, TEMPLATES, prepare_export, render, render_preview
from reflect.export.document import Document
from reflect.model import ArticleRef, Entry, Option, Revision, Stakeholder, Status

GOLDEN = Path(__file__).parent / "golden" / "export"
UPDATE = os.environ.get("REFLECT_UPDATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so times in the full record do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fictional_entry() -> Entry:
    return Entry(
        id="k3m9t2p8qa",
        created=datetime(2024, 3, 12, 9, 30, tzinfo=UTC),
        updated=datetime(2024, 3, 14, 16, 0, tzinfo=UTC),
        title="Melden of het vertrouwen bewaren?",
        case_code="C-17",
        situation=(
            "Een moeder vertelt over spanningen thuis. Haar zoon verzuimt vaak van school. "
            "Ze vraagt me niets door te vertellen. Ik ken het gezin al een jaar en het contact "
            "is goed.\nGisteren zag ik een blauwe plek op zijn arm."
        ),
        question="Hoe houd ik mijn rol helder als ‘vertrouwenspersoon’ én hulpverlener?",
        dilemma="Vertrouwelijkheid bewaren of Veilig Thuis om advies vragen?",
        options=[
            Option("Niets doen", "Het kind blijft mogelijk onveilig."),
            Option("Anoniem advies vragen bij Veilig Thuis", "Moeder kan zich verraden voelen."),
        ],
        stakeholders=[
            Stakeholder("moeder", "vertrouwen, autonomie"),
            Stakeholder("zoon", "veiligheid"),
        ],
        decision="BESLUIT-X: ik vraag anoniem advies en bespreek dat eerst met moeder.",
        rationale="ONDERBOUWING-X: de veiligheid van het kind weegt zwaarder – ook al kost het €€.",
        damage_limitation="SCHADE-X: ik leg moeder uit waarom, vóór ik bel.",
        feelings="Ik voelde me klem zitten tussen loyaliteit en zorg.",
        learning_goal="Eerder en duidelijker mijn grenzen aangeven.",
        articles=[
            ArticleRef("bpsw-2021", 10, "NOTITIE-X: vertrouwelijkheid staat onder druk"),
            ArticleRef("bpsw-2021", 13, ""),
        ],
        method="alact",
        method_answers={
            "handelen": "ANTWOORD-X: ik luisterde vooral.",
            "terugblikken": "Ik wilde helpen.",
        },
        follow_up=date(2024, 4, 1),
        status=Status.DECIDED,
    )


def second_entry() -> Entry:
    return Entry(
        id="v7n2c4x9rb",
        created=datetime(2024, 3, 20, 11, 0, tzinfo=UTC),
        updated=datetime(2024, 3, 20, 11, 0, tzinfo=UTC),
        title="Huisbezoek zonder toestemming?",
        situation="Een jongere wil niet dat ik thuis kom. Zijn vader dringt erop aan.",
        question="Wanneer mag ik doorzetten?",
        dilemma="Het huisbezoek doorzetten of uitstellen?",
        stakeholders=[
            Stakeholder("jongere", "autonomie; vertrouwen"),
            Stakeholder("vader", "zorg"),
        ],
        rationale="Autonomie van de jongere gaat hier voor.",
        learning_goal="Eerder en duidelijker mijn grenzen aangeven.",
        articles=[ArticleRef("bpsw-2021", 10, "")],
        status=Status.DRAFT,
    )


def revisions_of(entry: Entry) -> dict[str, list[Revision]]:
    earlier = Entry.from_dict(
        {
            **entry.to_dict(),
            "decision": "",
            "status": "draft",
            "situation": "Een moeder vertelt over spanningen thuis.",
        }
    )
    return {entry.id: [Revision(entry.id, datetime(2024, 3, 14, 16, 0, tzinfo=UTC), earlier)]}


def document(template: str, lang: str = "nl") -> Document:
    entries = (
        [fictional_entry(), second_entry()]
        if template == "reflectieverslag"
        else [fictional_entry()]
    )
    prepared = prepare_export(
        entries,
        template=template,
        lang=lang,
        aliases={},
        names=None,
        revisions=revisions_of(entries[0]),
        generated=date(2024, 4, 2),
    )
    return prepared.document


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_outline(data: bytes) -> str:
    """The DOCX as a reader of it in Word meets it, read back with python-docx."""
    word = docx.Document(io.BytesIO(data))
    lines = []
    for paragraph in word.paragraphs:
        runs = "".join(
            f"**{r.text}**" if r.bold else f"_{r.text}_" if r.italic else r.text
            for r in paragraph.runs
        )
        page = "[new page] " if paragraph.paragraph_format.page_break_before else ""
        style = paragraph.style.name if paragraph.style is not None else "?"
        lines.append(f"{page}{style}: {runs}")
    return "\n".join(lines) + "\n"


def text_of(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "docx":
        return docx_outline(data)
    return data.decode("utf-8")


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {name} was missing and has been written; review it")
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx"])
def test_golden(template: str, fmt: str) -> None:
    data = render(document(template), fmt)
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
        compare(f"{template}.pdf.txt", pdf_text(data))
    elif fmt == "docx":
        assert data.startswith(b"PK")
        compare(f"{template}.docx.txt", docx_outline(data))
    else:
        compare(f"{template}.{fmt}", data.decode("utf-8"))


def test_golden_english_werkverslag_docx() -> None:
    compare("werkverslag.en.docx.txt", docx_outline(render(document("werkverslag", "en"), "docx")))


def test_golden_english_werkverslag() -> None:
    compare("werkverslag.en.md", render_preview(document("werkverslag", "en")))


def test_pdf_has_unicode_article_headings_and_page_numbers() -> None:
    text = pdf_text(render(document("full"), "pdf"))
    for needle in (
        "‘vertrouwenspersoon’ én",
        "– ook al kost het €€",
        "vóór",
        "Artikel 10 – ",
        "Pagina 1 van",
    ):
        assert needle in text


# Markers that only occur in the decision, rationale, damage limitation, method answers,
# article notes; and the title, which often names the decision.
SECRETS = (
    "BESLUIT-X",
    "ONDERBOUWING-X",
    "SCHADE-X",
    "ANTWOORD-X",
    "NOTITIE-X",
    "Melden of het vertrouwen bewaren",
)


@pytest.mark.parametrize("template", INTERVISION)
@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx"])
def test_intervision_never_reveals_the_decision(template: str, fmt: str) -> None:
    text = text_of(render(document(template), fmt), fmt)
    for secret in SECRETS:
        assert secret not in text
    assert "Hoe houd ik mijn rol helder" in text.replace("\n", " ")  # the question is there


def test_the_werkverslag_does_contain_the_decision() -> None:
    text = render_preview(document("werkverslag"))
    assert all(s in text for s in SECRETS)  # so the test above is not vacuous


def test_balint_pitch_has_at_most_three_sentences_and_probleem_five() -> None:
    balint = render_preview(document("intervision-balint"))
    pitch = balint.split("### Pitch\n\n")[1].split("\n\n")[0]
    assert pitch.count(". ") + 1 == 3
    probleem = render_preview(document("intervision-probleem"))
    problem = probleem.split("### Het probleem\n\n")[1].split("\n\n")[0]
    assert len(re.findall(r"[.?!](?:\s|$)", problem)) <= 5


NASTY = "<script>alert(1)</script> # kop [link](http://x) *vet* `code` $\\frac{a}{b}$ | &amp; \\end"


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_markup_in_user_text_is_escaped(template: str) -> None:
    entry = Entry(
        title=NASTY,
        situation=NASTY,
        question="- " + NASTY,
        dilemma="1. " + NASTY,
        feelings=NASTY,
        learning_goal=NASTY,
        rationale=NASTY,
    )
    doc = prepare_export([entry], template=template, lang="en", aliases={}, names=None).document
    html = render(doc, "html").decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp;amp;" in html
    md = render(doc, "md").decode()
    assert "<script>" not in md and "\\<script\\>" in md
    assert "[link]" not in md and "\\[link\\]" in md and "\\$" in md and "\\`code\\`" in md
    for line in md.splitlines():
        assert not line.startswith(("- -", "1.", "# kop", "<"))
    pdf = pdf_text(render(doc, "pdf"))
    assert "<script>alert(1)</script>" in pdf  # PDF shows the text literally
    assert "<script>alert(1)</script> # kop [link](http://x)" in docx_outline(render(doc, "docx"))


@pytest.mark.parametrize("template", list(TEMPLATES))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_empty_entry_renders_without_dangling_headings(template: str, lang: str) -> None:
    doc = prepare_export(
        [Entry(created=datetime(2024, 1, 5, tzinfo=UTC))],
        template=template,
        lang=lang,
        aliases={},
        names=None,
    ).document
    lines = [line for line in render_preview(doc).splitlines() if line.strip()]
    for here, following in zip(lines, [*lines[1:], None], strict=True):
        if here.startswith("#"):
            assert following is not None and (
                not following.startswith("#") or following.count("#") > here.count("#")
            ), f"dangling heading {here!r}"
    html = render(doc, "html").decode()
    assert not re.search(r"<h[1-6]>[^<]*</h[1-6]>\s*</section>", html)


def test_html_is_self_contained() -> None:
    html = render(document("full"), "html").decode()
    assert "<style>" in html and "@media print" in html
    assert not re.search(r"(src|href)=", html)
    assert "default-src 'none'" in html


def test_reflectieverslag_counts_recurring_articles_values_and_goals() -> None:
    text = render_preview(document("reflectieverslag"))
    assert "Artikel 10 – " in text and "2×" in text
    assert "**vertrouwen** — 2×" in text  # values from both entries, split on , and ;
    assert text.count("Eerder en duidelijker mijn grenzen aangeven.") == 1  # goals de-duplicated
