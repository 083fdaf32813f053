"""Settings file, language switch, palette, auto-lock, and the 10,000-entry filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Static

from reflect.model import ArticleRef, Entry, Status
from reflect.operations.query import filter_rows, parse_query, row_of_entry
from reflect.operations.settings import Settings, load_settings, save_settings
from reflect.screens.journal import JournalScreen
from reflect.screens.unlock import UnlockScreen
from tests.tui.conftest import TODAY
from tests.tui.helpers import app_for, make_journal, settle, unlock


def test_bad_settings_file_gives_defaults_and_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings(language="en") and loaded.problem
    path.write_text('{"language": "xx", "autolock_minutes": 5}', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.autolock_minutes == 5 and loaded.settings.language == "en"
    assert loaded.problem and "language" in loaded.problem


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings("nl", "nord", 3), path)
    loaded = load_settings(path)
    assert loaded.settings == Settings("nl", "nord", 3) and loaded.language_chosen


def test_filter_is_right_at_10000_entries() -> None:
    """Correctness at scale; its speed is measured by bench/bench_journal.py, not here."""
    base = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [
        row_of_entry(
            Entry(
                title=f"Dilemma {i}",
                situation="Een cliënt vertelt iets in vertrouwen over de kinderen thuis. " * 25,
                created=base + timedelta(hours=i),
                status=Status.DECIDED if i % 3 else Status.DRAFT,
                articles=[ArticleRef("bpsw-2021", 10 + i % 5)],
            )
        )
        for i in range(10_000)
    ]
    assert len(filter_rows(rows, parse_query("#12 status:draft", TODAY))) == len(
        [i for i in range(10_000) if i % 5 == 2 and i % 3 == 0]
    )


@pytest.mark.asyncio
async def test_language_switch_relabels_the_screen() -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert "fictieve" in str(app.screen.query_one("#demo-banner", Static).render())
        assert "notities" in str(app.screen.query_one("#journal-status", Static).render())
        assert app.settings.language == "nl"


@pytest.mark.asyncio
async def test_palette_offers_translated_actions() -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"new entry")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "EntryScreen"


@pytest.mark.asyncio
async def test_auto_lock_returns_to_unlock(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Private")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, JournalScreen)
        app.ctx.settings = Settings("en", app.settings.theme, 1)
        app._last_input -= 120
        app._check_idle()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.journal is None
        assert not any(s.query("EntryList") for s in app.screen_stack)  # nothing decrypted left
        assert app.screen.query_one("#passphrase", Input).value == ""
        await unlock(pilot)
        assert isinstance(app.screen, JournalScreen)
