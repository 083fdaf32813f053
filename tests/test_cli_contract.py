"""The CLI contract's exit codes, each with one line on stderr and no traceback, and with
nothing on disk changed by a refused command."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "vault"))

from vault_helpers import Cli, journal_family, make_journal

from reflect.model import Entry


@pytest.fixture(autouse=True)
def _insecure_fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLECT_KDF_PROFILE", "insecure-fast")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Runs ``reflect.cli.main`` in a forked process (see tests/vault/vault_helpers.py)."""
    return Cli(tmp_path / "data", tmp_path / "config")


@pytest.fixture
def real_cli(tmp_path: Path) -> Cli:
    """``python -m reflect.cli`` in a new interpreter."""
    return Cli(tmp_path / "data", tmp_path / "config", real=True)


@pytest.fixture
def existing(cli: Cli) -> Iterator[tuple[str, dict[str, bytes]]]:
    """A journal with one entry; yields its id and the files before the command ran."""
    made = make_journal(cli.journal, [Entry(title="een")])
    before = journal_family(cli.journal)
    yield made.entries[0].id, before
    assert journal_family(cli.journal) == before, "a refused command changed the files"


MISSING_JOURNAL_COMMANDS = [
    ["list"],
    ["search", "iets"],
    ["show", "abcd1234ef"],
    ["new", "--title", "x"],
    ["edit", "abcd1234ef", "--title", "x"],
    ["delete", "abcd1234ef", "--yes"],
    ["passwd"],
    ["check"],
]


@pytest.mark.parametrize("command", MISSING_JOURNAL_COMMANDS, ids=lambda c: c[0])
def test_missing_journal_exits_1_and_points_to_init(cli: Cli, command: list[str]) -> None:
    result = cli.run(*command, REFLECT_NEW_PASSPHRASE="nieuw")
    assert result.code == 1, (result.code, result.err)
    assert "reflect init" in result.error_line()
    assert not cli.journal.exists(), "a command on a missing journal must not create one"


def test_missing_journal_through_the_real_cli(real_cli: Cli) -> None:
    result = real_cli.run("list")
    assert result.code == 1
    assert "reflect init" in result.error_line()
    assert not real_cli.data_dir.exists()


@pytest.mark.parametrize("command", [["list"], ["new", "--title", "x"], ["check"]])
def test_missing_journal_is_reported_before_a_passphrase_is_asked(
    cli: Cli, command: list[str]
) -> None:
    """No terminal and no REFLECT_PASSPHRASE: 'there is no journal' is the useful answer,
    not 'cannot ask for a passphrase' (and on a terminal: not after typing one)."""
    result = cli.run(*command, REFLECT_PASSPHRASE=None)
    assert result.code == 1, (result.code, result.err)
    assert "reflect init" in result.error_line()


def test_init_over_an_existing_journal_exits_1_and_leaves_it(
    cli: Cli, existing: tuple[str, dict[str, bytes]]
) -> None:
    for env in ({}, {"REFLECT_PASSPHRASE": "een ander wachtwoord"}, {"REFLECT_PASSPHRASE": None}):
        result = cli.run("init", **env)
        assert result.code == 1, (env, result.code, result.err)
        assert str(cli.journal) in result.error_line()
        assert "recovery" not in result.out.lower()


@pytest.mark.parametrize(
    "command",
    [
        ["show", "zzzzzzzzzz"],
        ["show", "ID-PREFIX-TOO-SHORT"],
        ["edit", "zzzzzzzzzz", "--title", "x"],
        ["delete", "zzzzzzzzzz", "--yes"],
    ],
    ids=["show", "show-short-prefix", "edit", "delete"],
)
def test_unknown_entry_id_exits_2(
    cli: Cli, existing: tuple[str, dict[str, bytes]], command: list[str]
) -> None:
    entry_id, _ = existing
    args = [entry_id[:3] if a == "ID-PREFIX-TOO-SHORT" else a for a in command]
    result = cli.run(*args)
    assert result.code == 2, (result.code, result.err)
    result.error_line()


@pytest.mark.parametrize(
    "command",
    [
        ["new", "--title", "x", "--status", "bijna-klaar"],
        ["edit", "ID", "--status", "bijna-klaar"],
        ["new", "--title", "x", "--follow-up", "2024-13-45"],
        ["new", "--json-input"],
        ["new", "--json-input", "SURROGATE"],
    ],
    ids=["new-bad-status", "edit-bad-status", "bad-date", "bad-json", "json-lone-surrogate"],
)
def test_bad_values_exit_2_and_change_nothing(
    cli: Cli, existing: tuple[str, dict[str, bytes]], command: list[str]
) -> None:
    entry_id, _ = existing
    args = [entry_id if a == "ID" else a for a in command if a != "SURROGATE"]
    stdin = "{not json"
    if "SURROGATE" in command:  # valid JSON, but text no UTF-8 file can hold
        stdin = '{"title": "x", "options": [{"description": "\\udc80"}]}'
    result = cli.run(*args, input=stdin)
    assert result.code == 2, (result.code, result.err)
    line = result.error_line()
    if "--status" in command:
        assert "bijna-klaar" in line and "draft" in line


@pytest.mark.parametrize(
    "argv",
    [
        ["bestaat-niet"],
        ["show"],
        ["list", "--bestaat-niet"],
        ["--lang", "fr", "list"],
        ["new", "--title"],
    ],
    ids=["unknown-command", "missing-argument", "unknown-option", "bad-choice", "option-value"],
)
def test_usage_errors_exit_2_with_one_line(cli: Cli, argv: list[str]) -> None:
    make_journal(cli.journal, [Entry(title="een")])
    before = journal_family(cli.journal)
    result = cli.run(*argv)
    assert result.code == 2, (result.code, result.err)
    result.error_line()
    assert result.out == ""
    assert journal_family(cli.journal) == before


def test_usage_error_through_the_real_cli(real_cli: Cli) -> None:
    result = real_cli.run("show")
    assert result.code == 2, (result.code, result.err)
    assert "reflect" in result.error_line()
    assert result.out == ""


def test_success_prints_nothing_on_stderr(cli: Cli, existing: tuple[str, dict[str, bytes]]) -> None:
    entry_id, _ = existing
    result = cli.run("show", entry_id, "--json")
    assert result.code == 0
    assert result.err == ""
