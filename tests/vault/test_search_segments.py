"""A search over a format 2 journal skips the segments that cannot match, and never one
that can: the results are exactly those of reading every entry."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vault_helpers import PASSPHRASE, fast_kdf

from reflect.errors import JournalDamaged
from reflect.model import Entry, searchable_text_of
from reflect.operations.query import find_documents, parse_query
from reflect.vault import format as fmt
from reflect.vault import segments, wordfilter
from reflect.vault.journal import Journal
from reflect.vault.payload import encode_json

TODAY = date(2026, 12, 2)

# Fictional texts, placed in different segments; each holds a case that a naive byte
# search would miss.
TRICKY = {
    0: "De STRAßE van de fictieve cliënt",  # ß folds to ss
    70: 'Zij zei "nee" en schreef C:\\map\\dossier',  # JSON escapes " and \
    140: "Ǩ en \u212a (Kelvin) en ﬁets (ligatuur)",  # K folds to k, ﬁ to fi
    190: "CLIËNT IN HOOFDLETTERS",  # Ë is not ASCII, the rest is
}
QUERIES = ["strasse", '"nee"', "c:\\map\\dossier", "kelvin", "k", "fiets", "cliënt", "ÿ",
           "zwaluw", "fictieve", "nee\"", "LIGATUUR"]  # fmt: skip


@pytest.fixture
def journal_with_text(journal_path: Path) -> Path:
    journal, _ = Journal.create(journal_path, PASSPHRASE, fast_kdf())
    try:
        entries = [
            Entry(title=f"Casus {n}", situation=TRICKY.get(n, f"gewone tekst {n}"))
            for n in range(3 * segments.PER_SEGMENT + 5)
        ]
        journal.add_many(entries)
    finally:
        journal.close()
    return journal_path


def _titles(path: Path, text: str, *, lazy: bool) -> list[str]:
    with Journal.open(path, PASSPHRASE, lazy=lazy) as journal:
        found = find_documents(journal, parse_query(text, TODAY), zone=None)
        return [str(doc["title"]) for doc in found]


@pytest.mark.parametrize("text", QUERIES)
def test_a_lazy_search_finds_what_reading_everything_finds(
    journal_with_text: Path, text: str
) -> None:
    assert _titles(journal_with_text, text, lazy=True) == _titles(
        journal_with_text, text, lazy=False
    )


def test_the_tricky_texts_are_found(journal_with_text: Path) -> None:
    assert _titles(journal_with_text, "strasse", lazy=True) == ["Casus 0"]
    assert _titles(journal_with_text, '"nee"', lazy=True) == ["Casus 70"]
    assert _titles(journal_with_text, "kelvin k", lazy=True) == ["Casus 140"]
    assert _titles(journal_with_text, "fiets", lazy=True) == ["Casus 140"]
    assert set(_titles(journal_with_text, "cliënt", lazy=True)) == {"Casus 0", "Casus 190"}


def test_a_search_still_reports_a_damaged_segment_it_would_skip(journal_with_text: Path) -> None:
    parsed = fmt.parse(journal_with_text.read_bytes())
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
    ref = segments.open_directory(parsed, key).segments[2]
    blob = bytearray(journal_with_text.read_bytes())
    blob[ref.at + 7] ^= 0x10
    journal_with_text.write_bytes(bytes(blob))
    with pytest.raises(JournalDamaged):
        _titles(journal_with_text, "strasse", lazy=True)


def test_the_list_of_characters_that_fold_to_ascii_is_complete() -> None:
    found = {
        c
        for c in map(chr, range(0x80, sys.maxunicode + 1))
        if any(ch.isascii() for ch in c.casefold())
    }
    assert found == set(wordfilter.FOLDS_TO_ASCII)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    text=st.text(min_size=0, max_size=40),
    start=st.integers(min_value=0, max_value=40),
    length=st.integers(min_value=1, max_value=8),
)
def test_a_word_cut_from_an_entry_never_lets_its_segment_be_skipped(
    text: str, start: int, length: int
) -> None:
    """Any word a query could hold (no white space, case-folded) that occurs in an entry's
    searchable text: the segment holding that entry is never skipped."""
    doc = Entry(title="t", situation=text).to_dict()
    haystack = searchable_text_of(doc).casefold()
    word = haystack[start : start + length]
    if not word or any(ch.isspace() for ch in word):
        return
    plaintext = encode_json({"entries": {"1": doc}, "revisions": {}})
    assert wordfilter.WordFilter([word]).may_match(plaintext)


def test_a_copied_segment_keeps_what_the_directory_says_of_its_text(
    journal_with_text: Path,
) -> None:
    """The directory records which segments hold characters that fold to ASCII; a save
    that copies such a segment keeps the record, so its entries are still found."""
    with Journal.open(journal_with_text, PASSPHRASE, lazy=True) as journal:
        (doc,) = find_documents(journal, parse_query("casus 150", TODAY), zone=None)[:1]
        entry = journal.get(str(doc["id"]))
        journal.update(Entry(**{**vars(entry), "decision": "fictief"}))  # segment 2 only
    parsed = fmt.parse(journal_with_text.read_bytes())
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
    assert [ref.folds for ref in segments.open_directory(parsed, key).segments][:3] == [
        True, False, True,
    ]  # fmt: skip
    assert _titles(journal_with_text, "strasse", lazy=True) == ["Casus 0"]
