"""Format 2: a journal in segments, read and saved a segment at a time.

What a user relies on: one entry can be shown or edited without reading the rest (so a
career of entries stays quick), while nothing is lost or weakened: every save still writes
the whole journal atomically and reads it back, a damaged or moved segment is refused as
damage, a re-key re-encrypts every segment, and older journals (format 1) open and move on.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, fast_kdf

from reflect.errors import JournalChangedOnDisk, JournalDamaged, SaveFailed
from reflect.model import ArticleRef, Entry, summary_of
from reflect.vault import format as fmt
from reflect.vault import segments
from reflect.vault.files import open_tables
from reflect.vault.journal import Journal, encode_tables
from reflect.vault.storage import DEFAULT_BACKUPS
from tests.journal_files import plaintext_of, seal_format_1

COUNT = 3 * segments.PER_SEGMENT + 5  # four segments, the last one partly filled


@pytest.fixture
def many(journal_path: Path) -> list[Entry]:
    """A journal of COUNT fictional entries, written in one save."""
    journal, _ = Journal.create(journal_path, PASSPHRASE, fast_kdf())
    try:
        entries = [Entry(title=f"Fictieve casus {n}", situation=f"tekst {n}") for n in range(COUNT)]
        return journal.add_many(entries)
    finally:
        journal.close()


def _directory(path: Path, passphrase: str = PASSPHRASE) -> segments.Directory:
    parsed = fmt.parse(path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, passphrase, fmt.SLOT_PASSPHRASE)
    return segments.open_directory(parsed, key)


def _segment_bytes(path: Path, passphrase: str = PASSPHRASE) -> list[bytes]:
    blob = path.read_bytes()
    return [blob[ref.at : ref.at + ref.length] for ref in _directory(path, passphrase).segments]


def _damage_segment(path: Path, number: int) -> None:
    ref = _directory(path).segments[number]
    blob = bytearray(path.read_bytes())
    blob[ref.at + ref.length // 2] ^= 0x01
    path.write_bytes(bytes(blob))


def test_a_saved_journal_is_format_2_in_segments(journal_path: Path, many: list[Entry]) -> None:
    blob = journal_path.read_bytes()
    assert fmt.parse(blob).major == 2
    directory = _directory(journal_path)
    assert len(directory.segments) == 4
    assert set(directory.index) == {e.id for e in many}
    # No entry text in the directory: it lives in the segments only.
    assert b"Fictieve casus" not in encode_tables(directory.tables)


def test_one_entry_is_shown_without_reading_the_others(
    journal_path: Path, many: list[Entry]
) -> None:
    """Damage in the last segment does not stop showing an entry of the first, lazily;
    anything that reads every entry still reports the damage."""
    _damage_segment(journal_path, 3)
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        assert journal.get(many[0].id).title == "Fictieve casus 0"
        with pytest.raises(JournalDamaged):
            journal.list_entries()
    with pytest.raises(JournalDamaged):  # an eager open checks every segment
        Journal.open(journal_path, PASSPHRASE).__enter__()


def test_a_lazy_edit_and_add_keep_every_entry_and_copy_untouched_segments(
    journal_path: Path, many: list[Entry]
) -> None:
    before = _segment_bytes(journal_path)
    target = many[segments.PER_SEGMENT + 1]  # in segment 1
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        journal.update(Entry(**{**vars(journal.get(target.id)), "decision": "Fictief besluit"}))
        added = journal.add(Entry(title="Nieuw, fictief"))
    after = _segment_bytes(journal_path)
    # segments 0 and 2 were not read: their ciphertext is carried over byte for byte;
    # segment 1 (the edit) and 3 (the new entry) were sealed again.
    assert after[0] == before[0] and after[2] == before[2]
    assert after[1] != before[1] and after[3] != before[3]
    with Journal.open(journal_path, PASSPHRASE) as journal:
        entries = {e.id: e for e in journal.list_entries()}
        assert len(entries) == COUNT + 1
        assert entries[target.id].decision == "Fictief besluit"
        assert entries[added.id].title == "Nieuw, fictief"
        assert [r.entry.decision for r in journal.revisions(target.id)] == [""]
        assert all(entries[e.id].title == e.title for e in many)


def test_revisions_of_an_entry_are_all_found_lazily(
    journal_path: Path, many: list[Entry]
) -> None:
    target = many[-1]
    for word in ("een", "twee"):
        with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
            journal.update(Entry(**{**vars(journal.get(target.id)), "decision": word}))
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        assert [r.entry.decision for r in journal.revisions(target.id)] == ["", "een"]
        assert journal.get(target.id).decision == "twee"


def test_a_lazy_save_refuses_to_carry_a_damaged_segment_on(
    journal_path: Path, many: list[Entry]
) -> None:
    _damage_segment(journal_path, 2)
    damaged = journal_path.read_bytes()
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        with pytest.raises(SaveFailed):
            journal.update(Entry(**{**vars(journal.get(many[0].id)), "decision": "x"}))
        assert journal.unsaved
    assert journal_path.read_bytes() == damaged


@pytest.mark.parametrize("swap", [(0, 1), (1, 3)])
def test_segments_moved_within_the_file_are_damage(
    journal_path: Path, many: list[Entry], swap: tuple[int, int]
) -> None:
    """Two segments of equal length swapped: each lies where the other was expected."""
    directory = _directory(journal_path)
    a, b = (directory.segments[n] for n in swap)
    blob = bytearray(journal_path.read_bytes())
    first, second = bytes(blob[a.at : a.at + a.length]), bytes(blob[b.at : b.at + b.length])
    size = min(len(first), len(second))
    blob[a.at : a.at + size], blob[b.at : b.at + size] = second[:size], first[:size]
    journal_path.write_bytes(bytes(blob))
    with pytest.raises(JournalDamaged):
        Journal.open(journal_path, PASSPHRASE).__enter__()


def test_a_segment_from_an_older_save_is_damage(journal_path: Path, many: list[Entry]) -> None:
    """A file spliced from two saves (the old segment 1 put back into the new file) does
    not open: the directory names the nonce of the segment it was written with."""
    old = _segment_bytes(journal_path)[1]
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        target = many[segments.PER_SEGMENT]
        journal.update(Entry(**{**vars(journal.get(target.id)), "decision": "nieuw"}))
    ref = _directory(journal_path).segments[1]
    blob = bytearray(journal_path.read_bytes())
    size = min(len(old), ref.length)
    blob[ref.at : ref.at + size] = old[:size]
    journal_path.write_bytes(bytes(blob))
    with pytest.raises(JournalDamaged):
        Journal.open(journal_path, PASSPHRASE).__enter__()


def test_a_rekey_from_a_lazy_journal_seals_every_segment_under_the_new_key(
    journal_path: Path, many: list[Entry]
) -> None:
    before = _segment_bytes(journal_path)
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        journal.get(many[0].id)  # one segment read, the others not
        key = journal.new_data_key()
        _, slot = journal.recovery_slot(fast_kdf(), data_key=key)
        journal.install_slots(
            journal.passphrase_slot("nieuw wachtwoord", fast_kdf(), data_key=key),
            slot,
            data_key=key,
        )
    after = _segment_bytes(journal_path, "nieuw wachtwoord")
    assert len(after) == len(before)
    assert not set(before) & set(after)  # not one segment left under the old key
    with Journal.open(journal_path, "nieuw wachtwoord") as journal:
        assert len(journal.list_entries()) == COUNT


def test_a_format_1_journal_opens_lazily_and_is_saved_as_format_2(journal_path: Path) -> None:
    Journal.create(journal_path, PASSPHRASE, fast_kdf())[0].close()
    parsed = fmt.parse(journal_path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
    entry = Entry(title="Oud, fictief").to_dict()
    old = {"entries": {"1": entry}, "revisions": {}, "aliases": {}}
    journal_path.write_bytes(seal_format_1(parsed.header, key, encode_tables(old)))
    assert fmt.parse(journal_path.read_bytes()).major == 1
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as opened:
        assert opened.get(entry["id"]).title == "Oud, fictief"
        opened.add(Entry(title="Nieuw, fictief"))
    parsed = fmt.parse(journal_path.read_bytes())
    assert parsed.major == 2
    assert b"Oud, fictief" in plaintext_of(parsed, key)
    # the format 1 file is kept as the day's backup, as any journal before a save
    backup = journal_path.with_name(journal_path.name + ".bak1")
    assert DEFAULT_BACKUPS and fmt.parse(backup.read_bytes()).major == 1


def test_destroying_from_a_lazy_journal_reads_all_and_cleans_everything(
    journal_path: Path, many: list[Entry]
) -> None:
    gone = many[segments.PER_SEGMENT * 2]
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        journal.destroy([gone.id])
    parsed = fmt.parse(journal_path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
    assert f'"{gone.title}"'.encode() not in plaintext_of(parsed, key)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert len(journal.list_entries()) == COUNT - 1
        assert not journal.has(gone.id)


def _summaries(path: Path, *, lazy: bool) -> dict[str, dict[str, object]]:
    with Journal.open(path, PASSPHRASE, lazy=lazy) as journal:
        return {str(doc["id"]): summary_of(doc) for doc in journal.summaries()}


def test_the_summaries_follow_every_change_made_in_part(
    journal_path: Path, many: list[Entry]
) -> None:
    """A list answered from the summaries shows what the entries hold, after edits and
    additions made by commands that read only one segment."""
    target = many[5]
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        changed = Entry(**{**vars(journal.get(target.id)), "title": "Hernoemd, fictief"})
        changed.articles = [ArticleRef("bpsw-2021", 9, "fictieve noot")]
        changed.follow_up = date(2027, 1, 5)
        journal.update(changed)
        added = journal.add(Entry(title="Erbij, fictief", delete_after=date(2030, 1, 1)))
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        journal.set_place(many[0].id, "stap-2")  # a save that reads no segment
    lazy = _summaries(journal_path, lazy=True)
    assert lazy == _summaries(journal_path, lazy=False)
    assert lazy[target.id]["title"] == "Hernoemd, fictief"
    assert lazy[target.id]["articles"] == [{"code": "bpsw-2021", "number": 9}]
    assert lazy[added.id]["delete_after"] == "2030-01-01"
    assert len(lazy) == COUNT + 1


def test_a_list_reads_no_segment(journal_path: Path, many: list[Entry]) -> None:
    """Damage in a segment does not stop a list of every entry (it needs only the
    summaries), while anything that needs the entries' text reports it."""
    _damage_segment(journal_path, 1)
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        listed = journal.find_documents(lambda doc: True, listing=True)
        assert [doc["title"] for doc in listed][-1] == "Fictieve casus 0"
        assert len(listed) == COUNT
        with pytest.raises(JournalDamaged):
            journal.find_documents(lambda doc: True)


