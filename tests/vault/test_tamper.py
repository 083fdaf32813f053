"""A damaged or tampered file is reported as damaged: never a wrong passphrase, never an
empty journal, never a silent success."""

from __future__ import annotations

import hashlib
import struct
from dataclasses import replace
from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, Cli, journal_family, make_journal, temp_files

from reflect.errors import JournalDamaged
from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.check import Verdict, check_journal
from reflect.vault.journal import Journal
from reflect.vault.kdf import KdfParams
from reflect.vault.storage import JournalLock


def small_journal(path: Path) -> bytes:
    make_journal(path, [Entry(title="Huisbezoek", situation="Moeder weigert hulp ✓")])
    return path.read_bytes()


def open_raises_damaged(path: Path) -> JournalDamaged:
    """Open with the right passphrase; it must fail as damaged and nothing else."""
    with pytest.raises(JournalDamaged) as caught, Journal.open(path, PASSPHRASE) as journal:
        pytest.fail(f"a damaged file opened, with {len(journal.list_entries())} entries")
    return caught.value


def regions(blob: bytes) -> dict[str, int]:
    """A byte offset inside each part of the file format."""
    header_length = struct.unpack_from(">I", blob, 12)[0]
    header_end = 16 + header_length
    return {
        "magic": 0,
        "major": 9,
        "minor": 11,
        "header-length": 15,
        "header-json": 16 + header_length // 2,
        "checksum": header_end + 5,
        "ciphertext": header_end + 32 + 3,
        "tag": len(blob) - 1,
    }


def unlock_raises_damaged(path: Path) -> None:
    """As open_raises_damaged, minus the lock (the same parse, unwrap, decrypt and decode;
    a few times faster, for the loops over every byte)."""
    with pytest.raises(JournalDamaged):
        journal = Journal.unlock(path, PASSPHRASE, JournalLock(path))
        journal.close()
        pytest.fail("a damaged file opened")


def test_every_flipped_byte_is_reported_as_damaged(journal_path: Path) -> None:
    original = small_journal(journal_path)
    assert len(original) < 2048, "keep the journal small so every byte can be tried"
    names_before = sorted(journal_family(journal_path))
    for position in range(len(original)):
        for mask in (0x01, 0x80):
            tampered = bytearray(original)
            tampered[position] ^= mask
            journal_path.write_bytes(bytes(tampered))
            try:
                unlock_raises_damaged(journal_path)
            except BaseException as exc:
                raise AssertionError(f"byte {position} xor {mask:#x}: {exc!r}") from exc
    # no backup or temp file was made of a damaged file
    assert sorted(journal_family(journal_path)) == names_before


def test_every_truncation_is_reported_as_damaged(journal_path: Path) -> None:
    original = small_journal(journal_path)
    for length in range(len(original)):
        journal_path.write_bytes(original[:length])
        try:
            unlock_raises_damaged(journal_path)
        except BaseException as exc:
            raise AssertionError(f"truncated to {length} bytes: {exc!r}") from exc


def test_appended_bytes_are_reported_as_damaged(journal_path: Path) -> None:
    original = small_journal(journal_path)
    for tail in (b"\0", b"x" * 100, original):
        journal_path.write_bytes(original + tail)
        open_raises_damaged(journal_path)


