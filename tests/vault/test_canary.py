"""No plaintext on disk: after whole sessions (CLI, and in-process with failing saves and
crashes), no file anywhere under the data or config folder holds the entry text, the
passphrase or the recovery code, in UTF-8, UTF-16 or base64."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from vault_helpers import (
    PASSPHRASE,
    Cli,
    all_files,
    fast_kdf,
    find_leaks,
    recovery_code_in,
)

from reflect.errors import JournalChangedOnDisk, SaveFailed
from reflect.model import ArticleRef, Entry, Option, Stakeholder
from reflect.vault import segments, storage
from reflect.vault.journal import Journal

CANARY = "Zwaluwstaart-Q7xK-9fJ2-canary"
EDIT_CANARY = "Kievitsei-W3pL-8dR5-canary"
NEW_PASSPHRASE = "nieuw-wachtwoord-Hz8q-2025"


def test_cli_session_leaves_no_plaintext(cli: Cli, tmp_path: Path) -> None:
    recovery = cli.init()
    first = cli.run(
        "new",
        "--title", f"Titel {CANARY}",
        "--situation", f"Situatie met {CANARY} erin",
        "--dilemma", CANARY,
        "--decision", f"{CANARY}!",
        "--rationale", f"omdat {CANARY}",
        "--case-code", CANARY,
    )  # fmt: skip
    assert first.code == 0, first.err
    entry_id = first.out.strip()
    second = cli.run(
        "new",
        "--json-input",
        input=json.dumps(
            {
                "title": "tweede",
                "feelings": CANARY,
                "options": [{"description": CANARY, "harm": CANARY}],
                "stakeholders": [{"who": CANARY, "values": CANARY}],
                "method_answers": {"stap": CANARY},
            }
        ),
    )
    assert second.code == 0, second.err
    edited = cli.run("edit", entry_id, "--situation", f"nu met {EDIT_CANARY}")
    assert edited.code == 0, edited.err

    assert cli.run("show", entry_id).code == 0
    shown = cli.run("show", entry_id, "--json", "--revisions")
    assert shown.code == 0 and EDIT_CANARY in shown.out and CANARY in shown.out
    searched = cli.run("search", CANARY)
    assert searched.code == 0 and entry_id in searched.out
    assert cli.run("search", CANARY, "--json").code == 0
    assert cli.run("list").code == 0
    assert cli.run("list", "--json").code == 0
    failed = cli.run("list", REFLECT_PASSPHRASE="fout wachtwoord")
    assert failed.code == 3

    changed = cli.run("passwd", REFLECT_NEW_PASSPHRASE=NEW_PASSPHRASE)
    assert changed.code == 0, changed.err
    cli.passphrase = NEW_PASSPHRASE
    checked = cli.run("check")
    assert checked.code == 0, checked.err
    recovered = cli.run(
        "passwd", "--recovery", REFLECT_RECOVERY_CODE=recovery, REFLECT_NEW_PASSPHRASE=PASSPHRASE
    )
    assert recovered.code == 0, recovered.err
    new_recovery = recovery_code_in(recovered.out)
    cli.passphrase = PASSPHRASE
    assert cli.run("show", entry_id, "--json").code == 0

    files = list(all_files(tmp_path))
    names = {p.name for p in files}
    assert {"journal.reflect", "journal.reflect.bak1", "journal.reflect.lock"} <= names
    for secret in (CANARY, EDIT_CANARY, PASSPHRASE, NEW_PASSPHRASE, recovery, new_recovery):
        assert find_leaks(secret, tmp_path) == [], secret
    # normalised forms of the recovery code too (no dashes, lower case)
    for form in (recovery.replace("-", ""), new_recovery.replace("-", "").lower()):
        assert find_leaks(form, tmp_path) == []


def test_in_process_session_with_failing_saves_and_crashes_leaves_no_plaintext(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    path = data / "journal.reflect"
    journal, recovery = Journal.create(path, PASSPHRASE, fast_kdf())
    entry = Entry(
        title=CANARY,
        situation=CANARY * 50,
        options=[Option(CANARY, CANARY)],
        stakeholders=[Stakeholder(CANARY, CANARY)],
        articles=[ArticleRef("bpsw-2021", 3, CANARY)],
        method_answers={CANARY: CANARY},
        extra={"toekomst": CANARY},
    )
    try:
        stored = journal.add(entry)
        journal.set_alias(f"Jansen {CANARY}", "Cliënt A")

        # a write that lands half its bytes, then ENOSPC
        real_write = os.write
        state = {"n": 0}

        def half_write(fd: int, blob: bytes) -> int:
            state["n"] += 1
            if state["n"] == 1:
                return real_write(fd, bytes(blob)[: len(blob) // 2])
            raise OSError(28, "No space left on device")

        class PartialOs:
            def __getattr__(self, name: str) -> object:
                return half_write if name == "write" else getattr(os, name)

        monkeypatch.setattr(storage, "os", PartialOs())
        with pytest.raises(SaveFailed):
            journal.update(Entry(**{**vars(stored), "decision": EDIT_CANARY}))
        monkeypatch.setattr(storage, "os", os)
        journal.save()

        # a verification failure (the disk hands back other bytes)
        def bad_pread(fd: int, length: int, offset: int) -> bytes:
            return (b"garbage " + CANARY.encode()).ljust(length, b"x")[:length]

        class GarbageReads:
            def __getattr__(self, name: str) -> object:
                return bad_pread if name == "pread" else getattr(os, name)

        monkeypatch.setattr(segments, "os", GarbageReads())
        with pytest.raises(SaveFailed):
            journal.add(Entry(title=EDIT_CANARY))
        monkeypatch.undo()
        journal.save()

        # the file replaced behind the journal (by an older backup): the refused save
        # writes nothing
        saved = path.read_bytes()
        path.write_bytes(path.with_name(path.name + ".bak1").read_bytes())
        with pytest.raises(JournalChangedOnDisk):
            journal.add(Entry(title=CANARY))
        path.write_bytes(saved)
        journal.change_passphrase(NEW_PASSPHRASE, fast_kdf())
    finally:
        journal.close()

    # a crash in the middle of a save leaves a temp file behind
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_fd)
            with Journal.open(path, NEW_PASSPHRASE) as child:

                def stop_after_write(*args: object) -> None:
                    os.write(write_fd, b"W")
                    os.kill(os.getpid(), signal.SIGSTOP)

                storage_os = type(
                    "StopOs",
                    (),
                    {
                        "__getattr__": lambda _s, n: (
                            stop_after_write if n == "fsync" else getattr(os, n)
                        )
                    },
                )()
                storage.os = storage_os  # type: ignore[assignment]
                child.add(Entry(title=CANARY))
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        signalled = os.read(read_fd, 1)  # b"W": the temp file is written, not yet renamed
    finally:
        os.close(read_fd)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert signalled == b"W"
    assert list(data.glob(".journal.reflect.*.tmp")), "the crash should have left a temp file"

    files = list(all_files(tmp_path))
    assert len(files) >= 4
    for secret in (CANARY, EDIT_CANARY, PASSPHRASE, NEW_PASSPHRASE, recovery):
        assert find_leaks(secret, tmp_path) == [], secret
    with Journal.open(path, NEW_PASSPHRASE) as reopened:
        assert reopened.get(stored.id).decision == EDIT_CANARY


@pytest.mark.parametrize("offset", [0, 1, 2, 3])
def test_the_scanner_finds_a_planted_canary_in_every_encoding(tmp_path: Path, offset: int) -> None:
    """The scans above can only pass honestly if the scanner would have seen a leak."""
    import base64

    planted = {
        "a.bin": b"x" * offset + CANARY.encode("utf-8") + b"y",
        "b.bin": b"\0" * offset + CANARY.encode("utf-16-le"),
        "c.txt": base64.b64encode(b"z" * offset + CANARY.encode("utf-8") + b"tail"),
        "sub/d.json": json.dumps(
            {"k": base64.b64encode(b"q" * offset + CANARY.encode()).decode()}
        ).encode(),
    }
    for name, blob in planted.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(blob)
    leaks = find_leaks(CANARY, tmp_path)
    for name in planted:
        assert any(leak.startswith(str(tmp_path / name)) for leak in leaks), (name, leaks)
