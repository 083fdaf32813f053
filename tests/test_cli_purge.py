"""`reflect retention`, `reflect purge` and the marks of `reflect list`, end to end.

A purged entry is gone from the journal *and from every backup*: its canary texts are looked
for in the decrypted journal and in every decrypted backup beside it, not just in the raw
bytes (which are ciphertext anyway). Without a terminal and without --yes nothing is
destroyed. Every entry here is fictional.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "vault"))

from vault_helpers import PASSPHRASE, Cli, fast_kdf, find_leaks, journal_family

from reflect.cli import main
from reflect.model import Entry
from reflect.operations.settings import Settings, save_settings
from reflect.vault import format as fmt
from reflect.vault.journal import Journal
from tests.journal_files import plaintext_of

CANARY = "Grutto-K4vT-7yQe-canary"
REVISION_CANARY = "Tureluur-P9wZ-3mNc-canary"
KEPT = "Scholekster-blijft-staan"
OTHER_PASSPHRASE = "een heel ander wachtwoord"


def decrypted(path: Path, passphrase: str = PASSPHRASE) -> str:
    """The plaintext of a journal or backup file, opened with ``passphrase``."""
    parsed = fmt.parse(path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, passphrase, fmt.SLOT_PASSPHRASE)
    return plaintext_of(parsed, key).decode("utf-8")


def backups(journal: Path) -> list[Path]:
    return sorted(journal.parent.glob(f"{journal.name}.bak*"))


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data", tmp_path / "config")


def new(cli: Cli, *args: str, input: str | None = None) -> str:
    made = cli.run("new", *args, input=input)
    assert made.code == 0, made.err
    return made.out.strip()


def test_purge_destroys_the_entry_in_the_journal_and_in_every_backup(
    cli: Cli, tmp_path: Path
) -> None:
    cli.init()
    doomed = new(
        cli, "--title", f"Huisbezoek {CANARY}", "--case-code", "K-2099-012",
        "--situation", f"Situatie met {CANARY}",
    )  # fmt: skip
    edited = cli.run("edit", doomed, "--decision", f"Besluit {REVISION_CANARY}")
    assert edited.code == 0, edited.err
    kept = new(cli, "--title", "Blijft", "--situation", KEPT, "--case-code", "K-2099-013")

    # Backups that hold the canary (the journal as it is now), and one that this journal's
    # key cannot open (it might hold anything): the purge must clean or remove every one.
    shutil.copy(cli.journal, Path(f"{cli.journal}.bak1"))
    shutil.copy(cli.journal, Path(f"{cli.journal}.bak2"))
    foreign, _ = Journal.create(
        tmp_path / "other" / "journal.reflect", OTHER_PASSPHRASE, fast_kdf()
    )
    foreign.close()
    shutil.copy(foreign.path, Path(f"{cli.journal}.bak3"))
    for copy in backups(cli.journal)[:2]:
        assert CANARY in decrypted(copy) and REVISION_CANARY in decrypted(copy)

    ended = cli.run("retention", "k-2099-012", date.today().isoformat())
    assert ended.code == 0, ended.err
    assert "1 entry of case k-2099-012" in ended.out

    before = journal_family(cli.journal)
    refused = cli.run("purge")  # no terminal, no --yes
    assert refused.code == 2
    assert "--yes" in refused.error_line()
    assert journal_family(cli.journal) == before

    looked = cli.run("purge", "--dry-run")
    assert looked.code == 0, looked.err
    assert doomed in looked.out and kept not in looked.out
    assert journal_family(cli.journal) == before

    purged = cli.run("purge", "--yes")
    assert purged.code == 0, purged.err
    assert "Destroyed 1 entry" in purged.out
    assert "2 backup copies cleaned" in purged.out
    assert "1 backup removed" in purged.out

    assert cli.run("show", doomed).code != 0
    assert cli.run("show", kept).code == 0
    plain = decrypted(cli.journal)
    assert CANARY not in plain and REVISION_CANARY not in plain and KEPT in plain
    remaining = backups(cli.journal)
    assert remaining, "the backups that held the entry were cleaned, not all removed"
    for copy in remaining:
        text = decrypted(copy)  # every backup left opens with the passphrase
        assert CANARY not in text and REVISION_CANARY not in text, copy.name
    assert find_leaks(CANARY, cli.data_dir, cli.config_dir) == []

    again = cli.run("purge", "--yes")
    assert again.code == 0 and "No entry is past" in again.err


def test_purge_json_reports_what_was_due_and_destroyed(cli: Cli) -> None:
    cli.init()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    gone = new(cli, "--title", "Oud", "--delete-after", yesterday)
    new(cli, "--title", "Nieuw", "--delete-after", "2999-01-01")

    looked = cli.run("purge", "--dry-run", "--json")
    assert looked.code == 0, looked.err
    data = json.loads(looked.out)
    assert [d["id"] for d in data["due"]] == [gone]
    assert data["due"][0]["delete_after"] == yesterday
    assert (data["dry_run"], data["destroyed"]) == (True, 0)

    done = cli.run("purge", "--yes", "--json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert (data["dry_run"], data["destroyed"]) == (False, 1)
    assert {"backups_cleaned", "backups_dropped"} <= set(data)
    listed = cli.run("list", "--json")
    assert [e["title"] for e in json.loads(listed.out)] == ["Nieuw"]


def test_purge_shows_titles_inert(cli: Cli) -> None:
    cli.init()
    title = "Rood \u202e\u001b]0;x\u0007 omgekeerd"
    new(cli, "--json-input", input=json.dumps({"title": title, "delete_after": "2000-01-01"}))
    looked = cli.run("purge", "--dry-run")
    assert looked.code == 0, looked.err
    assert "\u202e" not in looked.out and "\u001b" not in looked.out
    assert "⟨RLO⟩" in looked.out


# ---- in-process: a terminal that answers -------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def journal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A journal with an entry past its own date, one past the default period of the
    settings (12 months), and two that are not due."""
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "data" / "journal.reflect"
    made, _ = Journal.create(path, PASSPHRASE, fast_kdf())
    now = datetime.now(UTC)
    made.add_many(
        [
            Entry(title="Eigen datum verstreken", delete_after=date(2020, 1, 1)),
            Entry(title="Termijn verstreken", created=now - timedelta(days=800)),
            Entry(title="Eigen datum later", created=now - timedelta(days=800),
                  delete_after=date(2999, 1, 1)),
            Entry(title="Net geschreven", created=now),
        ]
    )  # fmt: skip
    made.close()
    save_settings(Settings(retention_months=12))
    return path


