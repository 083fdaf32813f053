"""The career-scale read paths give what the Entry-building paths gave.

At 10,000 entries, ``reflect list`` and ``search`` print rows straight from the stored
documents and the journal reads its tables without TinyDB's per-document copies; the
save checks its read-back by digest instead of holding the plaintext. These tests hold each
shortcut to the result of the slow, obvious path, on fictional entries.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from reflect.commands.browse import document_row
from reflect.errors import SaveFailed
from reflect.model import ArticleRef, Entry, Option, Stakeholder, Status
from reflect.operations.query import find_documents, find_entries, parse_query
from reflect.textout import entry_row
from reflect.vault import segments
from reflect.vault.journal import Journal
from reflect.vault.kdf import KdfParams
from reflect.vault.storage import FileSink

FAST = KdfParams(os.urandom(16), 64, 1, 1)
PASS = "fictieve wachtzin"
TODAY = date(2026, 6, 1)


def fictional_entries() -> list[Entry]:
    """Made-up entries that differ in every way a row shows."""
    start = datetime(2025, 1, 1, 23, 30, tzinfo=UTC)
    late_evening = timezone(timedelta(hours=-5))
    return [
        Entry(
            created=start,
            updated=start,
            title="Jongere vraagt om geheimhouding",
            situation="De school belt over spanningen thuis.",
            articles=[ArticleRef("bpsw-2021", 10), ArticleRef("bpsw-2021", 3, "let op")],
            status=Status.DECIDED,
        ),
        Entry(created=start + timedelta(days=1), updated=start, title=""),  # untitled
        Entry(
            created=datetime(2025, 3, 2, 21, 0, tzinfo=late_evening),  # another offset
            updated=start,
            title="Een titel die veel langer is dan de veertig tekens van een regel in de lijst",
            options=[Option("melden", "vertrouwen weg")],
            stakeholders=[Stakeholder("moeder", "rust")],
            status=Status.EVALUATED,
        ),
        Entry(
            created=start + timedelta(days=40),
            updated=start,
            title="Escape \x1b[31mrood\x1b[0m en\ttab",  # shown inert, on one line
            decision="Wachten op overleg met de wijkverpleegkundige.",
            articles=[ArticleRef("bpsw-2021", 7), ArticleRef("bpsw-2021", 7)],
            delete_after=date(2026, 1, 1),
        ),
    ]


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    made, _ = Journal.create(tmp_path / "journal.reflect", PASS, kdf=FAST)
    made.add_many(fictional_entries())
    return made


def test_a_row_from_the_document_is_the_row_from_the_entry(journal: Journal) -> None:
    docs = journal.documents()
    assert len(docs) == 4
    # Both in the same zone: one far east of UTC, one west (the day can differ from UTC's).
    for zone in (UTC, timezone(timedelta(hours=13)), timezone(timedelta(hours=-5))):
        for doc in docs:
            assert document_row(doc, zone=zone) == entry_row(Entry.from_dict(dict(doc)), zone=zone)


@pytest.mark.parametrize(
    "text", ["", "school", "WACHTEN overleg", "#7", "status:decided", "to:2025-01-10", "zzz"]
)
def test_documents_found_are_the_entries_found_in_the_same_order(
    journal: Journal, text: str
) -> None:
    query = parse_query(text, TODAY)
    by_entries = [e.to_dict() for e in find_entries(journal, query)]
    by_documents = [Entry.from_dict(dict(d)).to_dict() for d in find_documents(journal, query)]
    assert by_documents == by_entries
    if text == "":
        assert by_entries == [e.to_dict() for e in journal.list_entries()]
        created = [e["created"] for e in by_entries]
        assert [datetime.fromisoformat(c) for c in created] == sorted(
            (datetime.fromisoformat(c) for c in created), reverse=True
        )


def test_a_word_is_searched_in_every_field_even_without_other_tokens(journal: Journal) -> None:
    # The haystack is left out only when a query has no words: a word must still find text
    # that is not in the title (options, stakeholders, decision).
    for word, title in (
        ("vertrouwen", "Een titel die veel"),
        ("moeder", "Een titel die veel"),
        ("wijkverpleegkundige", "Escape"),
    ):
        found = find_documents(journal, parse_query(word, TODAY))
        assert [str(d["title"])[: len(title)] for d in found] == [title]


def test_revisions_and_get_by_prefix_read_the_stored_tables(journal: Journal) -> None:
    entry = journal.list_entries()[0]
    entry.decision = "Toch melden, na overleg."
    journal.update(entry)
    assert journal.get(entry.id[:6]).decision == "Toch melden, na overleg."
    assert journal.document(entry.id[:6])["decision"] == "Toch melden, na overleg."
    revisions = journal.revisions(entry.id[:6])
    assert [r.entry.decision for r in revisions] == [""]


def test_a_closed_journal_lists_nothing(journal: Journal) -> None:
    journal.close()
    assert journal.documents() == []
    assert journal.list_entries() == []


def test_the_save_still_refuses_a_read_back_that_differs(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that keeps something other than what was written: one byte of a segment
    differs in the file, and the read-back refuses it before it replaces the journal."""
    real_write = segments.write_file

    def corrupted(out: FileSink, *args: Any, **kwargs: Any) -> segments.Directory:
        directory = real_write(out, *args, **kwargs)
        at = directory.segments[0].at + 5
        os.pwrite(out.fileno(), bytes([os.pread(out.fileno(), 1, at)[0] ^ 0xFF]), at)
        return directory

    monkeypatch.setattr(segments, "write_file", corrupted)
    before = journal.path.read_bytes()
    entry = journal.list_entries()[0]
    entry.title = "Gewijzigd"
    with pytest.raises(SaveFailed):
        journal.update(entry)
    assert journal.unsaved
    assert journal.path.read_bytes() == before


def test_rows_filter_on_all_text_whether_or_not_it_was_prepared(journal: Journal) -> None:
    from reflect.operations.query import filter_rows, prepare_text, row_of_document

    query = parse_query("wijkverpleegkundige", TODAY)
    fresh = [row_of_document(doc) for doc in journal.documents()]
    prepared = [row_of_document(doc) for doc in journal.documents()]
    prepare_text(prepared)  # what the journal screen does once the list is shown
    for rows in (fresh, prepared):
        assert [r.title[:6] for r in filter_rows(rows, query)] == ["Escape"]
    assert fresh == prepared  # the source document is not part of a row's value
