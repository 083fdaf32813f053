"""Putting a backup, or a copy the user kept elsewhere, back in place of the journal.

A restore never loses the journal it replaces: that becomes the newest backup. Entries that
were destroyed on purpose stay destroyed (when the current journal can be read, its list of
erased ids is applied to what comes back), and when the current journal opens with the same
passphrase the restored entries are sealed under its key slots, so a passphrase or recovery
code changed since the copy was made keeps working.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from reflect.errors import JournalDamaged, JournalNotFound, SaveFailed, UsageError, WrongPassphrase
from reflect.i18n import t
from reflect.vault import format as fmt
from reflect.vault.files import open_tables, seal_tables, verified_or_save_failed
from reflect.vault.journal import ENTRIES, ERASED, without_entries
from reflect.vault.storage import (
    DEFAULT_BACKUPS,
    atomic_write,
    backup_path,
    existing_backups,
    read_journal_file,
    rotate_backups,
)
from reflect.vault.tinystore import Tables


@dataclass(frozen=True)
class RestorePlan:
    """What a restore would do, to show before asking for confirmation."""

    source: Path
    entries: int  # in the copy, after destroyed entries are left out
    current_entries: int | None  # in the journal now; None when missing or unreadable
    still_destroyed: int  # entries in the copy that were destroyed since: left out
    tables: Tables
    header: fmt.Header
    data_key: bytes
    generation: int  # above every file's, so the restored journal reads as the newest


def plan_restore(journal: Path, source: Path, passphrase: str) -> RestorePlan:
    """Open ``source`` with ``passphrase`` and work out the restore; nothing is written."""
    if not source.is_file():
        raise JournalNotFound(t("vault.restore.no_file", path=source))
    if source.resolve() == journal.resolve():
        raise UsageError(t("vault.restore.is_journal"))
    parsed = fmt.parse(read_journal_file(source))
    try:
        key = fmt.unlock_data_key(parsed.header, passphrase, fmt.SLOT_PASSPHRASE)
    except WrongPassphrase:
        raise WrongPassphrase(t("vault.restore.other_passphrase", path=source)) from None
    tables = open_tables(parsed, key)
    header, data_key = parsed.header, key
    generations = [parsed.header.generation]
    current_entries = None
    still_destroyed = 0
    current = _readable(journal, passphrase)
    if current is not None:
        current_header, current_key, current_tables = current
        erased = {str(doc.get("entry_id")) for doc in current_tables.get(ERASED, {}).values()}
        before = len(tables.get(ENTRIES, {}))
        tables = without_entries(tables, erased)
        still_destroyed = before - len(tables.get(ENTRIES, {}))
        current_entries = len(current_tables.get(ENTRIES, {}))
        header, data_key = current_header, current_key
    for path in [journal, *existing_backups(journal)]:
        try:
            generations.append(fmt.parse(read_journal_file(path)).header.generation)
        except (JournalDamaged, JournalNotFound, SaveFailed):
            continue
    return RestorePlan(
        source=source,
        entries=len(tables.get(ENTRIES, {})),
        current_entries=current_entries,
        still_destroyed=still_destroyed,
        tables=tables,
        header=header,
        data_key=data_key,
        generation=max(generations),
    )


def restore(journal: Path, plan: RestorePlan) -> Path | None:
    """Carry out ``plan`` (the caller holds the journal's lock): the current journal becomes
    the newest backup, then the restored one is written in its place. Returns where the
    former journal was kept, or None when there was none."""
    kept = None
    if journal.exists():
        rotate_backups(journal, DEFAULT_BACKUPS)
        kept = backup_path(journal, 1)
        os.utime(kept)
    header = replace(plan.header, generation=plan.generation)
    _, blob = seal_tables(header, plan.data_key, plan.tables)
    atomic_write(journal, blob, verified_or_save_failed(plan.data_key), backups=0)
    return kept


def _readable(journal: Path, passphrase: str) -> tuple[fmt.Header, bytes, Tables] | None:
    """The current journal's header, key and tables, when it opens with ``passphrase``."""
    try:
        parsed = fmt.parse(read_journal_file(journal))
        key = fmt.unlock_data_key(parsed.header, passphrase, fmt.SLOT_PASSPHRASE)
        return parsed.header, key, open_tables(parsed, key)
    except (JournalDamaged, JournalNotFound, SaveFailed, WrongPassphrase):
        return None
