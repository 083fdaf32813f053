"""The backups beside a journal: when a copy is taken, and how copies follow the journal.

Backups are whole ciphertext copies (``journal.reflect.bak1`` the newest). Two rules keep
them from undoing what the user did to the journal:

* a destroyed entry is destroyed everywhere: :func:`reseal_backups` rewrites every backup
  without the entries the journal has erased, and drops a backup it cannot open (it might
  still hold them);
* a changed passphrase or data key leaves no copy that opens the old way: the same function
  seals every backup again under the journal's current key slots (and data key).

Only ciphertext is written; plaintext exists in memory only, one backup at a time.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reflect.errors import JournalDamaged, JournalNotFound, SaveFailed
from reflect.i18n import t
from reflect.vault import format as fmt
from reflect.vault.files import open_tables, seal_tables, verified
from reflect.vault.storage import (
    backup_path,
    existing_backups,
    fsync_folder,
    read_journal_file,
    replace_file_atomically,
    rotate_backups,
)
from reflect.vault.tinystore import Tables


@dataclass(frozen=True)
class Cleaned:
    """What happened to the backups after a deletion or a key change."""

    cleaned: int = 0  # rewritten: without destroyed entries, or under the new keys
    dropped: int = 0  # removed: they could not be opened with the journal's key

    @property
    def copies(self) -> int:
        return self.cleaned + self.dropped


def reseal_backups(
    journal: Path,
    header: fmt.Header,
    open_key: bytes,
    seal_key: bytes,
    transform: Callable[[Tables], Tables],
    *,
    always: bool = False,
) -> Cleaned:
    """Rewrite each backup as ``transform`` of its tables, sealed with ``header``'s key slots
    and ``seal_key``. A backup whose tables ``transform`` leaves alone is rewritten only when
    ``always`` (a key change); one that ``open_key`` cannot open is dropped.

    Each backup keeps its own generation, so "the journal is older than its newest backup"
    still means what it says after a reseal.
    """
    cleaned = dropped = 0
    for path in existing_backups(journal):
        try:
            parsed = fmt.parse(read_journal_file(path))
            tables = open_tables(parsed, open_key)
        except (JournalDamaged, JournalNotFound, SaveFailed):
            # Unreadable with this journal's key: another key or damage. It may hold what
            # was destroyed, or open with an old passphrase: it cannot stay.
            _unlink(path)
            dropped += 1
            continue
        changed = transform(tables)
        if changed == tables and not always:
            continue
        base = replace(header, generation=parsed.header.generation - 1)
        _, blob = seal_tables(base, seal_key, changed)
        del parsed, tables
        try:
            taken = path.stat()
            replace_file_atomically(path, blob, verified(seal_key))
            # Keep the day the backup was taken: it decides when the next one is due.
            os.utime(path, ns=(taken.st_atime_ns, taken.st_mtime_ns))
        except OSError as exc:
            raise SaveFailed(t("vault.backups.reseal_failed", path=path, reason=exc)) from exc
        cleaned += 1
    if cleaned or dropped:
        fsync_folder(journal.parent)
    return Cleaned(cleaned, dropped)


def keep_as_backup(journal: Path, file: Path) -> Path:
    """Move ``file`` (a conflict copy, a journal replaced by a restore) into the backups as
    the newest one; the older backups shift up. Returns its new path."""
    rotate_backups(journal, link_current=False)
    newest = backup_path(journal, 1)
    os.replace(file, newest)
    with contextlib.suppress(OSError):
        os.chmod(newest, 0o600)
    fsync_folder(journal.parent)
    return newest


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
