"""An enter pressed before the app holds the journal's lock (a fast typist right after start,
a loaded machine) is answered once the lock is held, not dropped: the user typed the
passphrase and pressed enter, and the journal opens. Fictional journal."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from reflect.screens import unlock as unlock_module
from reflect.screens.journal import JournalScreen
from reflect.screens.unlock import UnlockScreen
from reflect.vault.storage import JournalLock
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, burst, make_journal

pytestmark = pytest.mark.asyncio


async def test_enter_before_the_lock_is_held_still_unlocks(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    release = threading.Event()

    class SlowLock(JournalLock):
        def acquire(self) -> None:
            release.wait(5)  # the lock comes late: after the enter below
            super().acquire()

    monkeypatch.setattr(unlock_module, "JournalLock", SlowLock)
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, UnlockScreen)
        screen.query_one("#passphrase", Input).focus()
        await burst(pilot, *("space" if c == " " else c for c in PASSPHRASE), "enter")
        assert screen.journal_lock is None  # the enter came first
        release.set()
        deadline = time.monotonic() + 10
        while not isinstance(app.screen, JournalScreen) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert isinstance(app.screen, JournalScreen)
