"""No keystroke waits on the disk or the KDF; failed saves keep the text; hostile input is
shown inert; a huge paste does not freeze the app."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, Static, TextArea

from reflect.errors import SaveFailed
from reflect.model import Entry
from reflect.screens.confirm import ConfirmScreen
from reflect.screens.entry import EntryScreen
from reflect.screens.help import HelpScreen
from reflect.screens.journal import JournalScreen
from reflect.screens.unlock import UnlockScreen
from reflect.vault import journal as journal_module
from reflect.vault.kdf import KdfParams
from reflect.widgets.entry_list import EntryList
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio


async def press_within(pilot: Any, *keys: str, seconds: float = 8.0) -> None:
    """Fail (rather than hang) when the UI does not take the keys while disk/KDF is blocked."""
    await asyncio.wait_for(pilot.press(*keys), timeout=seconds)


async def test_keys_work_while_the_kdf_runs(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    release = threading.Event()
    original = KdfParams.derive

    def slow_derive(self: KdfParams, secret: str) -> bytes:
        release.wait(60)
        return original(self, secret)

    monkeypatch.setattr(KdfParams, "derive", slow_derive)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await press_within(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and app.screen.busy
        await press_within(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await press_within(pilot, "escape")
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_typing_continues_while_saving(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [Entry(title="Draft")])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        release = threading.Event()
        original = journal_module.atomic_write

        def slow_write(*args: Any, **kwargs: Any) -> None:
            release.wait(60)
            original(*args, **kwargs)

        monkeypatch.setattr(journal_module, "atomic_write", slow_write)
        title = app.screen.query_one("#f-title", Input)
        title.focus()
        await press_within(pilot, "end", "x")
        await press_within(pilot, "ctrl+s")
        started = time.monotonic()
        await press_within(pilot, "y", "z")
        assert title.value == "Draftxyz"
        assert time.monotonic() - started < 2
        release.set()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        assert screen.dirty  # "yz" came after the save started
        assert screen.save_error is None


async def test_failed_save_keeps_the_text(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)

        def full_disk(*args: Any, **kwargs: Any) -> None:
            raise SaveFailed("could not save the journal (the disk is full)")

        monkeypatch.setattr(journal_module, "atomic_write", full_disk)
        app.screen.query_one("#f-title", Input).focus()
        await type_text(pilot, "Keep me")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        assert "disk is full" in str(screen.query_one("#entry-status", Static).render())
        await pilot.press("escape")
        for _ in range(5):  # not settle(): the close worker waits on the question
            await pilot.pause(0.05)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # "Stay" has the focus
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#f-title", Input).value == "Keep me"
        monkeypatch.undo()
        monkeypatch.setenv("REFLECT_KDF_PROFILE", "insecure-fast")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.save_error is None and not screen.dirty
        await pilot.press("escape")
        await settle(pilot)
        assert [r.title for r in app.screen.query_one(EntryList).rows] == ["Keep me"]


async def test_escape_sequences_are_shown_inert(journal_path: Path) -> None:
    hostile = "\x1b[31mred\x1b]0;pwned\x07 \u202eevil"
    make_journal(journal_path, [Entry(title=hostile)])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        entries = app.screen.query_one(EntryList)
        line = "".join(segment.text for segment in entries.render_line(0))
        assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
        assert "␛[31mred" in line


async def test_huge_paste_does_not_freeze(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        area = app.screen.query_one("#f-situation", TextArea)
        area.focus()
        big = ("Een cliënt vertelt iets in vertrouwen over haar kinderen. 👩‍👧 שלום\n" * 80_000)[
            :5_000_000
        ]
        started = time.monotonic()
        app.post_message(events.Paste(big))  # as the terminal driver does
        await pilot.pause()
        await press_within(pilot, "x", seconds=5)
        await settle(pilot)
        assert time.monotonic() - started < 3
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        assert screen.draft.situation == "x"  # refused with a message, not half-pasted
        medium = big[:150_000]
        app.post_message(events.Paste(medium))
        await settle(pilot)
        assert len(screen.draft.situation) == 150_001
