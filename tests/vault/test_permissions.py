"""The journal and everything beside it is readable by its owner only, even when the user's
umask would let others read new files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from vault_helpers import PASSPHRASE, Cli, a_day_later, fast_kdf

from reflect.model import Entry
from reflect.vault import storage
from reflect.vault.journal import Journal


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


class TempModeSpy:
    """Records the mode of each temp file at the moment it is renamed over the journal."""

    def __init__(self) -> None:
        self.modes: list[int] = []

    def __getattr__(self, name: str) -> Any:
        if name != "replace":
            return getattr(os, name)

        def replace(src: Any, dst: Any) -> None:
            if str(src).endswith(".tmp"):
                self.modes.append(mode(Path(src)))
            os.replace(src, dst)

        return replace


@pytest.mark.usefixtures("permissive_umask")
def test_every_file_is_0600_and_the_new_folder_0700(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "nieuw" / "map"
    path = folder / "journal.reflect"
    spy = TempModeSpy()
    monkeypatch.setattr(storage, "os", spy)
    journal, _ = Journal.create(path, PASSPHRASE, fast_kdf())
    try:
        for number in range(7):  # more days than backups kept: rotation included
            a_day_later(path)
            journal.add(Entry(title=f"entry {number}"))
        journal.change_passphrase("ander wachtwoord", fast_kdf())
        lock = path.with_name(path.name + ".lock")
        assert lock.exists()
        assert mode(lock) == 0o600
    finally:
        journal.close()

    assert mode(folder) == 0o700
    files = sorted(p for p in folder.iterdir())
    backups = len([p for p in files if ".bak" in p.name])
    assert 2 <= backups <= 3
    # create, 7 saves, the passphrase change, and each backup sealed again under it
    assert len(spy.modes) == 9 + backups and set(spy.modes) == {0o600}, spy.modes
    for file in files:
        assert file.is_file()
        assert mode(file) == 0o600, (file.name, oct(mode(file)))


@pytest.mark.usefixtures("permissive_umask")
def test_backups_are_0600_when_hard_links_are_not_possible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some file systems (FAT, some network shares) refuse hard links: the copy made
    instead must not inherit the umask."""
    path = tmp_path / "data" / "journal.reflect"

    class NoLinks:
        def __getattr__(self, name: str) -> Any:
            if name == "link":

                def link(*_: Any) -> None:
                    raise OSError(1, "Operation not permitted")

                return link
            return getattr(os, name)

    monkeypatch.setattr(storage, "os", NoLinks())
    journal, _ = Journal.create(path, PASSPHRASE, fast_kdf())
    try:
        journal.add(Entry(title="een"))
        journal.add(Entry(title="twee"))
    finally:
        journal.close()
    backups = sorted(path.parent.glob("*.bak*"))
    assert backups
    for backup in backups:
        assert mode(backup) == 0o600, (backup.name, oct(mode(backup)))
        assert backup.stat().st_ino != path.stat().st_ino


def test_cli_init_creates_a_private_folder(cli: Cli) -> None:
    cli.journal = cli.data_dir / "diep" / "genest" / "journal.reflect"
    result = cli.run("init", REFLECT_JOURNAL=str(cli.journal))
    assert result.code == 0, result.err
    assert mode(cli.journal.parent) == 0o700
    assert mode(cli.journal) == 0o600
    assert mode(cli.journal.with_name("journal.reflect.lock")) == 0o600


def test_leftover_temp_file_of_a_crash_is_0600(tmp_path: Path) -> None:
    """The temp file is private from the moment it exists, not only once renamed."""
    path = tmp_path / "data" / "journal.reflect"
    journal, _ = Journal.create(path, PASSPHRASE, fast_kdf())
    seen: list[int] = []

    def spy_write(fd: int, data: Any) -> int:
        temps = list(path.parent.glob(".journal.reflect.*.tmp"))
        seen.extend(mode(p) for p in temps)
        return os.write(fd, data)

    class Spy:
        def __getattr__(self, name: str) -> Any:
            return spy_write if name == "write" else getattr(os, name)

    previous = os.umask(0)
    storage.os = Spy()  # type: ignore[assignment]
    try:
        journal.add(Entry(title="een"))
    finally:
        storage.os = os
        os.umask(previous)
        journal.close()
    assert seen and set(seen) == {0o600}, seen
