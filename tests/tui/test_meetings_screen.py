"""Pilot tests of the reflection log (f7): a meeting typed into the form as a person types
it, and what was stored; a refused meeting stores nothing; removing after a question; the
registration period. All data is fictional."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from reflect.model import Entry
from reflect.operations.meetings import Meeting, MeetingInput, add_meeting, list_meetings
from reflect.screens.confirm import ConfirmScreen
from reflect.screens.journal import JournalScreen
from reflect.screens.meetings import MeetingFormScreen, MeetingsScreen
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE, TODAY
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio

OLDER = Entry(id="oldentry01", title="Fictief: huisbezoek familie K.")
NEWER = Entry(id="newentry01", title="Fictief: geheimhouding op school")


def meetings_in(path: Path) -> list[Meeting]:
    with Journal.open(path, PASSPHRASE) as journal:
        return list_meetings(journal)


def prepare(path: Path, *given: MeetingInput) -> None:
    make_journal(path, [OLDER])
    with Journal.open(path, PASSPHRASE) as journal:
        journal.add(Entry(id=NEWER.id, title=NEWER.title, created=OLDER.created.replace(year=2099)))
        for meeting in given:
            add_meeting(journal, meeting, TODAY)


async def to_meetings(pilot: object) -> MeetingsScreen:
    await unlock(pilot)  # type: ignore[arg-type]
    app = pilot.app  # type: ignore[attr-defined]
    assert isinstance(app.screen, JournalScreen)
    await pilot.press("f7")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, MeetingsScreen)
    return app.screen


async def test_a_meeting_typed_into_the_form_is_stored(journal_path: Path) -> None:
    prepare(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_meetings(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, MeetingFormScreen)
        await type_text(pilot, "2026-03-10")
        await pilot.press("tab")
        # The form's Select: the blank prompt, then supervisie, intervisie, ...
        await pilot.press("enter", "down", "down", "enter")
        await pilot.press("tab")
        await type_text(pilot, "1,5")
        await pilot.press("tab")
        await type_text(pilot, "IV-3")
        await pilot.press("tab")  # the entries, newest first: pick the second
        await pilot.press("down", "space")
        await pilot.press("tab", "enter")  # the Save button
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one("#meetings-table", DataTable)
        assert table.row_count == 1
        summary = str(screen.query_one("#meetings-summary", Static).render())
        assert "Total: 1.5 hours = 1.5 points, in 1 meeting" in summary
    [stored] = meetings_in(journal_path)
    assert (stored.day, stored.form, stored.hours, stored.code, stored.entries) == (
        date(2026, 3, 10),
        "intervisie",
        Decimal("1.5"),
        "IV-3",
        (OLDER.id,),
    )


async def test_a_meeting_with_absurd_hours_stays_in_the_form_and_nothing_is_stored(
    journal_path: Path,
) -> None:
    prepare(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_meetings(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("tab", "enter", "down", "enter", "tab")  # today; supervisie
        await type_text(pilot, "30")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingFormScreen)  # the typing is still there
        assert any("at most 24" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)
    assert meetings_in(journal_path) == []


async def test_remove_asks_first(journal_path: Path) -> None:
    prepare(journal_path, MeetingInput("2026-01-05", "supervisie", "2", "SUP-A"))
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_meetings(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: kept
        await settle(pilot)
        assert len(meetings_in_app(app)) == 1
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert isinstance(app.screen, MeetingsScreen)
        assert app.screen.query_one("#meetings-table", DataTable).row_count == 0
    assert meetings_in(journal_path) == []


def meetings_in_app(app: object) -> list[Meeting]:
    return app.screen.meetings  # type: ignore[attr-defined, no-any-return]


async def test_the_registration_period_is_saved_and_the_totals_get_a_verdict(
    journal_path: Path, tmp_path: Path
) -> None:
    prepare(journal_path, MeetingInput("2026-03-01", "intervisie", "2"))
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_meetings(pilot)
        assert "No registration period" in str(
            screen.query_one("#meetings-summary", Static).render()
        )
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "2021-03-01")
        await pilot.press("tab")
        await type_text(pilot, "10")
        await pilot.press("enter")
        await settle(pilot)
        summary = str(screen.query_one("#meetings-summary", Static).render())
        assert "Period 1\n2021-03-01 – 2026-02-28\n0 of 10 points — 10 to go" in summary
        assert "Period 2 (current)\n2026-03-01 – 2031-02-28\n2 of 10 points — 8 to go" in summary
    saved = json.loads((tmp_path / "config" / "settings.json").read_text())
    assert (saved["registration_start"], saved["registration_minimum"]) == ("2021-03-01", "10")


async def test_the_overview_is_written_from_the_reflection_log(
    journal_path: Path, tmp_path: Path
) -> None:
    """ctrl+e on f7: a file name typed as a person types, enter, and the overview is there,
    with the meeting and its hours (written off the event loop, through the one builder the
    command line uses)."""
    prepare(journal_path, MeetingInput("2026-01-05", "supervisie", "2", "SUP-A"))
    target = tmp_path / "exports" / "log.md"
    target.parent.mkdir()
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_meetings(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert app.screen is not screen
        await pilot.press("end", "ctrl+u")  # the suggested name away, as a person clears it
        assert app.screen.query_one("#overview-file").value == ""  # type: ignore[attr-defined]
        await type_text(pilot, str(target))
        await pilot.press("enter")
        for _ in range(100):
            if target.exists() and app.screen is screen:
                break
            await pilot.pause(0.05)
        assert app.screen is screen  # the dialog closed once written
    text = target.read_text(encoding="utf-8")
    assert "2026-01-05" in text and "SUP-A" in text and "2 h" in text
