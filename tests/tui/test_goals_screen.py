"""Pilot tests of the learning goals (f8): a goal typed and added, the entry highlighted in the
journal list linked to it and unlinked again, closing a goal, a refused empty goal. All data
is fictional."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from reflect.model import Entry
from reflect.operations.goals import Goal, add_goal, link_entries, list_goals
from reflect.operations.meetings import MeetingInput, add_meeting
from reflect.screens.entry import EntryScreen
from reflect.screens.goals import GoalsScreen
from reflect.screens.journal import JournalScreen
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE, TODAY
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio

ENTRY = Entry(id="goalentry1", title="Fictief: grens bij een mantelzorger")


def goals_in(path: Path) -> list[Goal]:
    with Journal.open(path, PASSPHRASE) as journal:
        return list_goals(journal)


async def test_add_a_goal_link_the_selected_entry_and_close_it(journal_path: Path) -> None:
    make_journal(journal_path, [ENTRY])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GoalsScreen)
        assert screen.entry == (ENTRY.id, ENTRY.title)
        await type_text(pilot, "Grenzen stellen zonder schuldgevoel")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#goals-table", DataTable).row_count == 1
        await pilot.press("ctrl+k")  # link the entry from the list to the highlighted goal
        await settle(pilot)
        [goal] = screen.goals
        assert goal.entries == (ENTRY.id,)
        await pilot.press("ctrl+d")
        await settle(pilot)
    [stored] = goals_in(journal_path)
    assert stored.text == "Grenzen stellen zonder schuldgevoel"
    assert stored.entries == (ENTRY.id,)
    assert stored.closed == TODAY


async def test_ctrl_k_again_unlinks_and_an_empty_goal_is_refused(journal_path: Path) -> None:
    make_journal(journal_path, [ENTRY])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("space", "enter")  # nothing but a space
        await settle(pilot)
        assert any("needs words" in n.message for n in app._notifications)
        await type_text(pilot, "Moreel beraad leiden")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert app.screen.goals[0].entries == (ENTRY.id,)  # type: ignore[attr-defined]
        await pilot.press("ctrl+k")  # again: taken off
        await settle(pilot)
    [stored] = goals_in(journal_path)
    assert stored.text == "Moreel beraad leiden"
    assert stored.entries == ()
    assert stored.closed is None


async def test_the_entry_screen_shows_the_meetings_and_goals_it_is_linked_to(
    journal_path: Path,
) -> None:
    make_journal(journal_path, [ENTRY, Entry(id="otherentry", title="Fictief: zonder links")])
    with Journal.open(journal_path, PASSPHRASE) as journal:
        goal = add_goal(journal, "Grenzen stellen")
        link_entries(journal, goal.id, [ENTRY.id])
        add_meeting(journal, MeetingInput("2026-03-02", "intervisie", "2", "IV-3", [ENTRY.id]),
                    TODAY)  # fmt: skip
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        for entry_id, expected in ((ENTRY.id, True), ("otherentry", False)):
            app.screen.open_entry(entry_id)  # type: ignore[attr-defined]
            await settle(pilot)
            assert isinstance(app.screen, EntryScreen)
            line = app.screen.query_one("#entry-links", Static)
            assert line.display is expected
            if expected:
                shown = str(line.render())
                assert "Brought to: 2026-03-02 Intervision (IV-3)" in shown
                assert "Learning goals: Grenzen stellen" in shown
            await pilot.press("escape")
            await settle(pilot)


async def test_the_export_screen_groups_a_werkverslag_by_learning_goal(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's face of `reflect export --by-goal`: a box on the export screen, for the
    supervision reports only, that puts each entry under the goals it is linked to."""
    from textual.widgets import Checkbox, Select

    from reflect.screens import export as export_module
    from reflect.screens.export import ExportScreen

    make_journal(journal_path, [ENTRY])
    with Journal.open(journal_path, PASSPHRASE) as journal:
        goal = add_goal(journal, "Grenzen stellen zonder schuldgevoel")
        link_entries(journal, goal.id, [ENTRY.id])
    # The de-identifier is not what is tested here: one that finds no names, ready at once.
    monkeypatch.setattr(export_module, "loaded_name_detector", lambda: None)
    monkeypatch.setattr(export_module, "load_name_detector", lambda progress=None: None)
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        box = screen.query_one("#export-by-goal", Checkbox)
        assert box.display and not box.value
        assert "Grenzen stellen zonder schuldgevoel" not in screen.preview_markdown
        box.focus()
        await pilot.press("space")
        await settle(pilot)
        preview = screen.preview_markdown
        assert "Grenzen stellen zonder schuldgevoel" in preview
        assert preview.index("Grenzen stellen zonder schuldgevoel") < preview.index(ENTRY.title)
        screen.query_one("#export-template", Select).value = "intervision-incident"
        await settle(pilot)
        assert not screen.query_one("#export-stats-row").display  # no goals in intervision
