"""Snapshots of the entry screen with the pane of earlier similar entries (issue 14), at
80x24 and 120x40, on the fixed fictional journal, clock and cursor of test_snapshots.py."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from reflect.screens.entry import EntryScreen
from reflect.widgets.similar_pane import SimilarPane
from tests.tui.helpers import settle, type_text
from tests.tui.test_snapshots import (  # noqa: F401 - fixed_world is an autouse fixture
    HOME_VISIT,
    SIZES,
    app_for_screen,
    fixed_world,
    settled,
    still,
    to_list,
)

# A new dilemma much like the (fictional) home visit of the demo journal, in other words.
TITLE = "Zoon vaak alleen thuis"
SITUATION = (
    "Een moeder vertelt me in vertrouwen dat haar zoon van twaalf 's avonds vaak alleen "
    "thuis is. Ze vraagt me dit niet aan school of het wijkteam door te geven."
)


async def similar_pane(pilot: Pilot[int]) -> None:
    """A new entry typed and saved, then ctrl+o: the earlier entries like it, the first
    one highlighted."""
    await to_list(pilot)
    await pilot.press("ctrl+n")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EntryScreen)
    await type_text(pilot, TITLE)
    while screen.focused is None or screen.focused.id != "f-situation":
        await pilot.press("tab")
    await type_text(pilot, SITUATION)
    await pilot.press("ctrl+s")  # saved: the status line reads the fixed clock's time
    await settled(pilot)
    pane = screen.query_one(SimilarPane)
    await pilot.press("ctrl+o")
    for _ in range(200):  # the index is built in the background, then the ranking runs
        if pane.state == "found":
            break
        await pilot.pause(0.05)
        await settle(pilot)
    assert pane.display and pane.state == "found"
    assert pane.found[0].title == HOME_VISIT
    assert screen.focused is pane.query_one("#similar-results")


@pytest.mark.parametrize("size", SIZES)
def test_similar_pane(snap_compare: Any, size: tuple[int, int]) -> None:
    app = app_for_screen("similar_pane")
    assert snap_compare(app, terminal_size=size, run_before=still(similar_pane))