def test_a_damaged_summary_is_damage(journal_path: Path, many: list[Entry]) -> None:
    ref = _directory(journal_path).summaries
    assert ref is not None
    blob = bytearray(journal_path.read_bytes())
    blob[ref.at + 3] ^= 0x40
    journal_path.write_bytes(bytes(blob))
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        assert journal.get(many[0].id).title == "Fictieve casus 0"
        with pytest.raises(JournalDamaged):
            journal.summaries()
    with pytest.raises(JournalDamaged):
        Journal.open(journal_path, PASSPHRASE).__enter__()
    # and what reads files whole (`reflect check`, backups, restores) says so too
    parsed = fmt.parse(journal_path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
    with pytest.raises(JournalDamaged):
        open_tables(parsed, key)


def test_a_journal_held_whole_saves_only_the_segments_it_changed(
    journal_path: Path, many: list[Entry]
) -> None:
    """The app holds every entry; its saves still seal only what changed, edit by edit."""
    before = _segment_bytes(journal_path)
    first, second = many[1], many[2 * segments.PER_SEGMENT + 1]
    with Journal.open(journal_path, PASSPHRASE) as journal:  # read whole
        journal.update(Entry(**{**vars(journal.get(first.id)), "decision": "eerste"}))
        after_first = _segment_bytes(journal_path)
        journal.update(Entry(**{**vars(journal.get(second.id)), "decision": "tweede"}))
        journal.set_place(first.id, "stap-3")  # no entry changed: every segment copied
    after = _segment_bytes(journal_path)
    assert after_first[1:] == before[1:] and after_first[0] != before[0]
    assert after[0] == after_first[0] and after[1] == before[1] and after[3] == before[3]
    assert after[2] != before[2]
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert journal.get(first.id).decision == "eerste"
        assert journal.get(second.id).decision == "tweede"
        assert journal.place(first.id) == "stap-3"
    assert _summaries(journal_path, lazy=True) == _summaries(journal_path, lazy=False)


def test_destroying_seals_every_segment_anew_so_no_copy_keeps_the_entry(
    journal_path: Path, many: list[Entry]
) -> None:
    gone = many[segments.PER_SEGMENT + 3]
    before = _segment_bytes(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.destroy([gone.id])
    after = _segment_bytes(journal_path)
    assert not set(before) & set(after)
    parsed = fmt.parse(journal_path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
    assert f'"{gone.title}"'.encode() not in plaintext_of(parsed, key)


@pytest.fixture
def revised(journal_path: Path, many: list[Entry]) -> list[Entry]:
    """``many``, with a revision kept of every fourth entry."""
    with Journal.open(journal_path, PASSPHRASE) as journal:
        for entry in many[::4]:
            journal.update(Entry(**{**vars(journal.get(entry.id)), "decision": "herzien"}))
    return many


def _all_revisions(path: Path, entries: list[Entry]) -> dict[str, list[str]]:
    with Journal.open(path, PASSPHRASE, lazy=True) as journal:
        return {e.id: [r.entry.decision for r in journal.revisions(e.id)] for e in entries}


def test_revisions_left_on_disk_are_never_lost_by_a_save(
    journal_path: Path, revised: list[Entry]
) -> None:
    """A journal read whole leaves revisions on disk until needed: editing an entry whose
    segment holds other entries' revisions seals that segment with all of them."""
    before = _all_revisions(journal_path, revised)
    assert sum(len(v) for v in before.values()) == len(revised[::4])
    neighbour = revised[1]  # segment 0, beside revised entries 0, 4, 8 ...
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.update(Entry(**{**vars(journal.get(neighbour.id)), "decision": "buur"}))
        added = journal.add(Entry(title="Nieuw, fictief"))
    after = _all_revisions(journal_path, revised)
    assert after == {**before, neighbour.id: [""]}
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert journal.get(added.id).title == "Nieuw, fictief"
        assert journal.revisions(revised[0].id)[0].entry.decision == ""
        assert len(journal.tables()["revisions"]) == len(revised[::4]) + 1


def test_destroying_from_a_journal_read_whole_keeps_the_other_revisions(
    journal_path: Path, revised: list[Entry]
) -> None:
    gone = revised[4]
    before = _all_revisions(journal_path, revised)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.destroy([gone.id])
    kept = [e for e in revised if e.id != gone.id]
    assert _all_revisions(journal_path, kept) == {e.id: before[e.id] for e in kept}


def test_bytes_slipped_in_before_the_directory_are_damage(
    journal_path: Path, many: list[Entry]
) -> None:
    """The offset of the directory is the one field no seal covers: moving the directory
    to make room for other bytes must not pass unnoticed."""
    blob = journal_path.read_bytes()
    parsed = fmt.parse(blob)
    start = parsed.directory_at
    head_end = parsed.body_start - 8
    moved = start + 1000
    tampered = (
        blob[:head_end] + moved.to_bytes(8, "big") + blob[head_end + 8 : start]
        + b"\x00" * 1000 + blob[start:]
    )  # fmt: skip
    journal_path.write_bytes(tampered)
    with pytest.raises(JournalDamaged):
        Journal.open(journal_path, PASSPHRASE, lazy=True).__enter__()
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
    with pytest.raises(JournalDamaged):
        open_tables(fmt.parse(tampered), key)


def test_an_entry_added_while_another_program_replaced_the_file_is_kept_in_memory(
    journal_path: Path, many: list[Entry]
) -> None:
    other = journal_path.with_name("other.reflect")
    Journal.create(other, PASSPHRASE, fast_kdf())[0].close()
    with Journal.open(journal_path, PASSPHRASE, lazy=True) as journal:
        replaced = other.read_bytes()
        journal_path.write_bytes(replaced)  # a sync tool puts another version in place
        typed = Entry(title="Net getypt, fictief")
        with pytest.raises(JournalChangedOnDisk):
            journal.add_many([typed])
        assert journal.unsaved and journal.has(typed.id)
    assert journal_path.read_bytes() == replaced
