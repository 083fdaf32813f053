"""Backups: taken once a day within a size budget, cleaned of destroyed entries, and sealed
again when the passphrase or the data key changes (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, a_day_later, fast_kdf, make_journal

from reflect.errors import JournalDamaged, WrongPassphrase
from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.backups import keep_as_backup
from reflect.vault.journal import Journal, decode_tables
from reflect.vault.storage import existing_backups
from tests.journal_files import plaintext_of as file_plaintext

CANARY = "Kanarie-7f3a zegt: deze zin mag nergens meer staan"  # fictional


def every_file(path: Path) -> list[Path]:
    return [path, *existing_backups(path)]


def plaintext_of(path: Path, data_key: bytes) -> bytes:
    return file_plaintext(fmt.parse(path.read_bytes()), data_key)


def data_key_of(path: Path, passphrase: str = PASSPHRASE) -> bytes:
    return fmt.unlock_data_key(fmt.parse(path.read_bytes()).header, passphrase, "passphrase")


def test_saves_on_one_day_keep_one_backup_of_the_day_before(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="gisteren")])
    before = len(existing_backups(journal_path))
    a_day_later(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        for number in range(5):
            journal.add(Entry(title=f"vandaag {number}"))
    backups = existing_backups(journal_path)
    assert len(backups) == before + 1  # five saves today, one backup
    with Journal.open(backups[0], PASSPHRASE) as journal:
        assert [e.title for e in journal.list_entries()] == ["gisteren"]


def test_the_first_save_of_a_new_day_takes_a_backup(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="maandag")])
    a_day_later(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.add(Entry(title="dinsdag"))
        a_day_later(journal_path)
        journal.add(Entry(title="woensdag"))
    titles = []
    for backup in existing_backups(journal_path):
        with Journal.open(backup, PASSPHRASE) as journal:
            titles.append(sorted(e.title for e in journal.list_entries()))
    assert titles[0] == ["dinsdag", "maandag"]
    assert titles[1] == ["maandag"]


def test_backups_stay_within_twice_the_journal_size(journal_path: Path) -> None:
    text = "Een fictieve situatie die elke dag iets langer wordt. " * 40
    make_journal(
        journal_path,
        [Entry(title=f"dag {i}", situation=text) for i in range(30)],
        one_day_each=True,
    )
    backups = existing_backups(journal_path)
    assert 1 <= len(backups) <= 3
    assert sum(p.stat().st_size for p in backups) <= 2 * journal_path.stat().st_size
    with Journal.open(backups[0], PASSPHRASE) as journal:
        assert len(journal.list_entries()) == 29  # the newest backup is yesterday's journal


def test_a_destroyed_entry_is_gone_from_the_journal_and_every_backup(journal_path: Path) -> None:
    made = make_journal(
        journal_path,
        [Entry(title="bewaren"), Entry(title="weg", situation=CANARY)],
        one_day_each=True,
    )
    doomed = made.entries[1]
    a_day_later(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.update(Entry.from_dict({**doomed.to_dict(), "decision": CANARY + " (besluit)"}))
        a_day_later(journal_path)
        journal.add(Entry(title="later"))
        key = data_key_of(journal_path)
        holding = [p for p in every_file(journal_path) if CANARY.encode() in plaintext_of(p, key)]
        assert len(holding) >= 2, "the test needs backups that hold the canary"

        cleaned = journal.delete(doomed.id)

    assert cleaned.cleaned == len([p for p in holding if p != journal_path])
    assert cleaned.dropped == 0
    for path in every_file(journal_path):
        assert CANARY.encode() not in plaintext_of(path, key), path.name
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert not journal.has(doomed.id)
        assert journal.erased() == {doomed.id}
        assert {e.title for e in journal.list_entries()} == {"bewaren", "later"}


def test_a_backup_that_cannot_be_opened_is_dropped_when_an_entry_is_destroyed(
    journal_path: Path,
) -> None:
    made = make_journal(
        journal_path, [Entry(title="a", situation=CANARY), Entry(title="b")], one_day_each=True
    )
    foreign = journal_path.with_name("ander.reflect")
    make_journal(foreign, [Entry(title="van een ander dagboek")])
    keep_as_backup(journal_path, foreign)  # another data key: cannot be checked, so it goes
    count = len(existing_backups(journal_path))
    with Journal.open(journal_path, PASSPHRASE) as journal:
        cleaned = journal.delete(made.entries[0].id)
    assert cleaned.dropped == 1
    assert len(existing_backups(journal_path)) == count - 1


def test_after_a_passphrase_change_no_file_opens_with_the_old_one(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title=f"v{i}") for i in range(3)], one_day_each=True)
    assert len(existing_backups(journal_path)) >= 2
    with Journal.open(journal_path, PASSPHRASE) as journal:
        cleaned = journal.change_passphrase("een heel nieuwe wachtzin", fast_kdf())
    assert cleaned.cleaned == len(existing_backups(journal_path))
    for path in every_file(journal_path):
        with pytest.raises(WrongPassphrase):
            data_key_of(path)
        with Journal.open(path, "een heel nieuwe wachtzin") as journal:
            assert journal.generation > 0


def test_after_a_rekey_no_file_opens_with_the_old_data_key(journal_path: Path) -> None:
    made = make_journal(journal_path, [Entry(title=f"v{i}") for i in range(3)], one_day_each=True)
    old_key = data_key_of(journal_path)
    generations = [fmt.parse(p.read_bytes()).header.generation for p in every_file(journal_path)]
    with Journal.open(journal_path, PASSPHRASE) as journal:
        new_key = journal.new_data_key()
        passphrase = journal.passphrase_slot("nieuw na een lek", fast_kdf(), data_key=new_key)
        code, recovery = journal.recovery_slot(fast_kdf(), data_key=new_key)
        journal.install_slots(passphrase, recovery, data_key=new_key)
    for path in every_file(journal_path):
        with pytest.raises(JournalDamaged):
            plaintext_of(path, old_key)
        assert data_key_of(path, "nieuw na een lek") == new_key
        assert isinstance(decode_tables(plaintext_of(path, new_key)), dict)
    with Journal.open(journal_path, code, recovery=True) as journal:
        assert {e.id for e in journal.list_entries()} == {e.id for e in made.entries}
    # each backup keeps its place in time: "journal older than its backup" stays meaningful
    after = [fmt.parse(p.read_bytes()).header.generation for p in every_file(journal_path)]
    assert after[1:] == generations[1:]
    assert after[0] > after[1]


def test_a_new_data_key_needs_both_slots(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="x")])
    before = journal_path.read_bytes()
    with Journal.open(journal_path, PASSPHRASE) as journal:
        new_key = journal.new_data_key()
        with pytest.raises(ValueError):
            journal.install_slots(
                journal.passphrase_slot("p", fast_kdf(), data_key=new_key), data_key=new_key
            )
    assert journal_path.read_bytes() == before


def test_a_backup_sealed_again_keeps_the_day_it_was_taken(journal_path: Path) -> None:
    """Rewriting backups (a deletion, a passphrase change) is not taking new ones: each keeps
    its time, which says which day it holds and when the next backup is due."""
    make_journal(journal_path, [Entry(title=f"v{i}") for i in range(3)], one_day_each=True)
    backups = existing_backups(journal_path)
    assert len(backups) >= 2
    times = [p.stat().st_mtime_ns for p in backups]
    with Journal.open(journal_path, PASSPHRASE) as journal:
        cleaned = journal.change_passphrase("nog een wachtzin", fast_kdf())  # no new backup today
    assert cleaned.cleaned == len(backups)
    assert [p.stat().st_mtime_ns for p in existing_backups(journal_path)] == times
