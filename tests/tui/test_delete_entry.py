"""Deleting one entry in the app, by keypress: a question whose default keeps it, then the
entry gone from the journal and from every backup. Every entry here is fictional."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reflect.app import ReflectApp
from reflect.model import Entry
from reflect.screens.confirm import ConfirmScreen
from reflect.screens.journal import JournalScreen
from reflect.vault import format as fmt
from reflect.vault.journal import Journal
from reflect.widgets.entry_list import EntryList
from tests.journal_files import plaintext_of
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import burst, settle, unlock

pytestmark = pytest.mark.asyncio

CANARY = "Grutto-7Qp2-canary"


def make(path: Path) -> None:
    journal, _ = Journal.create(path, PASSPHRASE)
    journal.add_many([Entry(title="Blijft"), Entry(title="Weg ermee", situation=CANARY)])
    journal.close()
    shutil.copy(path, Path(f"{path}.bak1"))  # a backup that holds the entry too


def titles(path: Path) -> set[str]:
    with Journal.open(path, PASSPHRASE) as journal:
        return {e.title for e in journal.list_entries()}


async def select(app: ReflectApp, pilot: object, title: str) -> None:
    entry_list = app.screen.query_one(EntryList)
    entry_list.focus()
    while entry_list.current is not None and entry_list.current.title != title:
        await burst(pilot, "down")  # type: ignore[arg-type]


async def test_delete_asks_first_and_escape_keeps_the_entry(journal_path: Path) -> None:
    make(journal_path)
    app = ReflectApp(journal_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await select(app, pilot, "Weg ermee")
        await burst(pilot, "delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await burst(pilot, "enter")  # the focused default: keep it
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert titles(journal_path) == {"Blijft", "Weg ermee"}


async def test_delete_by_keypress_removes_it_from_the_journal_and_every_backup(
    journal_path: Path,
) -> None:
    make(journal_path)
    app = ReflectApp(journal_path, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await select(app, pilot, "Weg ermee")
        await burst(pilot, "delete", "tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert {row.title for row in app.screen.query_one(EntryList).rows} == {"Blijft"}
    assert titles(journal_path) == {"Blijft"}
    for copy in [journal_path, *journal_path.parent.glob("journal.reflect.bak*")]:
        parsed = fmt.parse(copy.read_bytes())
        key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
        assert CANARY not in plaintext_of(parsed, key).decode("utf-8"), copy.name
