"""Records that are not entries (meetings, learning goals): stored encrypted in the journal,
unlinked from an entry when it is destroyed (in the journal and its backups), merged by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.journal import GOALS, MEETINGS, Journal, decode_tables
from reflect.vault.storage import existing_backups
from reflect.vault.sync import merge_tables
from tests.journal_files import plaintext_of

PASS = "correct horse battery staple"


def _journal(tmp_path: Path) -> Journal:
    journal, _code = Journal.create(tmp_path / "j.reflect", PASS)
    return journal


def test_a_record_is_stored_replaced_and_removed_across_reopen(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    journal.put_record(MEETINGS, {"id": "m1", "form": "intervisie", "entries": []})
    journal.put_record(MEETINGS, {"id": "m1", "form": "supervisie", "entries": []})
    journal.put_record(GOALS, {"id": "g1", "text": "Grenzen stellen", "entries": []})
    journal.close()
    with Journal.open(tmp_path / "j.reflect", PASS) as again:
        assert again.records(MEETINGS) == [{"id": "m1", "form": "supervisie", "entries": []}]
        assert again.remove_record(GOALS, "g1") is True
        assert again.remove_record(GOALS, "g1") is False
        assert again.records(GOALS) == []


def test_an_unknown_table_or_a_record_without_id_is_refused(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    with pytest.raises(ValueError):
        journal.records("entries")
    with pytest.raises(ValueError):
        journal.put_record(GOALS, {"text": "no id"})


def test_destroying_an_entry_unlinks_it_from_records_and_backups(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    gone, kept = journal.add(Entry(title="weg")), journal.add(Entry(title="blijft"))
    journal.put_record(MEETINGS, {"id": "m1", "entries": [gone.id, kept.id]})
    journal.destroy([gone.id])
    assert journal.records(MEETINGS) == [{"id": "m1", "entries": [kept.id]}]
    key = journal._data_key
    backups = existing_backups(journal.path)
    assert backups  # the day's backup was taken before the record was linked
    for backup in backups:
        parsed = fmt.parse(backup.read_bytes())
        tables = decode_tables(plaintext_of(parsed, key))
        for doc in tables.get(MEETINGS, {}).values():
            assert gone.id not in doc["entries"]


def test_merge_keeps_ours_with_both_sides_links_adds_theirs_and_drops_erased_links() -> None:
    ours = {MEETINGS: {"1": {"id": "m1", "hours": 2, "entries": ["a"]}}, "erased": {}}
    theirs = {
        MEETINGS: {
            "1": {"id": "m1", "hours": 9, "entries": ["b", "a"]},  # b linked over there
            "2": {"id": "m2", "hours": 1, "entries": ["a", "x"]},
        },
        "erased": {"1": {"entry_id": "x"}},
    }
    merged, report = merge_tables(ours, theirs)
    rows = sorted(merged[MEETINGS].values(), key=lambda d: d["id"])
    assert rows == [
        {"id": "m1", "hours": 2, "entries": ["a", "b"]},  # ours, with both sides' links
        {"id": "m2", "hours": 1, "entries": ["a"]},
    ]
    assert report.records_added == 1 and report.changes


def test_a_record_this_version_cannot_read_is_left_out_not_an_error(tmp_path: Path) -> None:
    """A meeting or goal in another shape (a newer reflect's, via a merge) does not stop the
    reflection log or the goals: it is not shown, and it stays stored as it was."""
    from reflect.operations.goals import list_goals
    from reflect.operations.meetings import list_meetings

    journal = _journal(tmp_path)
    journal.put_record(MEETINGS, {"id": "odd", "hours": "many"})  # no date, no number
    journal.put_record(GOALS, {"id": "odd", "text": "Later", "closed": "someday"})
    journal.put_record(GOALS, {"id": "g1", "text": "Grenzen stellen", "entries": []})
    assert list_meetings(journal) == []
    assert [g.id for g in list_goals(journal)] == ["g1"]
    assert {r["id"] for r in journal.records(GOALS)} == {"odd", "g1"}  # kept untouched
