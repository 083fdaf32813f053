"""Small helpers shared by the Pilot tests."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot

from reflect.app import ReflectApp
from reflect.model import Entry
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE, TODAY


def make_journal(path: Path, entries: list[Entry] | None = None) -> None:
    journal, _ = Journal.create(path, PASSPHRASE)
    for entry in entries or []:
        journal.add(entry)
    journal.close()


def app_for(path: Path | None, *, demo: bool = False) -> ReflectApp:
    return ReflectApp(path, demo=demo, lang="en", today=TODAY)


async def settle(pilot: Pilot[int]) -> None:
    """Let workers (journal gate, suggestions) finish and the screen catch up."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` as a fast typist does: one burst (see :func:`burst`)."""
    await burst(pilot, *[c if c != " " else "space" for c in text])


async def unlock(pilot: Pilot[int], passphrase: str = PASSPHRASE) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#passphrase").value = passphrase  # type: ignore[attr-defined]
    await pilot.press("enter")
    await settle(pilot)


_CHARACTERS = {"space": " "}


async def burst(pilot: Pilot[int], *keys: str) -> None:
    """Type ``keys`` the way a terminal delivers a fast typist's keys: all at once, without
    waiting for the app in between (Pilot's ``press`` waits after every key), then wait
    until reflect has handed every key out (reflect.tui.keys)."""
    app = pilot.app
    for key in keys:
        character = _CHARACTERS.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))
    for _ in range(2000):
        await pilot.pause(0.005)
        if not app.is_running:  # a key ended the app (a test of a crash)
            return
        if not app.keys_pending and not app.message_queue_size:  # type: ignore[attr-defined]
            break
    await pilot.pause()
