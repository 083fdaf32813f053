"""Saving under pressure: two saves of one entry never overlap, "Discard changes" really
discards, quit and lock never drop unsaved changes, auto-lock covers an entry it cannot
save, and a missing journal with backups is never replaced by a new one."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from reflect.errors import SaveFailed
from reflect.model import Entry
from reflect.screens.confirm import ConfirmScreen
from reflect.screens.cover import CoverScreen
from reflect.screens.create import CreateScreen
from reflect.screens.entry import EntryScreen
from reflect.screens.journal import JournalScreen
from reflect.screens.unlock import MissingJournalScreen, UnlockScreen
from reflect.vault import journal as journal_module
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio


def full_disk(*args: Any, **kwargs: Any) -> None:
    raise SaveFailed("could not save the journal (the disk is full)")


def held_writes(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Saves wait until the returned event is set (a slow disk)."""
    release = threading.Event()
    original = journal_module.atomic_write

    def slow_write(*args: Any, **kwargs: Any) -> None:
        release.wait(60)
        original(*args, **kwargs)

    monkeypatch.setattr(journal_module, "atomic_write", slow_write)
    return release


def record_notes(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notes: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append(str(message))
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return notes


def stored(path: Path) -> list[Entry]:
    with Journal.open(path, PASSPHRASE) as journal:
        return journal.list_entries()


async def new_entry_titled(pilot: Any, title: str) -> EntryScreen:
    await pilot.press("ctrl+n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EntryScreen)
    screen.query_one("#f-title", Input).focus()
    await type_text(pilot, title)
    return screen


async def test_two_quick_saves_of_a_new_entry_add_it_once(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await new_entry_titled(pilot, "Twice")
        release = held_writes(monkeypatch)
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert screen.save_error is None and not screen.dirty
    assert [e.title for e in stored(journal_path)] == ["Twice"]


async def test_locking_during_the_save_of_a_new_entry_waits_for_it(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await new_entry_titled(pilot, "Mid-save")
        release = held_writes(monkeypatch)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        release.set()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, UnlockScreen) and screen.journal_lock is not None
        reopened = Journal.unlock(journal_path, PASSPHRASE, screen.journal_lock)
        assert [e.title for e in reopened.list_entries()] == ["Mid-save"]


async def test_discard_after_a_failed_save_really_discards(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [Entry(title="Kept")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        title = app.screen.query_one("#f-title", Input)
        title.focus()
        await pilot.press("end")
        await type_text(pilot, " with a name")
        with monkeypatch.context() as patch:
            patch.setattr(journal_module, "atomic_write", full_disk)
            await pilot.press("escape")  # leaving saves: that fails
            for _ in range(5):  # not settle(): the close worker waits on the question
                await pilot.pause(0.05)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("tab", "enter")  # "Discard changes"
            await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert app.journal is not None and not app.journal.unsaved
        await new_entry_titled(pilot, "Other")
        await pilot.press("escape")  # a successful save, of another entry
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        entries = journal.list_entries()
        assert sorted(e.title for e in entries) == ["Kept", "Other"]
        assert all(journal.revisions(e.id) == [] for e in entries)


async def test_quit_and_lock_save_what_a_failed_save_left_or_stay(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notes = record_notes(app, monkeypatch)
        journal = app.journal
        assert journal is not None
        with monkeypatch.context() as patch:
            patch.setattr(journal_module, "atomic_write", full_disk)
            with pytest.raises(SaveFailed):
                await app.ctx.gate.run(journal.add, Entry(title="Left by a failed save"))
            assert journal.unsaved
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert isinstance(app.screen, JournalScreen) and app.journal is journal
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)  # quit anyway, losing them?
            await pilot.press("enter")  # "Stay" has the focus
            await settle(pilot)
            assert app.return_code is None  # still running
            assert len([n for n in notes if "disk is full" in n]) == 2
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.return_code == 0
    assert [e.title for e in stored(journal_path)] == ["Left by a failed save"]


async def test_auto_lock_covers_an_entry_it_cannot_save(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [Entry(title="Draft")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        entry = app.screen
        assert isinstance(entry, EntryScreen)
        title = entry.query_one("#f-title", Input)
        title.focus()
        await pilot.press("end")
        await type_text(pilot, " Bakker")
        notes = record_notes(app, monkeypatch)
        monkeypatch.setattr(journal_module, "atomic_write", full_disk)
        app.ctx.settings = replace(app.settings, autolock_minutes=1)
        for _ in range(3):  # the idle check runs every few seconds
            app._last_input = time.monotonic() - 120
            app._check_idle()
            await settle(pilot)
        assert isinstance(app.screen, CoverScreen)
        assert sum(isinstance(s, CoverScreen) for s in app.screen_stack) == 1
        assert "Bakker" not in app.export_screenshot()
        assert len([n for n in notes if "disk is full" in n]) == 1  # told once, not each time
        await pilot.press("ctrl+p", "f1")  # nothing opens over the cover
        await settle(pilot)
        assert isinstance(app.screen, CoverScreen)
        app.screen.query_one("#passphrase", Input).value = "not the passphrase"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CoverScreen)
        assert "Wrong passphrase" in str(app.screen.query_one("#cover-message").render())
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is entry
        assert title.value == "Draft Bakker"
        assert len([n for n in notes if "disk is full" in n]) == 2  # the save was tried again
        monkeypatch.setattr(journal_module, "atomic_write", journal_module.atomic_write)
        monkeypatch.undo()
        monkeypatch.setenv("REFLECT_KDF_PROFILE", "insecure-fast")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert entry.save_error is None and not entry.dirty
    assert [e.title for e in stored(journal_path)] == ["Draft Bakker"]


async def test_a_missing_journal_with_backups_is_not_created_anew(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Earlier work")])
    backups = sorted(journal_path.parent.glob("*.bak*"))
    assert backups
    journal_path.unlink()
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MissingJournalScreen)
        assert not app.screen.query(CreateScreen) and not app.screen.query("#new-passphrase")
        text = str(app.screen.query_one("#missing-explain").render())
        assert "reflect check" in text and "journal.reflect.bak1" in text
    assert not journal_path.exists()
    assert sorted(journal_path.parent.glob("*.bak*")) == backups


async def test_quit_anyway_when_a_save_keeps_failing_loses_only_what_was_unsaved(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [Entry(title="Kept")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await new_entry_titled(pilot, "Cannot be saved")
        monkeypatch.setattr(journal_module, "atomic_write", full_disk)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("tab", "enter")  # "Discard changes"
        await settle(pilot)
        assert app.return_code == 0
    monkeypatch.undo()
    assert [e.title for e in stored(journal_path)] == ["Kept"]
