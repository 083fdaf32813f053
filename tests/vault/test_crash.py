"""kill -9 at random moments during saves: the journal always opens, whole, with every save
that was acknowledged to the caller.

Each trial forks the test process (no interpreter start-up): the child opens the journal
and saves in a loop, writing an acknowledgement to a pipe after each save returns; the
parent waits for a random number of acknowledgements, lets a random fraction of a save go
by, and SIGKILLs the child.
"""

from __future__ import annotations

import io
import os
import random
import select
import shutil
import signal
import stat
import struct
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, make_journal, temp_files

from reflect.model import Entry
from reflect.vault import journal as journal_module
from reflect.vault.check import Verdict, check_journal
from reflect.vault.journal import Journal

CANARY = "KRAAKPAND-canary-7f3a9c plaintext"
ACK = struct.Struct(">I")
FAILED = 0xFFFFFFFF
TIMEOUT = 20.0


def _child(path: Path, ack_fd: int) -> None:
    with Journal.open(path, PASSPHRASE) as journal:
        count = len(journal.list_entries())
        os.write(ack_fd, ACK.pack(count))  # ready: opened, nothing saved yet
        for _ in range(100_000):
            count += 1
            journal.add(Entry(title=f"save {count}", situation=CANARY))
            os.write(ack_fd, ACK.pack(count))


def _read_acks(fd: int, wanted: int | None) -> tuple[list[int], bool]:
    """Acknowledgements until ``wanted`` have arrived (or EOF when None); True on EOF.
    A child that failed sends FAILED and its traceback, raised here as the test failure."""
    raw = b""
    deadline = time.monotonic() + TIMEOUT
    eof = False
    while wanted is None or len(raw) // ACK.size < wanted:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError("the child stopped acknowledging saves")
        chunk = os.read(fd, 4096)
        if not chunk:
            eof = True
            break
        raw += chunk
        if ACK.pack(FAILED) in raw:
            break
    acks = []
    for offset in range(0, len(raw) - len(raw) % ACK.size, ACK.size):
        (value,) = ACK.unpack_from(raw, offset)
        if value == FAILED:
            raise AssertionError("the child failed:\n" + raw[offset + ACK.size :].decode())
        acks.append(value)
    return acks, eof


def _kill_and_reap(pid: int, read_fd: int) -> tuple[int, list[int]]:
    """SIGKILL the child (a no-op on one that already exited), reap it, and read the
    acknowledgements it managed to send before dying."""
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    more, _ = _read_acks(read_fd, None)
    return status, more


@dataclass
class Trial:
    acknowledged: int  # the last count the child reported as saved
    on_disk: int
    leftover_temps: list[Path]


def copy_private(blob: bytes, path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, blob)
    finally:
        os.close(fd)


def crash_trial(folder: Path, template: bytes, rng: random.Random) -> Trial:
    """One kill; ``template`` is a journal holding the entry "save 1"."""
    path = folder / "journal.reflect"
    copy_private(template, path)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_fd)
            _child(path, write_fd)
            code = 0
        except BaseException:
            try:
                os.write(write_fd, ACK.pack(FAILED) + traceback.format_exc().encode()[-2000:])
            finally:
                code = 1
        finally:
            os._exit(code)

    os.close(write_fd)
    try:
        acks, eof = [], False
        try:
            acks, eof = _read_acks(read_fd, 1 + rng.randrange(0, 2))
            if not eof:
                time.sleep(rng.uniform(0, 0.004))  # the random moment, inside a save
        finally:
            status, more = _kill_and_reap(pid, read_fd)  # whatever happened above
    finally:
        os.close(read_fd)
    assert not eof, "the child exited before it was killed"
    acks += more
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status

    acknowledged = acks[-1]
    leftovers = temp_files(path)
    for temp in leftovers:  # what a crash leaves behind holds ciphertext only
        assert CANARY.encode() not in temp.read_bytes(), "plaintext in a temp file"
        assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    # No manual cleanup: the lock of the killed child and its temp files are left as they are.
    with Journal.open(path, PASSPHRASE) as journal:
        titles = sorted(e.title for e in journal.list_entries())
        count = len(titles)
        assert acknowledged <= count <= acknowledged + 1, (acknowledged, count)
        assert titles == sorted(f"save {i}" for i in range(1, count + 1))
        assert all(e.situation == CANARY for e in journal.list_entries())
        journal.add(Entry(title="after the crash"))  # saving still works beside the leftovers
    for report in check_journal(path, PASSPHRASE):
        assert report.verdict is Verdict.OK, (report.path.name, report.detail)
    assert temp_files(path) == [], "opening under the lock clears a crashed save's temp files"
    return Trial(acknowledged, count, leftovers)


