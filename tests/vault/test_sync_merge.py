"""A journal in a synced folder (issue 10, "Synced folders"): conflict copies are found by the
names Nextcloud, Dropbox, Syncthing and OneDrive give them, a journal older than its newest
backup is noticed, and two diverged copies merge without losing an entry or a revision and
without bringing back an entry that was destroyed on purpose. All data is fictional."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sync_helpers import NEXTCLOUD, assert_nothing_lost, diverge, tables_of
from vault_helpers import (
    PASSPHRASE,
    fast_kdf,
    find_leaks,
    journal_family,
    make_journal,
)

from reflect.errors import JournalDamaged, SaveFailed, UsageError, WrongPassphrase
from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault import sync
from reflect.vault.journal import ALIASES, ENTRIES, ERASED, REVISIONS, Journal
from reflect.vault.storage import existing_backups
from reflect.vault.sync import (
    CopyNeedsPassphrase,
    conflict_copies,
    merge_copies,
    merge_tables,
    newer_backup,
    read_copy,
    stale_journal,
    sync_state,
)
from reflect.vault.tinystore import Tables
from tests.journal_files import seal_format_1

# ---- the names sync tools give conflict copies -------------------------------------------

NAMED_COPIES = [
    NEXTCLOUD,
    "journal (conflicted copy jan 2026-01-02 101112).reflect",  # Nextcloud, with the user
    "journal (Jan's conflicted copy 2026-01-02).reflect",  # Dropbox
    "journal (Jan's conflicted copy 2026-01-02 (1)).reflect",  # Dropbox, a second one that day
    "journal (Conflicterende kopie van Jan 2026-01-02).reflect",  # a translated tool
    "journal.sync-conflict-20260102-101112-ABCDEFG.reflect",  # Syncthing
    "journal.sync-conflict-20260102-101112.reflect",  # Syncthing before device ids
    "journal_conflict-20260102-101112.reflect",  # ownCloud before 2.5
]

NOT_COPIES = [
    "journal.reflect.bak1",
    "journal.reflect.lock",
    ".journal.reflect.0a1b2c3d4e5f.tmp",
    "journal (1).reflect",
    "journal copy.reflect",
    "notes (conflicted copy 2026-01-02 101112).reflect",  # another file's copy
    "journaal (conflicted copy 2026-01-02 101112).reflect",
    "journal (conflicted copy 2026-01-02 101112).txt",
    "journal.reflect (conflicted copy 2026-01-02 101112).bak1",  # a backup's copy
    "journal.sync-conflict-2026-ABCDEFG.reflect",
    "journal.sync-conflict-20260102-101112-ABCDEFG.reflect.bak1",
    "journal_conflict-2026.reflect",
]


def _journal_bytes(tmp_path: Path) -> bytes:
    return make_journal(tmp_path / "elsewhere" / "journal.reflect").path.read_bytes()


@pytest.mark.parametrize("name", NAMED_COPIES)
def test_named_conflict_copies_are_found(tmp_path: Path, name: str) -> None:
    journal = tmp_path / "data" / "journal.reflect"
    journal.parent.mkdir()
    journal.write_bytes(b"RFLCTJNL")
    (journal.parent / name).write_bytes(b"whatever it holds: a damaged copy is noticed too")
    assert conflict_copies(journal) == [journal.parent / name]


@pytest.mark.parametrize("name", NOT_COPIES)
def test_other_names_are_not_conflict_copies(tmp_path: Path, name: str) -> None:
    journal = tmp_path / "data" / "journal.reflect"
    journal.parent.mkdir()
    blob = _journal_bytes(tmp_path)
    journal.write_bytes(blob)
    (journal.parent / name).write_bytes(blob)
    assert conflict_copies(journal) == []


def test_a_folder_with_a_copys_name_is_not_a_copy(tmp_path: Path) -> None:
    journal = tmp_path / "journal.reflect"
    journal.write_bytes(b"RFLCTJNL")
    (tmp_path / NEXTCLOUD).mkdir()
    assert conflict_copies(journal) == []


def test_onedrive_copies_count_only_when_they_start_like_a_journal(tmp_path: Path) -> None:
    journal = tmp_path / "data" / "journal.reflect"
    journal.parent.mkdir()
    blob = _journal_bytes(tmp_path)
    journal.write_bytes(blob)
    (journal.parent / "journal-DESKTOP-AB12CD3.reflect").write_bytes(blob)
    (journal.parent / "journal-LAPTOP.reflect").write_text("a text file of the user's own")
    (journal.parent / "journal-.reflect").write_bytes(blob)
    assert [p.name for p in conflict_copies(journal)] == ["journal-DESKTOP-AB12CD3.reflect"]


def test_names_with_pattern_characters_and_no_extension(tmp_path: Path) -> None:
    odd = tmp_path / "mijn [werk] dagboek+.reflect"
    odd.write_bytes(b"RFLCTJNL")
    (tmp_path / "mijn [werk] dagboek+ (conflicted copy 2026-01-02 101112).reflect").touch()
    (tmp_path / "mijn w dagboek+ (conflicted copy 2026-01-02 101112).reflect").touch()
    assert [p.name for p in conflict_copies(odd)] == [
        "mijn [werk] dagboek+ (conflicted copy 2026-01-02 101112).reflect"
    ]
    bare = tmp_path / "dagboek"
    bare.write_bytes(b"RFLCTJNL")
    (tmp_path / "dagboek.sync-conflict-20260102-101112-ABCDEFG").touch()
    (tmp_path / "dagboek (conflicted copy 2026-01-02 101112)").touch()
    assert [p.name for p in conflict_copies(bare)] == [
        "dagboek (conflicted copy 2026-01-02 101112)",
        "dagboek.sync-conflict-20260102-101112-ABCDEFG",
    ]


# ---- a journal older than its newest backup ---------------------------------------------


def test_a_journal_older_than_its_newest_backup_is_stale(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="een")])
    older = journal_path.read_bytes()
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.add(Entry(title="twee"))
        journal.add(Entry(title="drie"))
    assert not stale_journal(journal_path)
    newest = journal_path.read_bytes()

    # A sync tool brings an older journal back while a backup holds the newest save.
    backup = journal_path.with_name(journal_path.name + ".bak2")
    backup.write_bytes(newest)
    journal_path.write_bytes(older)
    assert stale_journal(journal_path)
    found = newer_backup(journal_path)
    assert found is not None and found.path == backup
    assert found.generation == fmt.parse(newest).header.generation
    assert found.journal_generation == fmt.parse(older).header.generation
    assert sync_state(journal_path).sources == [backup]


def test_damaged_or_missing_files_are_not_stale(journal_path: Path) -> None:
    assert not stale_journal(journal_path)  # no journal at all
    make_journal(journal_path, [Entry(title="een"), Entry(title="twee")])
    backup = existing_backups(journal_path)[0]
    backup.write_bytes(b"RFLCTJNL" + b"\xff" * 40)  # a damaged backup has no count to compare
    assert not stale_journal(journal_path)
    journal_path.write_bytes(b"not a journal")
    assert not stale_journal(journal_path)


# ---- merging two diverged copies --------------------------------------------------------


def test_two_diverged_copies_merge_without_losing_an_entry_or_a_revision(
    journal_path: Path,
) -> None:
    d = diverge(journal_path)
    ours, theirs = tables_of(d.journal), tables_of(d.copy)
    ours_before = json.dumps(ours, sort_keys=True)

    merged, report = merge_tables(ours, theirs)

    assert json.dumps(ours, sort_keys=True) == ours_before, "the input must not change"
    assert_nothing_lost(merged, ours, theirs)
    titles = sorted(doc["title"] for doc in merged[ENTRIES].values())
    assert titles == ["A", "C", "E", "F"]  # B destroyed here, D there: neither comes back
    by_title = {doc["title"]: doc for doc in merged[ENTRIES].values()}
    assert by_title["A"]["decision"] == "hier: uitstel geven", "this journal's version stays"
    their_a = [
        r["entry"]["decision"]
        for r in merged[REVISIONS].values()
        if r["entry_id"] == d.ids["A"] and r["entry"]["decision"]
    ]
    assert their_a == ["daar: geen uitstel"]  # the other side's edit, now a revision
    assert {d_["entry_id"] for d_ in merged[ERASED].values()} == {d.ids["B"], d.ids["D"]}
    assert {a["real"]: a["pseudonym"] for a in merged[ALIASES].values()} == {
        "Jansen": "Persoon 1",  # a clash: this journal's pseudonym stays
        "De Vries": "Persoon 2",
    }
    assert report.added == 1  # F
    assert report.kept_as_revision == 2  # A and C, changed there
    assert report.erased_honoured == 2  # B (there still) and D (here still)
    assert report.aliases_added == 1 and report.alias_clashes == 1
    # Both sides' revisions of A (the original, saved at two moments) and theirs of C.
    assert report.revisions_added == 2


def test_merging_is_symmetric_in_what_it_keeps(journal_path: Path) -> None:
    d = diverge(journal_path)
    ours, theirs = tables_of(d.journal), tables_of(d.copy)
    there, _ = merge_tables(theirs, ours)
    assert_nothing_lost(there, ours, theirs)
    assert sorted(doc["title"] for doc in there[ENTRIES].values()) == ["A", "C", "E", "F"]


def test_merging_twice_changes_nothing_more(journal_path: Path) -> None:
    d = diverge(journal_path)
    ours, theirs = tables_of(d.journal), tables_of(d.copy)
    once, _ = merge_tables(ours, theirs)
    twice, report = merge_tables(once, theirs)
    assert twice == once
    assert not report.changes
    _, back = merge_tables(once, once)
    assert not back.changes


def test_merge_keeps_tables_it_does_not_know(journal_path: Path) -> None:
    ours: Tables = {ENTRIES: {}, "later": {"1": {"x": 1}}}
    theirs: Tables = {ENTRIES: {}, "later": {"1": {"x": 2}}, "newer": {"1": {"y": 3}}}
    merged, _ = merge_tables(ours, theirs)
    assert merged["later"] == {"1": {"x": 1}}
    assert merged["newer"] == {"1": {"y": 3}}


def test_merge_copies_saves_once_and_keeps_the_copy_as_the_newest_backup(
    journal_path: Path,
) -> None:
    d = diverge(journal_path)
    theirs = tables_of(d.copy)
    ours = tables_of(d.journal)
    copy_generation = fmt.parse(d.copy.read_bytes()).header.generation
    with Journal.open(journal_path, PASSPHRASE) as journal:
        before = journal.generation
        copy = read_copy(journal, d.copy)
        assert copy.same_key and copy.moves
        result = merge_copies(journal, [copy])
        assert journal.generation == max(before, copy_generation) + 1
        assert not journal.unsaved
    assert not d.copy.exists()
    assert result.kept == [existing_backups(journal_path)[0]]
    assert conflict_copies(journal_path) == []
    assert not stale_journal(journal_path), "the merged journal is newer than every backup"

    merged = tables_of(journal_path)
    assert_nothing_lost(merged, ours, theirs)
    kept = tables_of(result.kept[0])
    assert fmt.parse(result.kept[0].read_bytes()).header.generation == copy_generation
    # The kept copy is the other side's journal, without what either side destroyed.
    assert sorted(doc["title"] for doc in kept[ENTRIES].values()) == ["A", "C", "F"]
    erased = {d.ids["B"], d.ids["D"]}
    assert {x["entry_id"] for x in kept[ERASED].values()} == erased
    # Every backup is clean of the entries destroyed on either side.
    for backup in existing_backups(journal_path):
        docs = tables_of(backup)
        assert not erased & {x["id"] for x in docs.get(ENTRIES, {}).values()}, backup.name
    assert find_leaks("Fictieve collega B twijfelt.", journal_path.parent) == []
    assert find_leaks("Fictieve jongere D zwijgt.", journal_path.parent) == []


def test_a_copy_from_before_a_passphrase_change_merges_with_the_data_key(
    journal_path: Path,
) -> None:
    """The other device still has the old passphrase: the copy opens with the journal's data
    key, and once kept as a backup it no longer opens with the old passphrase."""
    d = diverge(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.change_passphrase("een nieuw wachtwoord", fast_kdf())
    with Journal.open(journal_path, "een nieuw wachtwoord") as journal:
        copy = read_copy(journal, d.copy)  # no passphrase needed
        assert copy.same_key
        result = merge_copies(journal, [copy])
    with pytest.raises(WrongPassphrase):
        tables_of(result.kept[0], PASSPHRASE)
    assert tables_of(result.kept[0], "een nieuw wachtwoord")


def test_a_copy_with_another_key_needs_its_passphrase(journal_path: Path, tmp_path: Path) -> None:
    make_journal(journal_path, [Entry(title="hier")])
    other = make_journal(tmp_path / "other" / "journal.reflect", [Entry(title="daar")])
    copy = journal_path.with_name(NEXTCLOUD)
    shutil.copyfile(other.path, copy)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        with pytest.raises(CopyNeedsPassphrase):
            read_copy(journal, copy)
        loaded = read_copy(journal, copy, PASSPHRASE)
        assert not loaded.same_key
        merge_copies(journal, [loaded])
        assert sorted(e.title for e in journal.list_entries()) == ["daar", "hier"]
    assert tables_of(existing_backups(journal_path)[0])  # sealed under this journal's key


# ---- copies that cannot be merged -------------------------------------------------------


def _flip(path: Path, index: int) -> None:
    blob = bytearray(path.read_bytes())
    blob[index] ^= 0x01
    path.write_bytes(bytes(blob))


DAMAGE = {
    "ciphertext": lambda p: _flip(p, -5),
    "header": lambda p: _flip(p, 30),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:60]),
    "not-a-journal": lambda p: p.write_bytes(b"%PDF-1.7 something else entirely"),
    "empty": lambda p: p.write_bytes(b""),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_copy_is_refused_and_nothing_changes(journal_path: Path, damage: str) -> None:
    d = diverge(journal_path)
    DAMAGE[damage](d.copy)
    before = journal_family(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        with pytest.raises(JournalDamaged) as refused:
            read_copy(journal, d.copy, PASSPHRASE)
        assert d.copy.name in str(refused.value)
    assert journal_family(journal_path) == before


def test_a_copy_made_with_another_passphrase_is_refused(journal_path: Path, tmp_path: Path) -> None:
    make_journal(journal_path, [Entry(title="hier")])
    other = make_journal(tmp_path / "b" / "journal.reflect", [Entry(title="daar")], "iets anders")
    copy = journal_path.with_name(NEXTCLOUD)
    shutil.copyfile(other.path, copy)
    before = journal_family(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        with pytest.raises(WrongPassphrase) as refused:
            read_copy(journal, copy, PASSPHRASE)
        assert refused.value.exit_code == 3
        assert copy.name in str(refused.value)
    assert journal_family(journal_path) == before


def test_the_journal_itself_is_not_a_copy(journal_path: Path) -> None:
    make_journal(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal, pytest.raises(UsageError):
        read_copy(journal, journal_path)


def test_unreadable_entries_in_a_copy_are_damage(journal_path: Path, tmp_path: Path) -> None:
    """A copy that decrypts but holds something that is not an entry (sealed by a bug or by
    someone with the key) is refused before anything is merged."""
    make_journal(journal_path, [Entry(title="hier")])
    with Journal.open(journal_path, PASSPHRASE) as journal:
        header = fmt.parse(journal_path.read_bytes()).header
        key = fmt.unlock_data_key(header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
        bad = {ENTRIES: {"1": {"title": "geen id"}}}
        blob = seal_format_1(header, key, json.dumps(bad).encode())
        copy = journal_path.with_name(NEXTCLOUD)
        copy.write_bytes(blob)
        with pytest.raises(JournalDamaged):
            read_copy(journal, copy)


def test_a_copy_that_cannot_be_moved_leaves_the_merge_saved(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the copy into the backups fails (a full disk, say): the merge is saved, the
    copy stays, the error says so, and merging it again adds nothing."""
    d = diverge(journal_path)

    def refuse(journal: Path, file: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sync, "keep_as_backup", refuse)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        with pytest.raises(SaveFailed, match="could not be moved into the backups"):
            merge_copies(journal, [read_copy(journal, d.copy)])
        assert not journal.unsaved
        assert sorted(e.title for e in journal.list_entries()) == ["A", "C", "E", "F"]
        _, reports = sync.preview(journal, [read_copy(journal, d.copy)])
        assert not reports[0].changes
    assert d.copy.exists()
