"""The settings screen typed through by keyboard: the export defaults it gained are saved in
the one settings file, which the export screen and the command line then follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from reflect.operations.settings import load_settings
from reflect.screens.settings import SettingsScreen
from tests.tui.helpers import app_for, burst, make_journal, settle, unlock

pytestmark = pytest.mark.asyncio


async def test_export_defaults_typed_in_the_settings_are_saved(
    journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path)
    folder = tmp_path / "verslagen"
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await burst(pilot, "f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        # language, theme, auto-lock, template: four tabs to the format, then pick html
        await burst(pilot, "tab", "tab", "tab", "tab", "enter", "down", "enter")
        await settle(pilot)
        assert screen.query_one("#setting-export-format", Select).value == "html"
        # one more tab to the folder: type it and press enter to apply
        await burst(pilot, "tab", *str(folder), "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
    saved = load_settings().settings
    assert saved.export_format == "html"
    assert saved.export_folder == str(folder)


async def test_a_bad_auto_lock_time_keeps_the_screen_and_saves_nothing(
    journal_path: Path,
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await burst(pilot, "f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        minutes = screen.query_one("#setting-autolock", Input)
        await burst(pilot, "tab", "tab", "end", *["backspace"] * 4, "9", "9", "9", "9", "enter")
        await settle(pilot)
        assert minutes.value == "9999"
        assert app.screen is screen  # refused with a message; nothing applied
    assert load_settings().settings.autolock_minutes != 9999
