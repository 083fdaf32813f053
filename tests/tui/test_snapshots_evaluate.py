"""Snapshots of the evaluation cycle at 80x24 and 120x40: the journal as it opens after an
unlock when an entry is due (filtered on ``due``, "1 to evaluate"), and the evaluation
screen with an answer typed. The fixed data, clock and still cursor of test_snapshots.py
(its fixture and helpers, imported) make them repeatable; the entries are its fictional ones.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reflect.screens.evaluate import EvaluateScreen
from reflect.screens.journal import JournalScreen
from reflect.widgets.entry_list import EntryList
from tests.tui.helpers import type_text, unlock
from tests.tui.test_snapshots import (
    HOME_VISIT,
    SIZES,
    Scenario,
    app_for_screen,
    fixed_world,  # noqa: F401  (autouse: the fixed clock, zone and folders)
    settled,
    still,
)


async def journal_due(pilot: Pilot[int]) -> None:
    """Unlocked: the list shows only what is due, and says how many."""
    await unlock(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    await settled(pilot)
    assert screen.query_one("#filter", Input).value == "due"
    assert [r.title for r in screen.query_one(EntryList).rows] == [HOME_VISIT]


async def evaluate(pilot: Pilot[int]) -> None:
    """ctrl+g on the due entry, the first answer typed."""
    await journal_due(pilot)
    await pilot.press("ctrl+g")
    await settled(pilot)
    assert isinstance(pilot.app.screen, EvaluateScreen)
    await type_text(pilot, "Moeder belde zelf terug; de kinderen gaan naar de opvang.")
    await settled(pilot)


SCREENS: dict[str, Scenario] = {"journal_due": journal_due, "evaluate": evaluate}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for_screen(name), terminal_size=size, run_before=still(SCREENS[name]))
