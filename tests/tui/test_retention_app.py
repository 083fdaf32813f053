"""The app and retention: after an unlock it offers to destroy the entries past their
delete-after date, destroys them by keypress (and from every backup), keeps them on "not
now", marks them in the list, and its filter ``expired`` selects what ``reflect list
--filter expired`` and ``reflect purge`` select. Every entry here is fictional."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from reflect.app import ReflectApp
from reflect.cli import main
from reflect.model import Entry
from reflect.operations.settings import Settings, load_settings, save_settings
from reflect.screens.journal import JournalScreen
from reflect.screens.retention import DueEntriesScreen
from reflect.screens.settings import SettingsScreen
from reflect.vault import format as fmt
from reflect.vault.journal import Journal
from reflect.widgets.entry_list import EntryList
from tests.journal_files import plaintext_of
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import burst, make_journal, settle, unlock

pytestmark = pytest.mark.asyncio

CANARY = "Wulp-H2sX-5bRk-canary"
DUE = {"Eigen datum verstreken", "Termijn verstreken"}
ALL = DUE | {"Eigen datum later", "Net geschreven"}


def make_due_journal(path: Path) -> None:
    """Two entries due (one by its own date, one by the 12-month default period of the
    settings) and two that are not, whatever today's date; backups holding all of them."""
    journal, _ = Journal.create(path, PASSPHRASE)
    now = datetime.now(UTC)
    journal.add_many(
        [
            Entry(title="Eigen datum verstreken", situation=CANARY, delete_after=date(2020, 1, 1)),
            Entry(title="Termijn verstreken", created=datetime(2019, 5, 31, 12, tzinfo=UTC)),
            Entry(title="Eigen datum later", created=datetime(2019, 5, 31, 12, tzinfo=UTC),
                  delete_after=date(2999, 1, 1)),
            Entry(title="Net geschreven", created=now),
        ]
    )  # fmt: skip
    journal.close()
    for n in (1, 2):
        shutil.copy(path, Path(f"{path}.bak{n}"))
    save_settings(Settings(retention_months=12))


def app_today(path: Path) -> ReflectApp:
    # The real today, as the command line uses it, so both faces judge the same dates.
    return ReflectApp(path, lang="en", today=date.today())


def titles(path: Path) -> set[str]:
    with Journal.open(path, PASSPHRASE) as journal:
        return {e.title for e in journal.list_entries()}


def shown_titles(app: ReflectApp) -> set[str]:
    return {row.title for row in app.screen.query_one(EntryList).rows}


async def test_after_unlock_the_app_offers_and_destroys_due_entries_by_keypress(
    journal_path: Path,
) -> None:
    make_due_journal(journal_path)
    app = app_today(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        offer = app.screen
        assert isinstance(offer, DueEntriesScreen)
        assert {d.title for d in offer.due} == DUE
        assert app.focused is not None and app.focused.id == "due-later"  # the safe default
        await burst(pilot, "tab", "enter")  # to "Destroy 2 entries", and press it
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert shown_titles(app) == ALL - DUE
        await burst(pilot, "ctrl+d")  # asked again: nothing is due now
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert titles(journal_path) == ALL - DUE
    for copy in sorted(journal_path.parent.glob("journal.reflect.bak*")):
        parsed = fmt.parse(copy.read_bytes())
        key = fmt.unlock_data_key(parsed.header, PASSPHRASE, fmt.SLOT_PASSPHRASE)
        assert CANARY not in plaintext_of(parsed, key).decode("utf-8"), copy.name


async def test_not_now_keeps_them_marked_and_ctrl_d_offers_again(journal_path: Path) -> None:
    make_due_journal(journal_path)
    app = app_today(journal_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DueEntriesScreen)
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        entry_list = app.screen.query_one(EntryList)
        marks = {
            row.title: entry_list.render_line(y).text[DATE_AND_STATUS : DATE_AND_STATUS + 1]
            for y, row in enumerate(entry_list.rows)
        }
        assert {title for title, mark in marks.items() if mark == "✕"} == DUE
        await burst(pilot, "ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, DueEntriesScreen)
        await burst(pilot, "enter")  # enter on the focused "Not now"
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert titles(journal_path) == ALL


DATE_AND_STATUS = 10 + 1 + 11 + 1  # where the marker column starts (see EntryList)


async def test_the_apps_filter_and_the_command_line_select_the_same_expired_entries(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_due_journal(journal_path)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    assert main(["list", "--filter", "expired", "--json"]) == 0
    by_list = {e["title"] for e in json.loads(capsys.readouterr().out)}
    assert main(["purge", "--dry-run", "--json"]) == 0
    by_purge = {d["title"] for d in json.loads(capsys.readouterr().out)["due"]}

    app = app_today(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, DueEntriesScreen)
        by_offer = {d.title for d in app.screen.due}
        await burst(pilot, "escape")
        await settle(pilot)
        app.screen.query_one("#filter", Input).value = "verlopen"
        await settle(pilot)
        by_app = shown_titles(app)

    assert by_list == by_purge == by_offer == by_app == DUE


async def test_the_default_period_is_set_in_the_settings_screen(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_today(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await burst(pilot, "f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one("#setting-retention", Input)
        field.focus()
        await burst(pilot, "end", "backspace", "2", "0", "0", "0", "enter")
        await settle(pilot)
        assert app.screen is screen  # 2000 months: refused with a message, nothing applied
        await burst(pilot, "backspace", "backspace", "backspace", "backspace", "1", "8", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.ctx.settings.retention_months == 18
    assert load_settings().settings.retention_months == 18
