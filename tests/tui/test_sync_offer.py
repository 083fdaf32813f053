"""After an unlock the app notices a conflict copy that a sync tool left beside the journal,
says what merging it adds, and merges it (or leaves it, when asked to); a copy it cannot
merge is named with why, and the merge button stays off. Fictional data only."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Static

from reflect.model import Entry
from reflect.screens.journal import JournalScreen
from reflect.screens.sync import SyncScreen
from reflect.vault.journal import Journal
from reflect.vault.storage import existing_backups
from reflect.widgets.entry_list import EntryList
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, unlock

pytestmark = pytest.mark.asyncio

COPY = "journal (Jan's conflicted copy 2026-03-15).reflect"


def conflict_copy(journal_path: Path) -> Path:
    """The journal as another device saved it: one entry more, beside the journal."""
    other = journal_path.parent.parent / "laptop" / "journal.reflect"
    other.parent.mkdir()
    shutil.copyfile(journal_path, other)
    with Journal.open(other, PASSPHRASE) as journal:
        journal.add(Entry(title="Op de laptop geschreven"))
    copy = journal_path.with_name(COPY)
    shutil.copyfile(other, copy)
    return copy


def titles(path: Path) -> list[str]:
    with Journal.open(path, PASSPHRASE) as journal:
        return sorted(e.title for e in journal.list_entries())


def shown(screen: SyncScreen) -> str:
    return "\n".join(str(s.render()) for s in screen.query("#sync-list Static").results(Static))


def collect_notes(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notes: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append(message)
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return notes


async def test_the_app_offers_to_merge_a_conflict_copy_and_merges_it(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [Entry(title="Op het werk geschreven")])
    copy = conflict_copy(journal_path)
    app = app_for(journal_path)
    notes = collect_notes(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        text = shown(screen)
        assert COPY in text
        assert "1 entry only the copy has is added." in text
        assert app.focused is screen.query_one("#sync-later"), "not now is the default"

        await pilot.click("#sync-merge")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert "1 copy merged into the journal and kept as a backup." in notes
        rows = app.screen.query_one(EntryList).rows
        assert sorted(r.title for r in rows) == [
            "Op de laptop geschreven",
            "Op het werk geschreven",
        ]
    assert not copy.exists()
    assert titles(journal_path) == ["Op de laptop geschreven", "Op het werk geschreven"]
    assert titles(existing_backups(journal_path)[0]) == [
        "Op de laptop geschreven",
        "Op het werk geschreven",
    ]


async def test_not_now_leaves_everything_as_it_was(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Op het werk geschreven")])
    copy = conflict_copy(journal_path)
    before = {p.name: p.read_bytes() for p in journal_path.parent.iterdir() if p.is_file()}
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, SyncScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    after = {p.name: p.read_bytes() for p in journal_path.parent.iterdir() if p.is_file()}
    assert after == before
    assert copy.exists()


async def test_a_damaged_copy_is_named_and_cannot_be_merged(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Op het werk geschreven")])
    copy = conflict_copy(journal_path)
    blob = bytearray(copy.read_bytes())
    blob[-3] ^= 0x01
    copy.write_bytes(bytes(blob))
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        assert "Cannot be merged here" in shown(screen)
        assert screen.query_one("#sync-merge", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
    assert copy.read_bytes() == bytes(blob)


async def test_no_offer_without_copies(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Op het werk geschreven")])
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, JournalScreen)
