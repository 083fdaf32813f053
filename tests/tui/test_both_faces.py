"""The command line and the app are two faces of one application layer: for the same input
they refuse the same export targets, and the language chosen in the app is the command
line's too. Every entry here is fictional."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from reflect.cli import main
from reflect.screens.confirm import ConfirmScreen
from reflect.screens.export import ExportScreen
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, unlock
from tests.tui.test_export_screen import CLEAN, open_export, stub_names, text_of, wait_until

__all__ = ["stub_names"]  # the fixture: the app's export uses a stub name detector
pytestmark = pytest.mark.asyncio

# Targets the export policy refuses, as a function of the journal's path.
REFUSED: dict[str, Callable[[Path], Path]] = {
    "in the journal's folder": lambda journal: journal.parent / "verslag.md",
    "in a folder inside it": lambda journal: journal.parent / "sub" / "verslag.md",
    "an existing file (no overwrite asked)": lambda journal: journal.parent.parent / "oud.md",
}


def entry_id(journal_path: Path) -> str:
    with Journal.open(journal_path, PASSPHRASE) as journal:
        return journal.list_entries()[0].id


@pytest.mark.parametrize("where", REFUSED)
async def test_cli_and_app_refuse_the_same_export_targets(
    where: str,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_journal(journal_path, [CLEAN])
    target = REFUSED[where](journal_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    existing = "an existing file" in where
    if existing:
        target.write_text("old text\n", encoding="utf-8")

    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    code = main(["export", entry_id(journal_path), "--template", "werkverslag", "-o", str(target)])
    cli_error = capsys.readouterr().err
    assert code == 2, cli_error
    assert (target.read_text(encoding="utf-8") == "old text\n") if existing else not target.exists()

    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot, "werkverslag")
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        if existing:  # the app asks where the command line wants --overwrite; say no
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("escape")
            await settle(pilot)
        else:
            await settle(pilot)
            assert "Not written" in text_of(screen, "#export-status-line")
        assert app.screen is screen and isinstance(screen, ExportScreen)
    assert (target.read_text(encoding="utf-8") == "old text\n") if existing else not target.exists()


async def test_the_command_line_follows_the_language_chosen_in_the_app(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_journal(journal_path)
    monkeypatch.delenv("REFLECT_LANG")  # no override: the choice in the app decides
    monkeypatch.setenv("LANG", "C")
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("f3")  # English -> Nederlands, saved in the settings
        await settle(pilot)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    assert main(["list"]) == 0
    said = capsys.readouterr().err
    assert "Nog geen notities" in said, said
    assert main(["--lang", "en", "list"]) == 0  # --lang still wins for one run
    assert "No entries yet" in capsys.readouterr().err
