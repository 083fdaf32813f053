"""Read-only verification of a journal and its backups, for `reflect check`.

Nothing is written and no lock is taken: saves replace the file atomically, so a reader
always sees one whole version. Each file gets its own verdict, so a user with a damaged
journal learns which backup still opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reflect.errors import JournalDamaged, JournalNotFound, WrongPassphrase
from reflect.i18n import t
from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.files import open_tables
from reflect.vault.journal import ENTRIES
from reflect.vault.storage import existing_backups, read_journal_file
from reflect.vault.sync import conflict_copies


class Verdict(StrEnum):
    OK = "ok"
    DAMAGED = "damaged"
    OTHER_PASSPHRASE = "other-passphrase"  # intact header, but this passphrase opens no slot
    MISSING = "missing"


@dataclass(frozen=True)
class FileReport:
    path: Path
    verdict: Verdict
    detail: str = ""
    entries: int | None = None
    generation: int | None = None


def check_journal(path: Path, passphrase: str) -> list[FileReport]:
    """The journal first, then its backups newest first."""
    keys: dict[tuple[fmt.KeySlot, ...], bytes] = {}
    return [_check_file(p, passphrase, keys) for p in [path, *existing_backups(path)]]


def check_copies(path: Path, passphrase: str) -> list[FileReport]:
    """The conflict copies that sync tools left beside the journal (reflect.vault.sync)."""
    keys: dict[tuple[fmt.KeySlot, ...], bytes] = {}
    return [_check_file(p, passphrase, keys) for p in conflict_copies(path)]


def _check_file(
    path: Path, passphrase: str, keys: dict[tuple[fmt.KeySlot, ...], bytes]
) -> FileReport:
    try:
        parsed = fmt.parse(read_journal_file(path))
    except JournalNotFound:
        return FileReport(path, Verdict.MISSING)
    except JournalDamaged as exc:
        return FileReport(path, Verdict.DAMAGED, str(exc))
    slots = tuple(parsed.header.slots_of(fmt.SLOT_PASSPHRASE))
    try:
        # Backups usually share the journal's key slot: derive each distinct slot once.
        if slots not in keys:
            keys[slots] = fmt.unlock_data_key(parsed.header, passphrase, fmt.SLOT_PASSPHRASE)
        tables = open_tables(parsed, keys[slots])
        docs = tables.get(ENTRIES, {})
        for doc in docs.values():
            Entry.from_dict(doc)
    except WrongPassphrase:
        return FileReport(path, Verdict.OTHER_PASSPHRASE, generation=parsed.header.generation)
    except JournalDamaged as exc:
        return FileReport(path, Verdict.DAMAGED, str(exc), generation=parsed.header.generation)
    except (KeyError, TypeError, ValueError, AttributeError):
        return FileReport(path, Verdict.DAMAGED, t("vault.check.entry_unreadable"))
    return FileReport(path, Verdict.OK, entries=len(docs), generation=parsed.header.generation)
