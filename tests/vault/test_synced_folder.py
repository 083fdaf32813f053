"""A sync tool (or another device) replaces the journal behind an open journal: the next
save refuses, the replaced file is left exactly as it is, and the edit stays in memory."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, journal_family, make_journal, temp_files

from reflect.errors import JournalChangedOnDisk
from reflect.model import Entry
from reflect.vault.journal import Journal


def replace_with_older_backup(path: Path) -> None:
    older = path.with_name(path.name + ".bak1")
    staged = path.with_name("sync-download.tmp")
    shutil.copyfile(older, staged)
    os.replace(staged, path)  # as Dropbox, Syncthing and friends do


def replace_with_another_devices_journal(path: Path) -> None:
    other = make_journal(path.parent / "device-b" / "journal.reflect", [Entry(title="van B")])
    os.replace(other.path, path)


def rewrite_in_place_with_other_content(path: Path) -> None:
    other = make_journal(path.parent / "device-c" / "journal.reflect", [Entry(title="van C")])
    with path.open("r+b") as handle:
        handle.truncate(0)
        handle.write(other.path.read_bytes())


CHANGES: dict[str, Callable[[Path], None]] = {
    "older-backup-renamed-over": replace_with_older_backup,
    "other-device-renamed-over": replace_with_another_devices_journal,
    "rewritten-in-place": rewrite_in_place_with_other_content,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_save_refuses_when_the_file_was_replaced(journal_path: Path, change: str) -> None:
    make_journal(journal_path, [Entry(title="een"), Entry(title="twee")])
    with Journal.open(journal_path, PASSPHRASE) as journal:
        CHANGES[change](journal_path)
        family = journal_family(journal_path)

        with pytest.raises(JournalChangedOnDisk):
            journal.add(Entry(title="drie"))
        assert journal.unsaved
        assert sorted(e.title for e in journal.list_entries()) == ["drie", "een", "twee"]
        assert journal_family(journal_path) == family, "the replaced file must be untouched"

        # trying again does not overwrite it either
        with pytest.raises(JournalChangedOnDisk):
            journal.save()
        assert journal_family(journal_path) == family
        assert temp_files(journal_path) == []