def test_swapped_payload_from_another_save_is_reported_as_damaged(journal_path: Path) -> None:
    """Header of one save, ciphertext of another (same key): authentication must fail."""
    original = small_journal(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.add(Entry(title="Tweede"))
    newer = journal_path.read_bytes()
    old_split = len(fmt.parse(original).authenticated)
    new_split = len(fmt.parse(newer).authenticated)
    journal_path.write_bytes(original[:old_split] + newer[new_split:])
    open_raises_damaged(journal_path)


def with_major_version(blob: bytes, major: int) -> bytes:
    """The file with another major version and a checksum that matches it again."""
    magic, _, minor, header_length = struct.unpack_from(">8sHHI", blob)
    header_end = 16 + header_length
    prefix = struct.pack(">8sHHI", magic, major, minor, header_length) + blob[16:header_end]
    return prefix + hashlib.sha256(prefix).digest() + blob[header_end + 32 :]


def test_header_from_the_future_says_a_newer_reflect_wrote_it(cli: Cli, journal_path: Path) -> None:
    original = small_journal(journal_path)
    future = with_major_version(original, fmt.FORMAT_MAJOR + 1)
    journal_path.write_bytes(future)

    with pytest.raises(JournalDamaged, match="newer reflect"):
        Journal.open(journal_path, PASSPHRASE).__enter__()

    result = cli.run("list")
    assert result.code == 4
    assert "newer reflect" in result.error_line()
    assert journal_path.read_bytes() == future


@pytest.mark.parametrize(
    "region",
    ["magic", "major", "minor", "header-length", "header-json", "checksum", "ciphertext", "tag"],
)
def test_cli_reports_a_damaged_journal_with_exit_4(
    cli: Cli, journal_path: Path, region: str
) -> None:
    original = small_journal(journal_path)
    tampered = bytearray(original)
    tampered[regions(original)[region]] ^= 0x01
    journal_path.write_bytes(bytes(tampered))
    before = journal_family(journal_path)

    result = cli.run("new", "--title", "nieuw")
    assert result.code == 4, (result.code, result.err)
    line = result.error_line()
    assert "passphrase" not in line.lower()
    assert journal_family(journal_path) == before, "nothing may be written or rotated"
    assert temp_files(journal_path) == []


def saves_with_backups(journal_path: Path) -> list[bytes]:
    """A journal saved on four days; returns [journal, bak1, bak2] as bytes."""
    made = make_journal(
        journal_path, [Entry(title=f"versie {i}") for i in range(3)], one_day_each=True
    )
    assert made.path.exists()
    family = journal_family(journal_path)
    names = [journal_path.name] + [f"{journal_path.name}.bak{i}" for i in range(1, 3)]
    return [family[name] for name in names]


def test_check_names_the_backup_that_still_opens(cli: Cli, journal_path: Path) -> None:
    saves_with_backups(journal_path)
    damaged = bytearray(journal_path.read_bytes())
    damaged[-5] ^= 0x80
    journal_path.write_bytes(bytes(damaged))
    bak1 = journal_path.with_name(journal_path.name + ".bak1")
    bak1.write_bytes(bak1.read_bytes()[:100])  # the newest backup is damaged too
    before = journal_family(journal_path)

    result = cli.run("check")
    assert result.code == 4, result.err
    assert "Traceback" not in result.err
    bak2 = journal_path.with_name(journal_path.name + ".bak2")
    assert str(bak2) in result.err, result.err
    assert str(bak1) not in result.err
    report = {line.split(":", 1)[0]: line for line in result.out.splitlines()}
    assert "DAMAGED" in report[journal_path.name]
    assert "DAMAGED" in report[bak1.name]
    assert "ok" in report[bak2.name]
    assert journal_family(journal_path) == before, "check must not change any file"

    # and the backup it names really opens, with the entries it had
    with Journal.open(bak2, PASSPHRASE) as journal:
        assert {e.title for e in journal.list_entries()} == {"versie 0"}


def test_check_with_no_good_backup_exits_4(cli: Cli, journal_path: Path) -> None:
    saves_with_backups(journal_path)
    for path in [journal_path, *journal_path.parent.glob("*.bak*")]:
        path.write_bytes(path.read_bytes()[:-1])
    result = cli.run("check")
    assert result.code == 4
    assert "Traceback" not in result.err
    assert result.err.strip(), "the user must be told that nothing opens"


def test_check_on_a_healthy_journal_exits_0_and_changes_nothing(
    cli: Cli, journal_path: Path
) -> None:
    saves_with_backups(journal_path)
    before = journal_family(journal_path)
    result = cli.run("check")
    assert result.code == 0, result.err
    assert journal_family(journal_path) == before


def test_backups_rotate_newest_first_and_each_opens(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title=f"versie {i}") for i in range(8)], one_day_each=True)
    reports = check_journal(journal_path, PASSPHRASE)
    assert [r.path.name for r in reports] == [journal_path.name] + [
        f"{journal_path.name}.bak{i}" for i in range(1, len(reports))
    ]
    assert len(reports) >= 3  # the journal and at least two days back
    assert all(r.verdict is Verdict.OK for r in reports)
    generations = [r.generation for r in reports]
    assert generations == list(range(generations[0], generations[0] - len(reports), -1))
    assert [r.entries for r in reports] == list(range(8, 8 - len(reports), -1))


def _rewritten(path: Path, header: fmt.Header) -> None:
    """The journal with another header, its checksum recomputed: a deliberate edit."""
    parsed = fmt.parse(path.read_bytes())
    path.write_bytes(fmt._encode_authenticated(header) + parsed.ciphertext)


def test_a_header_asking_for_a_huge_key_derivation_is_refused_before_deriving(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    header = fmt.parse(journal_path.read_bytes()).header
    greedy = [
        replace(s, kdf=replace(s.kdf, memory_kib=4 * 1024 * 1024, iterations=64))
        for s in header.slots
    ]
    _rewritten(journal_path, replace(header, slots=tuple(greedy)))
    derived: list[int] = []
    monkeypatch.setattr(KdfParams, "derive", lambda self, secret: derived.append(1) or b"")
    with pytest.raises(JournalDamaged), Journal.open(journal_path, PASSPHRASE):
        pass
    assert derived == []  # refused from the header alone: no gigabytes, no minutes


def test_a_header_with_extra_key_slots_is_refused_before_deriving(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    header = fmt.parse(journal_path.read_bytes()).header
    extra = tuple(s for s in header.slots for _ in range(50))  # 50 copies of each slot
    _rewritten(journal_path, replace(header, slots=extra))
    derived: list[int] = []
    monkeypatch.setattr(KdfParams, "derive", lambda self, secret: derived.append(1) or b"")
    with pytest.raises(JournalDamaged), Journal.open(journal_path, PASSPHRASE):
        pass
    assert derived == []
