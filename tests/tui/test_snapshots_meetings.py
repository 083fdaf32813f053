"""Snapshots of the reflection log (f7) and the learning goals (f8) at 80x24 and 120x40, on
the fixed journal of test_snapshots.py plus fixed, fictional meetings and goals, and a
registration period entered in the settings (what makes the runs repeatable is explained
in that module's docstring; its fixture and helpers are reused here)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from textual.pilot import Pilot

from reflect.operations.goals import Goal
from reflect.operations.meetings import Meeting
from reflect.operations.settings import save_registration
from reflect.screens.goals import GoalsScreen
from reflect.screens.meetings import MeetingsScreen
from reflect.vault.journal import GOALS, MEETINGS, Journal
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, settle
from tests.tui.test_snapshots import (
    FIXED,
    JOURNAL,
    SIZES,
    Scenario,
    fixed_id,
    fixed_world,
    make_snapshot_journal,
    still,
    to_list,
)

__all__ = ["fixed_world"]  # the autouse fixture, imported so it runs here too

MEETINGS_DATA = [
    ("2021-02-26", "supervisie", "1.5", "SUP-A", ()),  # before the first period
    ("2025-09-15", "intervisie", "2", "IV-3", (0,)),
    ("2026-02-28", "werkbegeleiding", "1", "", ()),  # the last day of period 1
    ("2026-03-01", "intervisie", "2", "IV-3", (1, 2)),  # the first day of period 2
    ("2026-03-09", "collegiale-consultatie", "0.75", "CC-1", ()),
]
GOALS_DATA = [
    ("Grenzen stellen bij mantelzorgers", None, (0, 1)),
    ("Moreel beraad voorbereiden en leiden", None, (2,)),
    ("Verslaglegging zonder herleidbare details", date(2026, 2, 20), ()),
]


def add_records(journal: Journal) -> None:
    """Fixed ids and stamps, so nothing on screen moves between runs."""
    stamp = FIXED.isoformat()
    for n, (day, form, hours, code, entries) in enumerate(MEETINGS_DATA):
        meeting = Meeting(
            id=f"meeting{n:03d}",
            day=date.fromisoformat(day),
            form=form,
            hours=Decimal(hours),
            code=code,
            entries=tuple(fixed_id(i) for i in entries),
            created=stamp,
        )
        journal.put_record(MEETINGS, meeting.to_record())
    for n, (text, closed, entries) in enumerate(GOALS_DATA):
        goal = Goal(f"goal{n:06d}", text, stamp, closed, tuple(fixed_id(i) for i in entries))
        journal.put_record(GOALS, goal.to_record())


def app_with_records() -> Any:
    make_snapshot_journal(JOURNAL)
    with Journal.open(JOURNAL, PASSPHRASE) as journal:
        add_records(journal)
    save_registration("2021-03-01", "40")  # in the test's config folder (conftest)
    return app_for(JOURNAL)


async def meetings(pilot: Pilot[int]) -> None:
    await to_list(pilot)
    await pilot.press("f7")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MeetingsScreen)


async def goals(pilot: Pilot[int]) -> None:
    await to_list(pilot)
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, GoalsScreen)


SCREENS: dict[str, Scenario] = {"meetings": meetings, "goals": goals}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_with_records(), terminal_size=size, run_before=still(SCREENS[name]))
