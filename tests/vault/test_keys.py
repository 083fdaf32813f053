"""Wrong passphrases, passphrase changes and the recovery code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, Cli, fast_kdf, journal_family, make_journal, recovery_code_in

from reflect.errors import WrongPassphrase
from reflect.model import Entry
from reflect.vault.journal import Journal

WRONG = [
    "wrong",
    PASSPHRASE + " ",
    PASSPHRASE.upper(),
    PASSPHRASE[:-1],
    "",
    "\x00",
    "😀" * 100,
]


@pytest.mark.parametrize("wrong", WRONG)
def test_wrong_passphrase_raises_and_touches_nothing(journal_path: Path, wrong: str) -> None:
    make_journal(journal_path, [Entry(title="een"), Entry(title="twee")])
    before = journal_family(journal_path)
    with pytest.raises(WrongPassphrase), Journal.open(journal_path, wrong):
        pytest.fail("opened with a wrong passphrase")
    assert journal_family(journal_path) == before  # byte for byte; no backup, no temp file
    with Journal.open(journal_path, PASSPHRASE) as journal:  # and the lock was released
        assert len(journal.list_entries()) == 2


def test_passphrase_is_normalised_to_nfc(journal_path: Path) -> None:
    """The same passphrase typed on another keyboard (decomposed é) still opens."""
    make_journal(journal_path, passphrase="caf\u00e9 geheim")
    with Journal.open(journal_path, "cafe\u0301 geheim") as journal:
        assert journal.list_entries() == []


def test_recovery_code_does_not_open_as_a_passphrase(journal_path: Path) -> None:
    made = make_journal(journal_path)
    with pytest.raises(WrongPassphrase), Journal.open(journal_path, made.recovery):
        pass
    with pytest.raises(WrongPassphrase), Journal.open(journal_path, PASSPHRASE, recovery=True):
        pass


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--json"],
        ["search", "een"],
        ["show", "ENTRY"],
        ["new", "--title", "x"],
        ["edit", "ENTRY", "--title", "y"],
        ["delete", "ENTRY", "--yes"],
        ["passwd"],
        ["check"],
    ],
)
def test_cli_wrong_passphrase_exits_3_with_one_line(cli: Cli, command: list[str]) -> None:
    made = make_journal(cli.journal, [Entry(title="een"), Entry(title="twee")])
    before = journal_family(cli.journal)
    args = [made.entries[0].id if arg == "ENTRY" else arg for arg in command]
    result = cli.run(*args, REFLECT_PASSPHRASE="niet het goede", REFLECT_NEW_PASSPHRASE="nieuw")
    assert result.code == 3, (result.code, result.err)
    assert "passphrase" in result.error_line()
    assert "een" not in result.out and "twee" not in result.out
    assert journal_family(cli.journal) == before


def test_real_cli_wrong_passphrase(real_cli: Cli) -> None:
    make_journal(real_cli.journal, [Entry(title="een")])
    before = journal_family(real_cli.journal)
    result = real_cli.run("list", REFLECT_PASSPHRASE="niet het goede")
    assert result.code == 3
    assert result.error_line() == "reflect: error: wrong passphrase"
    assert journal_family(real_cli.journal) == before


def test_passphrase_from_file_first_line(cli: Cli, tmp_path: Path) -> None:
    make_journal(cli.journal, [Entry(title="een")])
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(PASSPHRASE + "\nsecond line is ignored\n", encoding="utf-8")
    result = cli.run("list", REFLECT_PASSPHRASE=None, REFLECT_PASSPHRASE_FILE=str(secret_file))
    assert result.code == 0, result.err
    assert "een" in result.out


def shown(cli: Cli, entry_id: str) -> dict[str, object]:
    result = cli.run("show", entry_id, "--json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_passwd_then_old_passphrase_fails_and_new_one_opens(cli: Cli) -> None:
    cli.init()
    entry_id = cli.run("new", "--title", "blijft bewaard").out.strip()
    before = shown(cli, entry_id)

    changed = cli.run("passwd", REFLECT_NEW_PASSPHRASE="een heel nieuw wachtwoord")
    assert changed.code == 0, changed.err

    old = cli.run("list")
    assert old.code == 3
    old.error_line()
    cli.passphrase = "een heel nieuw wachtwoord"
    assert shown(cli, entry_id) == before
    with pytest.raises(WrongPassphrase), Journal.open(cli.journal, PASSPHRASE):
        pass


def test_passwd_with_recovery_code_sets_passphrase_and_spends_the_code(cli: Cli) -> None:
    first_code = cli.init()
    entry_id = cli.run("new", "--title", "blijft bewaard").out.strip()
    before = shown(cli, entry_id)

    # typed back in lower case, as people do
    recovered = cli.run(
        "passwd",
        "--recovery",
        REFLECT_PASSPHRASE=None,
        REFLECT_RECOVERY_CODE=first_code.lower(),
        REFLECT_NEW_PASSPHRASE="na herstel",
    )
    assert recovered.code == 0, recovered.err
    second_code = recovery_code_in(recovered.out)
    assert second_code != first_code

    cli.passphrase = "na herstel"
    assert shown(cli, entry_id) == before
    assert cli.run("list", REFLECT_PASSPHRASE=PASSPHRASE).code == 3

    spent = cli.run(
        "passwd",
        "--recovery",
        REFLECT_RECOVERY_CODE=first_code,
        REFLECT_NEW_PASSPHRASE="kaper",
    )
    assert spent.code == 3, (spent.code, spent.err)
    assert "recovery code" in spent.error_line()
    assert shown(cli, entry_id) == before  # still "na herstel"

    # the new code works without dashes
    again = cli.run(
        "passwd",
        "--recovery",
        REFLECT_RECOVERY_CODE=second_code.replace("-", "").lower(),
        REFLECT_NEW_PASSPHRASE="derde wachtwoord",
    )
    assert again.code == 0, again.err
    cli.passphrase = "derde wachtwoord"
    assert shown(cli, entry_id) == before


@pytest.mark.parametrize(
    "transform",
    [str.lower, lambda c: c.replace("-", ""), lambda c: " ".join(c.split("-")), str.strip],
)
def test_recovery_code_is_accepted_in_typed_forms(journal_path: Path, transform: object) -> None:
    made = make_journal(journal_path, [Entry(title="een")])
    typed = transform(made.recovery)  # type: ignore[operator]
    with Journal.open(journal_path, typed, recovery=True) as journal:
        assert [e.title for e in journal.list_entries()] == ["een"]


def test_new_recovery_code_replaces_the_old_one(journal_path: Path) -> None:
    made = make_journal(journal_path)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        code = journal.new_recovery_code(fast_kdf())
    with pytest.raises(WrongPassphrase), Journal.open(journal_path, made.recovery, recovery=True):
        pass
    with Journal.open(journal_path, code, recovery=True):
        pass


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("recovery", [False, True], ids=["new-code", "with-recovery"])
def test_a_recovery_code_that_cannot_be_shown_leaves_the_old_one_working(
    cli: Cli, recovery: bool
) -> None:
    """`passwd --new-recovery-code > /dev/full` used to spend the old code before the new one
    was shown, leaving the journal with no usable code. Now nothing changes."""
    first_code = cli.init()
    args = ["passwd", "--recovery"] if recovery else ["passwd", "--new-recovery-code"]
    env = dict(cli.env(REFLECT_NEW_PASSPHRASE="een nieuw wachtwoord"))
    if recovery:
        env.pop("REFLECT_PASSPHRASE")
        env["REFLECT_RECOVERY_CODE"] = first_code
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "reflect.cli", *args],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    with Journal.open(cli.journal, first_code, recovery=True):
        pass  # the old recovery code still opens the journal
    with Journal.open(cli.journal, PASSPHRASE):
        pass  # and the passphrase was not changed either
