"""Snapshots of the key screens at 80x24 and 120x40, on fixed demo data and a fixed clock."""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reflect.vault import journal as journal_module
from reflect.widgets.article_picker import ArticlePicker
from tests.tui.conftest import TODAY
from tests.tui.helpers import app_for, make_journal, settle

FIXED = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_module, "now_utc", lambda: FIXED)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def _settled(pilot: Any) -> None:
    await settle(pilot)
    await pilot.pause(0.4)  # the suggestion debounce
    await settle(pilot)
    # Under load the debounce timer can fire late: wait for the suggestions themselves.
    pickers = pilot.app.screen.query(ArticlePicker)
    for _ in range(100):
        if not pickers or pickers.first().suggestions:
            break
        await pilot.pause(0.05)
        await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_journal_list(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(None, demo=True), terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_entry_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    async def open_entry(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("end", "enter")  # the oldest demo entry: articles and a due follow-up
        await _settled(pilot)

    assert snap_compare(app_for(None, demo=True), terminal_size=size, run_before=open_entry)


def test_unlock_screen(snap_compare: Any) -> None:
    folder = Path(tempfile.gettempdir()) / "reflect-snapshot"  # the path is on screen: fixed
    shutil.rmtree(folder, ignore_errors=True)
    try:
        make_journal(folder / "journal.reflect")
        assert snap_compare(
            app_for(folder / "journal.reflect"), terminal_size=(80, 24), run_before=settle
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_help_screen(snap_compare: Any) -> None:
    async def help_(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_for(None, demo=True), terminal_size=(80, 24), run_before=help_)
