"""PDF layout details a reader would notice."""

from __future__ import annotations

import io

import pypdf

from reflect.export import prepare_export, render
from reflect.model import ArticleRef, Entry


def test_a_note_after_a_long_article_heading_keeps_its_words_whole() -> None:
    # Fictional entry. The heading of article 13 fills most of a line, so the note's first
    # word has to move to the next line rather than be cut in two.
    entry = Entry(
        title="Fictief",
        articles=[ArticleRef("bpsw-2021", 13, "doorbreken als laatste middel")],
    )
    prepared = prepare_export([entry], template="full", lang="en", aliases={}, names=None)
    text = pypdf.PdfReader(io.BytesIO(render(prepared.document, "pdf"))).pages[0].extract_text()
    assert "doorbreken als laatste middel" in " ".join(text.split())
