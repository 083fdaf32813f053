"""Durable, atomic file writes with rotated ciphertext backups, and the one-writer lock.

Only ciphertext ever passes through here. A save writes a temp file (mode 0600) in the same
folder, fsyncs it, lets the caller verify it by decrypting, rotates the backups when one is
due, renames it over the journal and fsyncs the folder. Any failure removes the temp file and
leaves the old journal exactly as it was.

A backup is taken at the first save of a calendar day, not at every save: the folder then
holds a copy of the journal as it was at the start of each of the last few working days,
and all backups together stay within :data:`BACKUP_BUDGET` times the journal's size.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import secrets
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from reflect.errors import JournalInUse, JournalNotFound, SaveFailed
from reflect.i18n import t

DEFAULT_BACKUPS = 3
# All backups together at most this many times the journal's size (the newest always stays):
# with the journal itself, the folder holds about three times what the journal holds.
BACKUP_BUDGET = 2


class SavedButNotFlushed(SaveFailed):
    """The journal was replaced, but fsync of its folder failed: the save may not survive a
    power cut. The caller must treat the new file as the one on disk."""


def backup_path(journal: Path, index: int) -> Path:
    """``journal.reflect.bak1`` is the newest backup."""
    return journal.with_name(f"{journal.name}.bak{index}")


def existing_backups(journal: Path) -> list[Path]:
    """Backups beside the journal, newest first."""
    found = []
    # glob.escape: a journal name may hold [ ] * ?, which glob would read as a pattern
    for candidate in journal.parent.glob(f"{glob.escape(journal.name)}.bak*"):
        suffix = candidate.name[len(journal.name) + 4 :]
        if suffix.isdigit():
            found.append((int(suffix), candidate))
    return [path for _, path in sorted(found)]


def remove_stale_temp_files(path: Path) -> int:
    """Delete temp files that a crashed save left beside the journal (ciphertext only).

    Call only while holding the journal's lock: then no other writer can be mid-save.
    """
    removed = 0
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        _remove_quietly(temp)
        removed += 1
    return removed


def missing_journal(path: Path) -> JournalNotFound:
    """The error for a journal that is not there, pointing at its backups when they are."""
    if existing_backups(path):
        return JournalNotFound(t("vault.missing_with_backups", path=path))
    return JournalNotFound(t("vault.missing", path=path))


def require_journal_file(path: Path) -> None:
    """Fail early and clearly when there is no journal file, without reading it."""
    if not path.exists():
        raise missing_journal(path)
    if path.is_dir():
        raise JournalNotFound(t("vault.is_folder", path=path))


def read_journal_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise missing_journal(path) from None
    except IsADirectoryError:
        raise JournalNotFound(t("vault.is_folder", path=path)) from None
    except OSError as exc:
        raise SaveFailed(t("vault.cannot_read", path=path, reason=exc.strerror or exc)) from None


def read_prefix(path: Path, length: int) -> bytes | None:
    """The first ``length`` bytes of the file, or None when it is gone."""
    try:
        with path.open("rb") as handle:
            return handle.read(length)
    except FileNotFoundError:
        return None


def ensure_private_folder(folder: Path) -> None:
    """Create the journal's folder readable by the owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


