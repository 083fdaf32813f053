"""`reflect merge` and `reflect check` on a journal in a synced folder, end to end through the
CLI: a conflict copy is reported, merged without losing anything and kept as a backup; a
damaged copy or one made with another passphrase gets one line and changes no file."""

from __future__ import annotations

import builtins
import io
import shutil
from pathlib import Path

import pytest
from sync_helpers import NEXTCLOUD, assert_nothing_lost, diverge, tables_of
from vault_helpers import PASSPHRASE, Cli, journal_family, make_journal

from reflect.commands import merge as merge_command
from reflect.commands.base import CommandContext
from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.journal import ENTRIES, Journal
from reflect.vault.storage import existing_backups
from reflect.vault.sync import read_copy

SYNCTHING = "journal.sync-conflict-20260102-101112-ABCDEFG.reflect"


def titles(path: Path) -> list[str]:
    with Journal.open(path, PASSPHRASE) as journal:
        return sorted(e.title for e in journal.list_entries())


def test_check_reports_a_conflict_copy_and_merge_takes_it_in(cli: Cli) -> None:
    d = diverge(cli.journal)
    ours, theirs = tables_of(d.journal), tables_of(d.copy)

    checked = cli.run("check")
    assert checked.code == 0, checked.err
    report = {line.split(": ", 1)[0]: line for line in checked.out.splitlines()}
    assert "conflict copy" in report[NEXTCLOUD] and "ok" in report[NEXTCLOUD]
    assert "reflect merge" in checked.err

    merged = cli.run("merge", "--yes")
    assert merged.code == 0, merged.err
    assert NEXTCLOUD in merged.out
    assert "1 entry only the copy has is added." in merged.out
    assert "2 entries were changed on both sides" in merged.out
    assert "2 entries destroyed on one side stay destroyed." in merged.out
    assert f"it is kept as the backup {cli.journal.name}.bak1" in merged.out

    assert not d.copy.exists()
    assert titles(cli.journal) == ["A", "C", "E", "F"]
    assert_nothing_lost(tables_of(cli.journal), ours, theirs)
    kept = existing_backups(cli.journal)[0]
    assert sorted(doc["title"] for doc in tables_of(kept)[ENTRIES].values()) == ["A", "C", "F"]

    again = cli.run("check")
    assert again.code == 0
    assert "conflict copy" not in again.out
    assert "reflect merge" not in again.err, "the journal must not look older than a backup"
    nothing = cli.run("merge")
    assert nothing.code == 0 and "nothing to merge" in nothing.out


def test_merge_a_named_file(cli: Cli) -> None:
    d = diverge(cli.journal, SYNCTHING)
    result = cli.run("merge", "--yes", str(d.copy))
    assert result.code == 0, result.err
    assert titles(cli.journal) == ["A", "C", "E", "F"]
    assert not d.copy.exists()


def test_several_copies_merge_in_one_go(cli: Cli) -> None:
    d = diverge(cli.journal)
    shutil.copyfile(d.copy, cli.journal.with_name(SYNCTHING))
    result = cli.run("merge", "--yes")
    assert result.code == 0, result.err
    assert result.out.count("1 entry only the copy has is added.") == 1  # not twice
    assert f"{NEXTCLOUD}; it is kept as the backup {cli.journal.name}.bak2" in result.out
    assert f"{SYNCTHING}; it is kept as the backup {cli.journal.name}.bak1" in result.out
    assert titles(cli.journal) == ["A", "C", "E", "F"]
    assert not any(cli.journal.parent.glob("*conflict*"))


def test_without_yes_and_without_a_terminal_nothing_changes(cli: Cli) -> None:
    diverge(cli.journal)
    before = journal_family(cli.journal)
    result = cli.run("merge")
    assert result.code == 2
    assert "--yes" in result.error_line()
    assert journal_family(cli.journal) == before


def _damaged(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x01
    path.write_bytes(bytes(blob))


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (_damaged, "is damaged"),
        (lambda p: p.write_bytes(p.read_bytes()[:200]), "is damaged"),
        (lambda p: p.write_text("just some notes, not a journal"), "not a reflect journal"),
    ],
    ids=["flipped-byte", "truncated", "not-a-journal"],
)
def test_a_damaged_copy_gets_one_line_and_exit_4(cli: Cli, damage: object, words: str) -> None:
    d = diverge(cli.journal)
    damage(d.copy)  # type: ignore[operator]
    before = journal_family(cli.journal)
    result = cli.run("merge", "--yes")
    assert result.code == 4, result.err
    line = result.error_line()
    assert NEXTCLOUD in line and words in line and "nothing was changed" in line
    assert journal_family(cli.journal) == before, "a refused merge changed a file"


