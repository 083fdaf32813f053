"""The journal repository: entries, revisions, search, ids and the alias table."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from vault_helpers import a_day_later

from reflect.errors import EntryNotFound, JournalExists, SaveFailed, UsageError
from reflect.model import ArticleRef, Entry, Option, Stakeholder, Status
from reflect.operations.query import find_entries, parse_query
from reflect.vault.journal import Journal
from reflect.vault.kdf import KdfParams

FAST = KdfParams(os.urandom(16), 64, 1, 1)
PASS = "correct horse battery"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "journal.reflect"


def make(path: Path) -> Journal:
    journal, _ = Journal.create(path, PASS, kdf=FAST)
    return journal


def test_entries_survive_closing_and_reopening(path: Path) -> None:
    journal = make(path)
    entry = journal.add(
        Entry(
            title="Ouder vraagt om informatie",
            situation="Vader belt over zijn dochter van 16 (fictief).",
            options=[Option("informatie geven", "vertrouwen dochter geschaad")],
            stakeholders=[Stakeholder("dochter", "autonomie")],
            articles=[ArticleRef("bpsw-2021", 11, "toestemming vragen")],
            status=Status.DECIDED,
        )
    )
    journal.close()
    with Journal.open(path, PASS) as reopened:
        assert reopened.get(entry.id).to_dict() == entry.to_dict()


def test_update_keeps_the_previous_version_as_a_revision(path: Path) -> None:
    journal = make(path)
    first = journal.add(Entry(title="v1", decision="eerst dit"))
    second = journal.update(Entry.from_dict({**first.to_dict(), "decision": "toch dat"}))
    journal.update(Entry.from_dict({**second.to_dict(), "decision": "uiteindelijk zo"}))
    journal.close()
    with Journal.open(path, PASS) as reopened:
        revisions = reopened.revisions(first.id)
        assert [r.entry.decision for r in revisions] == ["eerst dit", "toch dat"]
        assert reopened.get(first.id).decision == "uiteindelijk zo"
        assert reopened.get(first.id).created == first.created
        assert reopened.get(first.id).updated > first.updated


def test_saving_an_unchanged_entry_adds_no_revision(path: Path) -> None:
    journal = make(path)
    entry = journal.add(Entry(title="x"))
    generation = journal.generation
    journal.update(entry)
    assert journal.revisions(entry.id) == []
    assert journal.generation == generation


def test_entry_found_by_unique_prefix_but_not_by_a_short_or_ambiguous_one(path: Path) -> None:
    journal = make(path)
    a = journal.add(Entry(id="abcd111111", title="a"))
    journal.add(Entry(id="abcd222222", title="b"))
    assert journal.get("abcd1").id == a.id
    assert journal.get("ABCD111111").id == a.id
    with pytest.raises(UsageError, match="matches 2 entries"):
        journal.get("abcd")
    with pytest.raises(EntryNotFound):
        journal.get("abc")


def test_search_matches_every_word_case_insensitively(path: Path) -> None:
    journal = make(path)
    journal.add(Entry(title="Huisbezoek", situation="Zorgen over de Veiligheid thuis"))
    journal.add(Entry(title="Dossier", situation="inzage door moeder"))
    assert [e.title for e in search(journal, "veiligheid THUIS")] == ["Huisbezoek"]
    assert search(journal, "veiligheid moeder") == []
    assert len(search(journal, "")) == 2


def search(journal: Journal, text: str) -> list[Entry]:
    return find_entries(journal, parse_query(text, date.today()))


def test_list_is_newest_first(path: Path) -> None:
    journal = make(path)
    for title in ("eerste", "tweede", "derde"):
        journal.add(Entry(title=title))
    assert [e.title for e in journal.list_entries()] == ["derde", "tweede", "eerste"]


def test_delete_removes_entry_and_its_revisions(path: Path) -> None:
    journal = make(path)
    entry = journal.add(Entry(title="weg"))
    journal.update(Entry.from_dict({**entry.to_dict(), "title": "weg 2"}))
    journal.delete(entry.id)
    journal.close()
    with Journal.open(path, PASS) as reopened:
        assert reopened.list_entries() == []
        with pytest.raises(EntryNotFound):
            reopened.revisions(entry.id)
        assert "revisions" in reopened._store.read()
        assert reopened._store.read()["revisions"] == {}


def test_alias_table_is_kept_encrypted_and_editable(path: Path) -> None:
    journal = make(path)
    journal.set_alias("Fatima", "cliënt A")
    journal.set_alias("Fatima", "cliënt B")
    journal.set_alias("Jan", "vader")
    journal.remove_alias("Jan")
    journal.close()
    assert b"Fatima" not in path.read_bytes()
    with Journal.open(path, PASS) as reopened:
        assert reopened.aliases() == {"Fatima": "cliënt B"}
        with pytest.raises(UsageError):
            reopened.remove_alias("Jan")


def test_fields_from_a_newer_version_are_preserved(path: Path) -> None:
    journal = make(path)
    data = Entry(title="x").to_dict() | {"future_field": {"kept": True}}
    entry = journal.add(Entry.from_dict(data))
    journal.update(Entry.from_dict({**entry.to_dict(), "title": "y"}))
    assert journal.get(entry.id).to_dict()["future_field"] == {"kept": True}


def test_creating_over_an_existing_journal_is_refused(path: Path) -> None:
    make(path).close()
    before = path.read_bytes()
    with pytest.raises(JournalExists):
        Journal.create(path, "other passphrase", kdf=FAST)
    assert path.read_bytes() == before


def test_close_forgets_the_decrypted_data(path: Path) -> None:
    journal = make(path)
    journal.add(Entry(title="geheim"))
    journal.close()
    assert journal._store.read() == {}


def test_no_new_journal_over_the_backups_of_a_missing_one(path: Path) -> None:
    journal = make(path)
    journal.add(Entry(title="eerder werk"))
    journal.close()
    path.unlink()  # lost, say by a sync tool; bak1 and bak2 are still there
    backups = sorted(p.name for p in path.parent.glob("*.bak*"))
    with pytest.raises(JournalExists, match="backups"):
        Journal.create(path, PASS, kdf=FAST)
    assert not path.exists()
    assert sorted(p.name for p in path.parent.glob("*.bak*")) == backups


def test_a_closed_journal_refuses_to_save(path: Path) -> None:
    journal = make(path)
    journal.add(Entry(title="x"))
    journal.close()
    before = path.read_bytes()
    with pytest.raises(SaveFailed, match="closed"):
        journal.add(Entry(title="after close"))
    assert path.read_bytes() == before


def _failing_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    from reflect.vault import journal as journal_module

    def full_disk(*args: object, **kwargs: object) -> None:
        raise SaveFailed("could not save the journal (the disk is full)")

    monkeypatch.setattr(journal_module, "atomic_write", full_disk)


def test_revert_unsaved_throws_away_what_a_failed_save_left(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = make(path)
    kept = journal.add(Entry(title="bewaard", decision="eerst"))
    with monkeypatch.context() as patch:
        _failing_writes(patch)
        with pytest.raises(SaveFailed):
            journal.update(Entry.from_dict({**kept.to_dict(), "decision": "weggooien"}))
        with pytest.raises(SaveFailed):
            journal.add(Entry(id="nieuw-1234", title="ook weggooien"))
    assert journal.unsaved
    journal.revert_unsaved()
    assert not journal.unsaved
    assert [e.title for e in journal.list_entries()] == ["bewaard"]
    assert journal.get(kept.id).decision == "eerst"
    assert journal.revisions(kept.id) == []
    journal.add(Entry(id="nieuw-1234", title="nu wel"))  # the id is free again
    journal.close()
    with Journal.open(path, PASS) as reopened:
        assert sorted(e.title for e in reopened.list_entries()) == ["bewaard", "nu wel"]
        assert reopened.revisions(kept.id) == []


def test_revert_unsaved_refuses_when_the_file_was_replaced(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.errors import JournalChangedOnDisk

    journal = make(path)
    with monkeypatch.context() as patch:
        _failing_writes(patch)
        with pytest.raises(SaveFailed):
            journal.add(Entry(title="onbewaard"))
    other = path.with_name("other.reflect")
    second, _ = Journal.create(other, PASS, kdf=FAST)
    second.close()
    os.replace(other, path)  # a sync tool put another file in place
    with pytest.raises(JournalChangedOnDisk):
        journal.revert_unsaved()
    assert journal.unsaved
    assert [e.title for e in journal.list_entries()] == ["onbewaard"]


def test_check_secret_tests_the_passphrase_without_reopening(path: Path) -> None:
    journal = make(path)
    journal.add(Entry(title="x"))
    path.unlink()  # not read again: the header in memory is enough
    assert journal.check_secret(PASS)
    assert not journal.check_secret("wrong passphrase")
    journal.close()
    assert not journal.check_secret(PASS)


def test_an_alias_set_while_saves_fail_is_kept_and_saved_later(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.vault import journal as journal_module

    journal = make(path)
    real_write = journal_module.atomic_write

    def disk_full(*args: object, **kwargs: object) -> None:
        raise SaveFailed("could not save the journal (the disk is full)")

    monkeypatch.setattr(journal_module, "atomic_write", disk_full)
    with pytest.raises(SaveFailed):
        journal.set_alias("Fatima", "cliënt A")
    assert journal.aliases() == {"Fatima": "cliënt A"} and journal.unsaved
    monkeypatch.setattr(journal_module, "atomic_write", real_write)
    journal.save()
    journal.close()
    with Journal.open(path, PASS) as reopened:
        assert reopened.aliases() == {"Fatima": "cliënt A"}


def test_backups_are_found_for_a_name_with_glob_characters(tmp_path: Path) -> None:
    from reflect.vault.storage import existing_backups

    path = tmp_path / "[b]dagboek*?.reflect"
    journal = make(path)
    journal.add(Entry(title="x"))
    a_day_later(path)
    journal.add(Entry(title="y"))  # two days, two saves over an existing file: two backups
    journal.close()
    assert [p.name for p in existing_backups(path)] == [
        "[b]dagboek*?.reflect.bak1",
        "[b]dagboek*?.reflect.bak2",
    ]