def _titles(path: Path) -> set[str]:
    with Journal.open(path, PASSPHRASE) as opened:
        return {e.title for e in opened.list_entries()}


def test_on_a_terminal_purge_asks_and_no_keeps_everything(
    journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal("n\n"))
    assert main(["purge"]) == 1
    out, err = capsys.readouterr()
    assert "Eigen datum verstreken" in out and "Termijn verstreken" in out
    assert "Destroy these 2 entries" in err and "Nothing destroyed" in err
    assert len(_titles(journal)) == 4

    monkeypatch.setattr(sys, "stdin", _Terminal("ja\n"))
    assert main(["--lang", "nl", "purge"]) == 0
    out, err = capsys.readouterr()
    assert "Deze 2 notities, hun geschiedenis" in err
    assert "2 notities en hun geschiedenis vernietigd" in out
    assert _titles(journal) == {"Eigen datum later", "Net geschreven"}


def test_list_marks_due_entries_and_says_how_many_on_stderr(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list"]) == 0
    out, err = capsys.readouterr()
    lines = {
        title: line for line in out.splitlines() for title in _titles(journal) if title in line
    }
    marked = {title for title, line in lines.items() if "(past delete-after " in line}
    assert len(lines) == 4 and marked == {"Eigen datum verstreken", "Termijn verstreken"}
    assert "(past delete-after 2020-01-01)" in out
    assert "2 entries are past their delete-after date: reflect purge" in err

    assert main(["list", "--filter", "expired", "--json"]) == 0
    out, _ = capsys.readouterr()
    assert {e["title"] for e in json.loads(out)} == {"Eigen datum verstreken", "Termijn verstreken"}
    assert main(["search", "verlopen", "termijn", "--json"]) == 0
    out, _ = capsys.readouterr()
    assert [e["title"] for e in json.loads(out)] == ["Termijn verstreken"]

    save_settings(Settings(retention_months=0))  # no default period: only the own date
    assert main(["list", "--filter", "expired", "--json"]) == 0
    out, err = capsys.readouterr()
    assert [e["title"] for e in json.loads(out)] == ["Eigen datum verstreken"]
    assert "1 entry is past its delete-after date" in err


def test_retention_needs_a_date_or_clear_and_a_known_case(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["retention", "K-1"]) == 2
    assert main(["retention", "K-1", "2026-01-01", "--clear"]) == 2
    assert main(["retention", "K-1", "31-01-2026"]) == 2
    assert main(["retention", "K-1", "2026-01-01"]) == 2  # no entry has that case code
    err = capsys.readouterr().err
    assert "no entry has the case code 'K-1'" in err