def test_a_copy_made_with_another_passphrase_gets_exit_3(cli: Cli, tmp_path: Path) -> None:
    make_journal(cli.journal, [Entry(title="hier")])
    other = make_journal(tmp_path / "b" / "journal.reflect", [Entry(title="daar")], "ander")
    shutil.copyfile(other.path, cli.journal.with_name(NEXTCLOUD))
    before = journal_family(cli.journal)
    result = cli.run("merge", "--yes")
    assert result.code == 3, result.err
    assert "does not open with this passphrase" in result.error_line()
    assert journal_family(cli.journal) == before


def test_one_bad_copy_stops_the_good_one_too(cli: Cli) -> None:
    """Every copy is read before anything is written: the good copy is not merged while the
    bad one is still there (the user can name the good one to merge it alone)."""
    d = diverge(cli.journal)
    bad = cli.journal.with_name(SYNCTHING)
    bad.write_bytes(fmt.MAGIC + b"\0" * 10)
    before = journal_family(cli.journal)
    assert cli.run("merge", "--yes").code == 4
    assert journal_family(cli.journal) == before
    assert cli.run("merge", "--yes", str(d.copy)).code == 0
    assert bad.exists()


def test_missing_file_and_the_journal_itself_are_refused(cli: Cli) -> None:
    make_journal(cli.journal)
    missing = cli.run("merge", "--yes", str(cli.journal.with_name("weg.reflect")))
    assert missing.code == 1 and "no file" in missing.error_line()
    itself = cli.run("merge", "--yes", str(cli.journal))
    assert itself.code == 2 and "the journal itself" in itself.error_line()


def test_a_stale_journal_merges_its_newer_backup(cli: Cli) -> None:
    make_journal(cli.journal, [Entry(title="een")])
    older = cli.journal.read_bytes()
    with Journal.open(cli.journal, PASSPHRASE) as journal:
        journal.add(Entry(title="twee"))
    backup = cli.journal.with_name(cli.journal.name + ".bak2")
    backup.write_bytes(cli.journal.read_bytes())
    cli.journal.write_bytes(older)  # a sync tool put the older journal back

    checked = cli.run("check")
    assert checked.code == 0
    assert f"older than its backup {backup.name}" in checked.err

    result = cli.run("merge", "--yes")
    assert result.code == 0, result.err
    assert "a backup newer than the journal" in result.out
    assert "the file was left where it is" in result.out
    assert titles(cli.journal) == ["een", "twee"]
    assert backup.exists()
    assert "older than its backup" not in cli.run("check").err


def test_merge_speaks_dutch(cli: Cli) -> None:
    diverge(cli.journal)
    result = cli.run("merge", "--yes", REFLECT_LANG="nl")
    assert result.code == 0, result.err
    assert "1 notitie die alleen de kopie heeft, komt erbij." in result.out
    assert "samengevoegd; het blijft bewaard als reservekopie" in result.out


def test_on_a_terminal_each_copy_is_confirmed(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """no, then "a" (this one and all the others): the first copy stays out."""
    d = diverge(journal_path)
    second = journal_path.with_name(SYNCTHING)
    third = journal_path.with_name("journal (Jan's conflicted copy 2026-01-02).reflect")
    shutil.copyfile(d.copy, second)
    shutil.copyfile(d.copy, third)
    answers = iter(["n", "a"])
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr(builtins, "input", answer)
    out, err = io.StringIO(), io.StringIO()
    ctx = CommandContext(journal_path=journal_path, lang="en", out=out, err=err)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        copies = [read_copy(journal, p) for p in (d.copy, second, third)]
        chosen = merge_command._choose(journal, copies, ctx, ask=True)
    assert len(asked) == 2
    assert [c.path for c in chosen] == [second, third]
    assert f"{d.copy.name}: left as it is." in err.getvalue()


def test_names_from_sync_tools_are_shown_inert(cli: Cli) -> None:
    """A sync tool puts a user's or computer's name in the copy's name: whatever it holds
    reaches the terminal as visible stand-ins, never as an escape sequence."""
    hostile = "journal (\x1b]0;pwned\x07Jan's conflicted copy 2026-01-02).reflect"
    diverge(cli.journal, hostile)
    checked = cli.run("check")
    assert checked.code == 0, checked.err
    merged = cli.run("merge", "--yes")
    assert merged.code == 0, merged.err
    for text in (checked.out, checked.err, merged.out, merged.err):
        assert "\x1b" not in text and "\x07" not in text
    assert "␛]0;pwned␇Jan's conflicted copy" in checked.out
    assert "␛]0;pwned␇Jan's conflicted copy" in merged.out
