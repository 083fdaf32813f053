"""Full disks and I/O errors: a failed save says so, leaves the old file whole and opening,
leaves no temp file, keeps the edit in memory, and a retry after the fault clears writes it."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from vault_helpers import PASSPHRASE, fast_kdf, journal_family, make_journal, temp_files

from reflect.errors import SaveFailed
from reflect.model import Entry
from reflect.vault import storage
from reflect.vault.journal import Journal
from reflect.vault.storage import JournalLock


class FaultyOs(types.SimpleNamespace):
    """Stands in for ``os`` inside reflect.vault.storage only; the rest of the process (and
    pytest) keeps the real one. ``faults`` maps a function name to a replacement that gets
    the real function as its first argument."""

    def __init__(self, faults: dict[str, Callable[..., Any]]) -> None:
        super().__init__()
        self.faults = faults
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        fault = self.__dict__["faults"].get(name)
        if fault is None:
            return real

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return fault(real, *args, **kwargs)

        return call


def enospc(*_: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def eio(*_: Any) -> None:
    raise OSError(errno.EIO, os.strerror(errno.EIO))


def half_then_enospc() -> Callable[..., int]:
    """The first write lands half the bytes (as a nearly full disk does), then ENOSPC."""
    state = {"calls": 0}

    def write(real: Callable[..., int], fd: int, data: Any) -> int:
        state["calls"] += 1
        if state["calls"] == 1 and len(data) > 1:
            return int(real(fd, bytes(data[: len(data) // 2])))
        enospc()
        raise AssertionError("unreachable")

    return write


def corrupting_write(real: Callable[..., int], fd: int, data: Any) -> int:
    """A disk that silently flips a bit: only verification can notice."""
    damaged = bytearray(data)
    damaged[len(damaged) // 2] ^= 0x04
    return int(real(fd, bytes(damaged)))


def replace_of_journal_fails(real: Callable[..., None], src: Any, dst: Any) -> None:
    if not str(dst).endswith(".reflect"):
        return real(src, dst)  # let the backup rotation through
    eio()


def first_fsync_fails(real: Callable[..., None], fd: int) -> None:
    eio()


# name: (the faults, made fresh per test; words the error message must contain)
FAULTS: dict[str, tuple[Callable[[], dict[str, Any]], str]] = {
    "write-enospc": (lambda: {"write": enospc}, "disk is full"),
    "partial-write-then-enospc": (lambda: {"write": half_then_enospc()}, "disk is full"),
    "fsync-eio": (lambda: {"fsync": first_fsync_fails}, "could not save"),
    "corrupted-write": (lambda: {"write": corrupting_write}, "verif"),
    "replace-eio": (lambda: {"replace": replace_of_journal_fails}, "could not save"),
}


def read_back(path: Path) -> list[str]:
    """Titles in the file on disk, read without taking the lock (the journal is open)."""
    journal = Journal.unlock(path, PASSPHRASE, JournalLock(path))
    try:
        return sorted(e.title for e in journal.list_entries())
    finally:
        journal.close()


@pytest.mark.parametrize("fault", list(FAULTS))
def test_failed_save_keeps_old_file_and_edit_then_retry_writes_it(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    make_journal(journal_path, [Entry(title="oud")])
    before = journal_path.read_bytes()
    make_faults, expected_words = FAULTS[fault]

    with Journal.open(journal_path, PASSPHRASE) as journal:
        faulty = FaultyOs(make_faults())
        monkeypatch.setattr(storage, "os", faulty)
        with pytest.raises(SaveFailed) as caught:
            journal.add(Entry(title="nieuw"))
        assert faulty.calls, "the fault was never reached: this test would prove nothing"
        message = str(caught.value)
        assert expected_words in message, message
        assert "\n" not in message
        assert journal.unsaved
        assert sorted(e.title for e in journal.list_entries()) == ["nieuw", "oud"]
        assert journal_path.read_bytes() == before
        assert read_back(journal_path) == ["oud"]
        assert temp_files(journal_path) == []

        monkeypatch.setattr(storage, "os", os)  # the fault clears
        journal.save()
        assert not journal.unsaved
        assert read_back(journal_path) == ["nieuw", "oud"]
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert sorted(e.title for e in journal.list_entries()) == ["nieuw", "oud"]
    assert temp_files(journal_path) == []


def test_failed_edit_keeps_the_revision_in_memory_and_retry_writes_both(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = make_journal(journal_path, [Entry(title="eerste versie")])
    entry = made.entries[0]
    with Journal.open(journal_path, PASSPHRASE) as journal:
        monkeypatch.setattr(storage, "os", FaultyOs({"write": enospc}))
        with pytest.raises(SaveFailed):
            journal.update(Entry(**{**vars(entry), "title": "tweede versie"}))
        assert journal.get(entry.id).title == "tweede versie"
        assert [r.entry.title for r in journal.revisions(entry.id)] == ["eerste versie"]
        monkeypatch.setattr(storage, "os", os)
        journal.save()
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert journal.get(entry.id).title == "tweede versie"
        assert [r.entry.title for r in journal.revisions(entry.id)] == ["eerste versie"]


def test_failed_save_then_next_edit_saves_both(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [Entry(title="oud")])
    with Journal.open(journal_path, PASSPHRASE) as journal:
        monkeypatch.setattr(storage, "os", FaultyOs({"write": enospc}))
        with pytest.raises(SaveFailed):
            journal.add(Entry(title="kwijt?"))
        monkeypatch.setattr(storage, "os", os)
        journal.add(Entry(title="daarna"))
        assert not journal.unsaved
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert sorted(e.title for e in journal.list_entries()) == ["daarna", "kwijt?", "oud"]


def test_retry_after_a_failed_folder_fsync_saves(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fsync of the folder comes after the rename. When it fails, the new file is
    already in place; the journal must still be able to save (not refuse for ever because
    the file on disk 'changed'), and end up holding the edit."""
    make_journal(journal_path, [Entry(title="oud")])
    calls = {"fsync": 0}

    def folder_fsync_fails(real: Callable[..., None], fd: int) -> None:
        calls["fsync"] += 1
        if calls["fsync"] == 2:  # 1: the temp file, 2: the folder
            eio()
        real(fd)

    with Journal.open(journal_path, PASSPHRASE) as journal:
        monkeypatch.setattr(storage, "os", FaultyOs({"fsync": folder_fsync_fails}))
        with pytest.raises(SaveFailed):
            journal.add(Entry(title="nieuw"))
        monkeypatch.setattr(storage, "os", os)
        journal.save()  # the retry the user is told to make
        assert not journal.unsaved
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert sorted(e.title for e in journal.list_entries()) == ["nieuw", "oud"]