class FileSink:
    """A file being written, by descriptor: every write goes through ``os.write`` (a full
    disk or a short write fails here, as for bytes written at once)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def write(self, data: bytes) -> int:
        _write_all(self._fd, data)
        return len(data)

    def seek(self, position: int) -> int:
        return os.lseek(self._fd, position, os.SEEK_SET)

    def tell(self) -> int:
        return os.lseek(self._fd, 0, os.SEEK_CUR)

    def fileno(self) -> int:
        return self._fd


# Writes a whole file to the sink it is given (a format 2 journal is written a segment at
# a time, never held whole in memory).
Writer = Callable[[FileSink], None]


def atomic_write(
    path: Path,
    content: bytes | Writer,
    verify: Callable[[Path], None],
    backups: int = DEFAULT_BACKUPS,
) -> None:
    """Replace ``path`` by ``content`` so that a crash at any moment leaves old or new, whole.
    ``verify(temp)`` reads the written temp file back before it replaces anything.

    On failure the journal is untouched; the backups may already have been rotated (the
    oldest dropped, the current journal linked as bak1), which loses no save.
    """

    rotated = False

    def before_replace(temp: Path) -> None:
        nonlocal rotated
        verify(temp)
        if backups > 0 and path.exists() and backup_due(path):
            rotate_backups(path, backups, budget=BACKUP_BUDGET * temp.stat().st_size)
            rotated = True

    try:
        replace_file_atomically(path, content, before_replace)
        if rotated:
            # bak1 was the journal's inode until the rename: its time is when that version
            # was written. Stamp it now, so the next save today does not take another copy.
            os.utime(backup_path(path, 1))
    except OSError as exc:
        raise SaveFailed(t("vault.save_failed", reason=_write_error_reason(exc))) from exc
    try:
        fsync_folder(path.parent)
    except OSError as exc:
        # The new file is in place; only its durability across a power cut is unconfirmed.
        raise SavedButNotFlushed(t("vault.not_flushed", reason=exc.strerror or exc)) from exc


def replace_file_atomically(
    path: Path, data: bytes | Writer, before_replace: Callable[[Path], None] | None = None
) -> None:
    """Write ``data`` (bytes, or a writer that writes them) to a 0600 temp file beside
    ``path``, fsync it, and rename it over ``path``; a crash leaves the old file or the new
    one, never a mix or a partial file.

    ``before_replace(temp)`` runs between the fsync and the rename (the journal verifies and
    rotates backups there). Any failure removes the temp file and re-raises (OSError as is):
    the journal and the export writer each turn it into their own message.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            if callable(data):
                data(FileSink(fd))
            else:
                _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace(temp)
        os.replace(temp, path)
    except BaseException:
        _remove_quietly(temp)
        raise


def _write_all(fd: int, blob: bytes) -> None:
    view = memoryview(blob)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def backup_due(path: Path, today: date | None = None) -> bool:
    """Whether the next save should first keep the journal as a backup: no backup was taken
    yet today (local calendar day)."""
    newest = backup_path(path, 1)
    try:
        taken = datetime.fromtimestamp(newest.stat().st_mtime).date()
    except FileNotFoundError:
        return True
    return taken != (today or date.today())


def rotate_backups(
    path: Path, keep: int = DEFAULT_BACKUPS, budget: int | None = None, *, link_current: bool = True
) -> None:
    """Shift the backups up by one (bak1 becomes bak2) and, with ``link_current``, make the
    current journal bak1. Older backups beyond ``keep``, or beyond a total size of
    ``budget`` bytes, are removed (the newest always stays)."""
    present = existing_backups(path)
    for stale in present[keep - 1 :]:
        stale.unlink()
    present = present[: keep - 1]
    if budget is not None:
        current = path.stat().st_size if link_current and path.exists() else 0
        total = current + sum(p.stat().st_size for p in present)
        while present and total > budget:
            dropped = present.pop()
            total -= dropped.stat().st_size
            dropped.unlink()
    # Renumbered from the oldest down, so each target name is already free; a gap left by
    # a deleted backup closes up.
    for index, backup in reversed(list(enumerate(present, start=1))):
        os.replace(backup, backup_path(path, index + 1))
    if not link_current:
        return
    newest = backup_path(path, 1)
    try:
        os.link(path, newest)  # cheap and atomic where the file system allows it
    except OSError:
        shutil.copyfile(path, newest)
        os.chmod(newest, 0o600)
        with newest.open("rb") as handle:
            os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open folders; the rename is still atomic there
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _write_error_reason(exc: OSError) -> str:
    """Why a save failed, in the user's words for the two causes a user can fix."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return t("vault.save_failed.disk_full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return t("vault.save_failed.not_writable")
    return exc.strerror or str(exc)  # the system's own words: rarer causes, not ours to translate


class JournalLock:
    """One writer at a time. The OS releases the lock when its holder dies, so a lock left
    by a crashed process is recovered without asking anyone."""

    def __init__(self, journal: Path) -> None:
        self.path = journal.with_name(journal.name + ".lock")
        self._lock = FileLock(self.path, timeout=0, mode=0o600, thread_local=False)

    def acquire(self) -> None:
        ensure_private_folder(self.path.parent)
        try:
            self._lock.acquire()
        except Timeout:
            raise JournalInUse(t("vault.in_use", lock=self.path)) from None
        except OSError as exc:
            raise JournalNotFound(t("vault.cannot_lock", reason=exc.strerror or exc)) from None

    def release(self) -> None:
        self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked
