"""`reflect backup`, `restore`, `delete` and `passwd` as a user runs them: what the files on
disk hold afterwards, and what a refusal leaves alone (issue 10)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from vault_helpers import (
    PASSPHRASE,
    RECOVERY_CODE_RE,
    Cli,
    journal_family,
    make_journal,
    recovery_code_in,
)

from reflect.commands.keys import RecoveryNotConfirmed, confirm_recovery
from reflect.errors import JournalDamaged, WrongPassphrase
from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.journal import Journal
from reflect.vault.storage import existing_backups
from tests.journal_files import plaintext_of

CANARY = "Kanarie-51c9: een fictieve zin die na het verwijderen nergens meer mag staan"
NEW = "een nieuwe wachtzin voor de test"


def titles(path: Path, secret: str = PASSPHRASE, recovery: bool = False) -> set[str]:
    with Journal.open(path, secret, recovery=recovery) as journal:
        return {e.title for e in journal.list_entries()}


def key_of(path: Path, secret: str = PASSPHRASE) -> bytes:
    return fmt.unlock_data_key(fmt.parse(path.read_bytes()).header, secret, "passphrase")


# ---- backup ---------------------------------------------------------------------------------


def test_backup_writes_a_copy_that_opens_with_the_same_passphrase(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path, [Entry(title="een"), Entry(title="twee")])
    target = tmp_path / "usb" / "kopie.reflect"
    target.parent.mkdir()
    result = cli.run("backup", "-o", str(target))
    assert result.code == 0, result.err
    assert str(target) in result.out
    assert titles(target) == {"een", "twee"}
    assert target.stat().st_mode & 0o777 == 0o600
    assert CANARY.encode() not in target.read_bytes()


def test_backup_refuses_an_existing_file_and_the_journal_itself(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path, [Entry(title="een")])
    target = tmp_path / "kopie.reflect"
    target.write_bytes(b"iets anders")
    before = journal_family(journal_path)
    refused = cli.run("backup", "-o", str(target))
    assert refused.code == 2 and "--overwrite" in refused.error_line()
    assert target.read_bytes() == b"iets anders"
    for own in (journal_path, journal_path.with_name(journal_path.name + ".bak1")):
        result = cli.run("backup", "-o", str(own), "--overwrite")
        assert result.code == 2, result.err
        result.error_line()
    assert journal_family(journal_path) == before
    assert cli.run("backup", "-o", str(target), "--overwrite").code == 0
    assert titles(target) == {"een"}


# ---- restore --------------------------------------------------------------------------------


def test_restore_keeps_the_journal_it_replaces(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path, [Entry(title="oud")])
    copy = tmp_path / "kopie.reflect"
    assert cli.run("backup", "-o", str(copy)).code == 0
    with Journal.open(journal_path, PASSPHRASE) as journal:
        journal.add(Entry(title="nieuw"))

    result = cli.run("restore", str(copy), "--yes")
    assert result.code == 0, result.err
    assert titles(journal_path) == {"oud"}
    kept = existing_backups(journal_path)[0]
    assert str(kept) in result.out
    assert titles(kept) == {"oud", "nieuw"}
    # the restored journal reads as the newest file, not as older than its backups
    check = cli.run("check")
    assert check.code == 0, check.err


def test_entries_destroyed_since_the_copy_stay_destroyed(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    made = make_journal(journal_path, [Entry(title="blijft"), Entry(title="weg", situation=CANARY)])
    copy = tmp_path / "kopie.reflect"
    assert cli.run("backup", "-o", str(copy)).code == 0
    assert cli.run("delete", made.entries[1].id, "--yes").code == 0

    result = cli.run("restore", str(copy), "--yes")
    assert result.code == 0, result.err
    assert "destroyed" in result.err
    assert titles(journal_path) == {"blijft"}


@pytest.mark.parametrize("kind", ["not-a-journal", "other-passphrase", "damaged", "missing"])
def test_a_bad_restore_source_changes_nothing(
    cli: Cli, journal_path: Path, tmp_path: Path, kind: str
) -> None:
    make_journal(journal_path, [Entry(title="huidig")])
    source = tmp_path / "bron.reflect"
    if kind == "not-a-journal":
        source.write_text("boodschappenlijst: melk, brood\n")
    elif kind == "other-passphrase":
        make_journal(source, [Entry(title="van een ander")], passphrase="een andere wachtzin")
    elif kind == "damaged":
        make_journal(source, [Entry(title="beschadigd")])
        data = bytearray(source.read_bytes())
        data[-3] ^= 0x40
        source.write_bytes(bytes(data))
    before = journal_family(journal_path)
    result = cli.run("restore", str(source), "--yes")
    expected = {"not-a-journal": 4, "other-passphrase": 3, "damaged": 4, "missing": 1}[kind]
    assert result.code == expected, result.err
    result.error_line()
    assert journal_family(journal_path) == before


def test_restore_without_a_terminal_needs_yes(cli: Cli, journal_path: Path, tmp_path: Path) -> None:
    make_journal(journal_path, [Entry(title="huidig")])
    copy = tmp_path / "kopie.reflect"
    assert cli.run("backup", "-o", str(copy)).code == 0
    before = journal_family(journal_path)
    result = cli.run("restore", str(copy))
    assert result.code == 2 and "--yes" in result.error_line()
    assert journal_family(journal_path) == before


# ---- delete ---------------------------------------------------------------------------------


def test_delete_cleans_every_backup_and_says_so(cli: Cli, journal_path: Path) -> None:
    made = make_journal(
        journal_path,
        [Entry(title="weg", situation=CANARY), Entry(title="blijft")],
        one_day_each=True,
    )
    key = key_of(journal_path)
    files = [journal_path, *existing_backups(journal_path)]

    def holding() -> list[str]:
        found = []
        for path in files:
            plain = plaintext_of(fmt.parse(path.read_bytes()), key)
            if CANARY.encode() in plain:
                found.append(path.name)
        return found

    assert len(holding()) >= 2
    result = cli.run("delete", made.entries[0].id, "--yes")
    assert result.code == 0, result.err
    assert "rewritten without it" in result.out
    assert holding() == []


# ---- passwd ---------------------------------------------------------------------------------


def test_passwd_leaves_no_file_that_opens_with_the_old_passphrase(
    cli: Cli, journal_path: Path
) -> None:
    make_journal(journal_path, [Entry(title=f"v{i}") for i in range(3)], one_day_each=True)
    result = cli.run("passwd", REFLECT_NEW_PASSPHRASE=NEW)
    assert result.code == 0, result.err
    assert "sealed again" in result.out
    for path in [journal_path, *existing_backups(journal_path)]:
        with pytest.raises(WrongPassphrase):
            key_of(path)
        key_of(path, NEW)


def test_passwd_rekey_retires_the_old_data_key_everywhere(cli: Cli, journal_path: Path) -> None:
    made = make_journal(journal_path, [Entry(title=f"v{i}") for i in range(3)], one_day_each=True)
    old_key = key_of(journal_path)
    result = cli.run("passwd", "--rekey", REFLECT_NEW_PASSPHRASE=NEW)
    assert result.code == 0, result.err
    code = recovery_code_in(result.out)
    for path in [journal_path, *existing_backups(journal_path)]:
        with pytest.raises(JournalDamaged):
            plaintext_of(fmt.parse(path.read_bytes()), old_key)
        assert key_of(path, NEW) != old_key
    with pytest.raises(WrongPassphrase):
        Journal.open(journal_path, made.recovery, recovery=True).__enter__()
    assert titles(journal_path, code, recovery=True) == {"v0", "v1", "v2"}


def test_passwd_raises_the_key_derivation_and_never_lowers_it(cli: Cli, journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="x")])
    lowered = cli.run("passwd", "--kdf-iterations", "1", REFLECT_NEW_PASSPHRASE=NEW)
    assert lowered.code == 0, lowered.err  # the test profile's 1 iteration: not lower
    raised = cli.run(
        "passwd", "--kdf-iterations", "2", REFLECT_NEW_PASSPHRASE=PASSPHRASE, REFLECT_PASSPHRASE=NEW
    )
    assert raised.code == 0, raised.err
    slot = fmt.parse(journal_path.read_bytes()).header.slots_of("passphrase")[0]
    assert slot.kdf.iterations == 2
    before = journal_family(journal_path)
    back = cli.run("passwd", "--kdf-iterations", "1", REFLECT_NEW_PASSPHRASE=NEW)
    assert back.code == 2 and "raised" in back.error_line()
    too_much = cli.run("passwd", "--kdf-memory", "4096", REFLECT_NEW_PASSPHRASE=NEW)
    assert too_much.code == 2, too_much.err
    assert journal_family(journal_path) == before


def test_the_recovery_code_must_be_confirmed_by_its_last_group() -> None:
    code = "ABCDE-FGHIJ-KLMNP-QRSTU-VWXYZ"
    answers = iter(["vwxyz"])
    confirm_recovery(code, lambda _prompt: next(answers), io.StringIO())  # case is forgiven
    wrong = iter(["QRSTU", "", "VWXY"])
    err = io.StringIO()
    with pytest.raises(RecoveryNotConfirmed):
        confirm_recovery(code, lambda _prompt: next(wrong), err)
    assert err.getvalue().count("\n") == 3


def _pty_run(args: list[str], env: dict[str, str], answer: Callable[[str], str]) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal; each confirmation prompt (output ending in "new
    code:", the English prompt) is answered with ``answer(output so far)``."""
    pid, fd = os.forkpty()
    if pid == 0:  # the child: the CLI, with the pty as its terminal
        os.execvpe(sys.executable, [sys.executable, "-m", "reflect.cli", *args], env)
    output = b""
    answered = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break  # the child closed the terminal
        if not chunk:
            break
        output += chunk
        text = output.decode("utf-8", "replace")
        prompts = text.count("new code:")
        if text.rstrip().endswith("new code:") and prompts > answered:
            answered = prompts
            os.write(fd, answer(text).encode() + b"\r")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(os, "forkpty"), reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_new_code_counts_only_once_confirmed(
    cli: Cli, journal_path: Path
) -> None:
    first = cli.init()
    before = journal_family(journal_path)
    code, shown = _pty_run(["passwd", "--new-recovery-code"], cli.env(), lambda _: "fout")
    assert code == 1, shown
    assert RECOVERY_CODE_RE.search(shown) and "Traceback" not in shown
    assert journal_family(journal_path) == before
    assert titles(journal_path, first, recovery=True) == set()  # the old code still works

    def last_group(text: str) -> str:
        return str(RECOVERY_CODE_RE.findall(text)[-1]).rsplit("-", 1)[-1]

    code, shown = _pty_run(["passwd", "--new-recovery-code"], cli.env(), last_group)
    assert code == 0, shown
    new = RECOVERY_CODE_RE.findall(shown)[-1]
    assert titles(journal_path, new, recovery=True) == set()
    with pytest.raises(WrongPassphrase):
        titles(journal_path, first, recovery=True)


def test_a_kill_while_the_new_code_is_shown_never_leaves_no_working_code(
    cli: Cli, journal_path: Path
) -> None:
    """kill -9 at random moments of `passwd --new-recovery-code`: afterwards, either the old
    code still opens the journal, or the new one does and it was shown in full."""
    known = [cli.init()]
    env = cli.env()
    for attempt in range(6):
        process = subprocess.Popen(
            [sys.executable, "-m", "reflect.cli", "passwd", "--new-recovery-code"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.3 + 0.15 * attempt)
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        found = RECOVERY_CODE_RE.search(out.decode("utf-8", "replace"))
        if found:
            known.append(found.group(0))
        working = []
        for code in known:
            try:
                titles(journal_path, code, recovery=True)
            except WrongPassphrase:
                continue
            working.append(code)
        assert working, f"attempt {attempt}: no code that was ever shown opens the journal"
        known = working


def test_the_restore_that_check_suggests_brings_a_damaged_journal_back(
    cli: Cli, journal_path: Path
) -> None:
    make_journal(journal_path, [Entry(title="maandag"), Entry(title="dinsdag")], one_day_each=True)
    damaged = bytearray(journal_path.read_bytes())
    damaged[-4] ^= 0x10
    journal_path.write_bytes(bytes(damaged))
    check = cli.run("check")
    assert check.code == 4
    suggested = next(line for line in check.err.splitlines() if " restore " in line)
    command = suggested.split("reflect ", 1)[1].split()  # --journal PATH restore BACKUP
    backup = Path(command[-1])
    expected = titles(backup)
    result = cli.run(*command, "--yes")
    assert result.code == 0, result.err
    assert titles(journal_path) == expected
    kept = existing_backups(journal_path)[0]
    assert kept.read_bytes() == bytes(damaged)  # the damaged journal is kept, not lost
