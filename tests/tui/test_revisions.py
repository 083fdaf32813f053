"""Earlier versions you can use: what changed since a version, and restoring it (the text it
replaces stays in the history). Typed by keyboard; fictional text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from reflect.model import Entry, Revision
from reflect.operations.revisions import changes
from reflect.screens.entry import EntryScreen
from reflect.screens.revisions import RevisionsScreen
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock


def history(path: Path) -> tuple[Entry, list[Revision]]:
    with Journal.open(path, PASSPHRASE) as journal:
        (entry,) = journal.list_entries()
        return entry, journal.revisions(entry.id)


@pytest.mark.asyncio
async def test_see_what_changed_and_restore_an_earlier_version(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Oude titel", situation="Eerste versie.")])
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        assert app.focused is screen.query_one("#f-title", Input)  # the cursor starts there
        await pilot.press("end", *["backspace"] * len("Oude titel"))
        await type_text(pilot, "Nieuwe titel")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        history_screen = app.screen
        assert isinstance(history_screen, RevisionsScreen)
        await pilot.press("down")  # the version before this visit
        await pilot.pause()
        shown = str(history_screen.query_one("#revision-text", Static).render())
        assert "- Oude titel" in shown and "+ Nieuwe titel" in shown
        assert "Eerste versie" not in shown  # unchanged fields are not listed
        await pilot.press("ctrl+r")  # restore it
        await settle(pilot)
        assert app.screen is screen
        assert screen.draft.title == "Oude titel"
        assert screen.query_one("#f-title", Input).value == "Oude titel"
    entry, revisions = history(journal_path)
    assert entry.title == "Oude titel" and entry.situation == "Eerste versie."
    # The original and the text the restore replaced are both kept, oldest first.
    assert [r.entry.title for r in revisions] == ["Oude titel", "Nieuwe titel"]


@pytest.mark.asyncio
async def test_the_current_version_cannot_be_restored_onto_itself(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Enige versie")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, " bijgewerkt")
        await pilot.press("ctrl+s", "ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, RevisionsScreen)
        await pilot.press("ctrl+r")  # the current version is highlighted: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, RevisionsScreen)


def test_changes_follow_the_field_table() -> None:
    older = Entry(title="A", question="Wat wil ik weten?", learning_goal="")
    newer = Entry(title="A", question="Wat wil ik echt weten?", learning_goal="Grenzen")
    found = {c.name: c for c in changes(older, newer)}
    assert set(found) == {"question", "learning_goal"}
    assert found["question"].lines() == [
        ("-", "Wat wil ik weten?"),
        ("+", "Wat wil ik echt weten?"),
    ]
