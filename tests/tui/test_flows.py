"""Pilot tests of each flow of issue 4: create, unlock, wrong passphrase, a new entry through
a method, tagging articles with a note, editing and seeing the revision, filtering, demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TextArea

from reflect.model import ArticleRef, Entry, Status
from reflect.screens.create import CreateScreen
from reflect.screens.entry import EntryScreen
from reflect.screens.journal import JournalScreen
from reflect.screens.revisions import RevisionsScreen
from reflect.screens.unlock import UnlockScreen
from reflect.vault.journal import Journal
from reflect.widgets.article_picker import ArticlePicker
from reflect.widgets.entry_list import EntryList
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio


def stored(path: Path) -> list[Entry]:
    with Journal.open(path, PASSPHRASE) as journal:
        return journal.list_entries()


async def test_create_walks_through_passphrase_and_recovery_code(journal_path: Path) -> None:
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CreateScreen)
        await type_text(pilot, "short")
        assert "Too short" in str(app.screen.query_one("#strength", Static).render())
        app.screen.query_one("#new-passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")  # to the repeat field
        await type_text(pilot, "something else")
        await pilot.press("enter")
        await settle(pilot)
        assert "differ" in str(app.screen.query_one("#create-message", Static).render())
        app.screen.query_one("#repeat-passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CreateScreen)
        code = screen.recovery
        assert code and str(screen.query_one("#recovery-code", Static).render()) == code
        await type_text(pilot, "XXXXX")
        await pilot.press("enter")
        assert isinstance(app.screen, CreateScreen)  # wrong confirmation: still here
        app.screen.query_one("#recovery-confirm", Input).value = code[-5:].lower()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    with Journal.open(journal_path, code, recovery=True) as journal:
        assert journal.list_entries() == []


async def test_unlock_and_wrong_passphrase(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="First dilemma")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot, "not the passphrase")
        assert isinstance(app.screen, UnlockScreen)
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert "Wrong passphrase" in message
        assert app.screen.query_one("#passphrase", Input).value == ""
        await unlock(pilot)
        assert isinstance(app.screen, JournalScreen)
        rows = app.screen.query_one(EntryList).rows
        assert [r.title for r in rows] == ["First dilemma"]


async def test_damaged_journal_points_to_check(journal_path: Path) -> None:
    make_journal(journal_path)
    data = bytearray(journal_path.read_bytes())
    data[-5] ^= 0xFF
    journal_path.write_bytes(bytes(data))
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert isinstance(app.screen, UnlockScreen)
        assert "reflect check" in message
        assert "Wrong passphrase" not in message


async def test_journal_in_use_says_so(journal_path: Path) -> None:
    make_journal(journal_path)
    with Journal.open(journal_path, PASSPHRASE):
        app = app_for(journal_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            message = str(app.screen.query_one("#unlock-message", Static).render())
            assert "open in another" in message


async def test_new_entry_through_a_method(journal_path: Path) -> None:
    """Typed as a person types: after each ctrl+down the cursor is in the step's answer."""
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        screen.query_one("#f-method", Select).value = "dilemmamethode"
        await settle(pilot)
        assert screen.mode == "steps"
        assert "Step 1 of" in str(screen.query_one("#entry-heading", Static).render())
        await type_text(pilot, "Wat weegt zwaarder?")  # step 1 fills the question
        await pilot.press("ctrl+down")  # step 2: ground rules (a group step), an answer
        await settle(pilot)
        assert screen.query_one(".step-group")  # marked as a step one may skip alone
        await type_text(pilot, "Alleen ik lees dit")
        await pilot.press("ctrl+down")  # step 3: the case, fills the situation
        await settle(pilot)
        await type_text(pilot, "Moeder vraagt geheimhouding")
        await pilot.press("ctrl+down")  # step 4: the dilemma
        await settle(pilot)
        await type_text(pilot, "Delen of zwijgen?")
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert screen.query_one("#f-situation", TextArea).text == "Moeder vraagt geheimhouding"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.dirty and screen.save_error is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert len(app.screen.query_one(EntryList).rows) == 1
    (entry,) = stored(journal_path)
    assert entry.method == "dilemmamethode"
    assert entry.question == "Wat weegt zwaarder?"
    assert entry.method_answers == {"introductie": "Alleen ik lees dit"}
    assert entry.situation == "Moeder vraagt geheimhouding"
    assert entry.dilemma == "Delen of zwijgen?"


async def test_tag_articles_with_a_note(journal_path: Path) -> None:
    make_journal(
        journal_path, [Entry(title="Geheim", situation="Een cliënt vertelt iets in vertrouwen.")]
    )
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        picker = screen.query_one(ArticlePicker)
        picker.query_one("#article-search", Input).focus()
        await type_text(pilot, "10")
        await pilot.press("enter", "enter")  # to the results, choose the first
        await settle(pilot)
        assert [(a.code, a.number) for a in screen.draft.articles] == [("bpsw-2021", 10)]
        note = picker.query_one(".tag-note", Input)
        note.focus()
        await type_text(pilot, "vertrouwelijk")
        await pilot.press("escape")  # leaving saves
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    (entry,) = stored(journal_path)
    assert entry.articles == [ArticleRef("bpsw-2021", 10, "vertrouwelijk")]


async def test_edit_and_see_the_revision(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Old title")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        title = app.screen.query_one("#f-title", Input)
        title.focus()
        title.value = "New title"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, RevisionsScreen)
        labels = [label for label, _ in app.screen.versions]
        assert len(labels) == 2
        assert app.screen.versions[1][1].title == "Old title"
        await pilot.press("down")
        await pilot.pause()
        assert "Old title" in str(app.screen.query_one("#revision-text", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, EntryScreen)


async def test_filter_by_text_article_and_status(journal_path: Path) -> None:
    make_journal(
        journal_path,
        [
            Entry(title="Alpha", situation="huisbezoek", articles=[ArticleRef("bpsw-2021", 10)]),
            Entry(title="Beta", status=Status.DECIDED),
            Entry(title="Gamma", situation="huisbezoek", status=Status.DECIDED),
        ],
    )
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        entries = app.screen.query_one(EntryList)
        await pilot.press("slash")
        await type_text(pilot, "huisbezoek")
        assert sorted(r.title for r in entries.rows) == ["Alpha", "Gamma"]
        app.screen.query_one("#filter", Input).value = "#10"
        await pilot.pause()
        assert [r.title for r in entries.rows] == ["Alpha"]
        app.screen.query_one("#filter", Input).value = "status:decided"
        await pilot.pause()
        assert sorted(r.title for r in entries.rows) == ["Beta", "Gamma"]
        await pilot.press("escape")
        assert len(entries.rows) == 3


async def test_demo_opens_with_fictional_entries() -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert "fictional" in str(app.screen.query_one("#demo-banner", Static).render())
        assert len(app.screen.query_one(EntryList).rows) == 6
        folder = app.ctx.journal_path.parent if app.ctx.journal_path else None
    assert folder is not None and not folder.exists()  # the throwaway journal is gone