def run_trials(tmp_path: Path, trials: int, seed: int) -> list[Trial]:
    rng = random.Random(seed)
    template = make_journal(
        tmp_path / "template" / "journal.reflect", [Entry(title="save 1", situation=CANARY)]
    ).path.read_bytes()
    results = []
    for number in range(trials):
        folder = tmp_path / f"trial-{number}"
        try:
            results.append(crash_trial(folder, template, rng))
        except BaseException as exc:
            raise AssertionError(f"trial {number} (seed {seed}): {exc}") from exc
    # The kills must really have landed inside saves, or this test proves nothing.
    mid_save = [t for t in results if t.on_disk > t.acknowledged or t.leftover_temps]
    assert mid_save, "no kill landed inside a save; the timing no longer matches the saves"
    return results


@pytest.fixture
def crash_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder in RAM when there is one: a process killed by SIGKILL leaves the kernel's
    page cache intact, so what it wrote is the same on tmpfs as on a disk, and hundreds of
    trials stop waiting on fsync (and on whoever else is using the disk)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="reflect-crash-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_kill_9_during_saves_loses_no_acknowledged_save(crash_dir: Path) -> None:
    run_trials(crash_dir, trials=200, seed=20240601)


@pytest.mark.slow
def test_kill_9_during_saves_many_trials(crash_dir: Path) -> None:
    run_trials(crash_dir, trials=3000, seed=random.randrange(2**32))


@pytest.mark.slow
def test_kill_9_during_saves_on_the_real_disk(tmp_path: Path) -> None:
    run_trials(tmp_path, trials=500, seed=random.randrange(2**32))


def test_journal_with_leftover_temp_files_from_many_crashes_still_saves(
    tmp_path: Path,
) -> None:
    """Crashes pile up temp files beside one journal; it keeps opening and saving."""
    rng = random.Random(7)
    path = tmp_path / "journal.reflect"
    make_journal(path, [Entry(title="save 1", situation=CANARY)])
    # besides whatever the kills leave: an empty one and a half-written one
    copy_private(b"", path.with_name(f".{path.name}.000000000000.tmp"))
    copy_private(path.read_bytes()[:100], path.with_name(f".{path.name}.ffffffffffff.tmp"))
    for _ in range(15):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(read_fd)
                _child(path, write_fd)
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        try:
            acks: list[int] = []
            try:
                acks, eof = _read_acks(read_fd, 1 + rng.randrange(0, 2))
                assert not eof
                time.sleep(rng.uniform(0, 0.004))
            finally:
                _, more = _kill_and_reap(pid, read_fd)
        finally:
            os.close(read_fd)
        acknowledged = (acks + more)[-1]
        with Journal.open(path, PASSPHRASE) as journal:
            assert len(journal.list_entries()) >= acknowledged
    with Journal.open(path, PASSPHRASE) as journal:
        before = len(journal.list_entries())
        journal.add(Entry(title="last"))
    with Journal.open(path, PASSPHRASE) as journal:
        assert len(journal.list_entries()) == before + 1
    assert temp_files(path) == []  # cleared by the opens, which hold the lock


def test_the_harness_catches_a_writer_that_is_not_atomic(
    crash_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trials above can only pass honestly if they would catch a torn write: rewrite
    the journal in place (as naive tools do) and the harness must notice within 200 kills."""

    def rewrite_in_place(path: Path, content: object, verify: object, backups: int = 5) -> None:
        memory = io.BytesIO()
        assert callable(content)
        content(memory)
        blob = memory.getvalue()
        with open(path, "r+b" if path.exists() else "wb") as handle:
            handle.truncate(0)
            handle.write(blob[: len(blob) // 2])
            handle.flush()
            os.fsync(handle.fileno())
            handle.write(blob[len(blob) // 2 :])

    monkeypatch.setattr(journal_module, "atomic_write", rewrite_in_place)
    with pytest.raises(AssertionError, match="damaged"):
        run_trials(crash_dir, trials=200, seed=1)