def test_create_on_a_full_disk_leaves_nothing_and_can_be_retried(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "os", FaultyOs({"write": enospc}))
    with pytest.raises(SaveFailed, match="disk is full"):
        Journal.create(journal_path, PASSPHRASE, fast_kdf())
    assert not journal_path.exists()
    assert temp_files(journal_path) == []
    monkeypatch.setattr(storage, "os", os)
    journal, _ = Journal.create(journal_path, PASSPHRASE, fast_kdf())  # the lock was released
    journal.close()
    assert read_back(journal_path) == []


def test_real_file_size_limit_fails_the_save_cleanly(journal_path: Path) -> None:
    """RLIMIT_FSIZE in a forked child (SIGXFSZ ignored): the kernel refuses the write."""
    make_journal(journal_path, [Entry(title="oud")])
    before = journal_family(journal_path)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_fd)
            report: dict[str, Any] = {}
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            with Journal.open(journal_path, PASSPHRASE) as journal:
                resource.setrlimit(
                    resource.RLIMIT_FSIZE, (journal_path.stat().st_size + 4096, hard)
                )
                try:
                    journal.add(Entry(title="nieuw", situation="x" * 200_000))
                    report["error"] = None
                except SaveFailed as exc:
                    report["error"] = str(exc)
                report["unsaved"] = journal.unsaved
                report["in_memory"] = sorted(e.title for e in journal.list_entries())
                report["temps"] = [p.name for p in temp_files(journal_path)]
                report["family_intact"] = journal_family(journal_path) == before
                report["on_disk"] = read_back(journal_path)
                resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
                journal.save()
                report["unsaved_after_retry"] = journal.unsaved
            os.write(write_fd, json.dumps(report).encode())
            code = 0
        except BaseException as exc:
            os.write(write_fd, json.dumps({"child_failed": repr(exc)}).encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    report = json.loads(b"".join(chunks))
    assert "child_failed" not in report, report
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert report["error"] is not None, "the save succeeded beyond the file size limit"
    assert "disk is full" in report["error"] and "unchanged" in report["error"], report
    assert report["unsaved"] is True
    assert report["in_memory"] == ["nieuw", "oud"]
    assert report["temps"] == []
    assert report["family_intact"] is True
    assert report["on_disk"] == ["oud"]
    assert report["unsaved_after_retry"] is False
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert sorted(e.title for e in journal.list_entries()) == ["nieuw", "oud"]
