"""Snapshots of the patterns screen (f6) at 80x24 and 120x40: the charts, and the table of
the same figures (t). The data, clock, time zone and cursor are those of the other
snapshots (tests/tui/test_snapshots.py: the demo's fictional entries with fixed ids and
times, TZ=UTC), imported from there so both stay one world.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from reflect.screens.patterns import PatternsScreen
from tests.tui.helpers import settle
from tests.tui.test_snapshots import (
    SIZES,
    Scenario,
    app_for_screen,
    fixed_world,  # noqa: F401  (an autouse fixture: the fixed clock, zone and folders)
    still,
    to_list,
)


async def patterns(pilot: Pilot[int]) -> None:
    await to_list(pilot)
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PatternsScreen) and screen.patterns is not None


async def patterns_numbers(pilot: Pilot[int]) -> None:
    await patterns(pilot)
    await pilot.press("t")
    await settle(pilot)


SCREENS: dict[str, Scenario] = {
    "patterns": patterns,
    "patterns_numbers": patterns_numbers,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_patterns_screen(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for_screen(name), terminal_size=size, run_before=still(SCREENS[name]))
