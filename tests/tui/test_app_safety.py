"""App-wide promises: a bug never prints secrets, a one-run --lang is not remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from reflect.i18n import t
from reflect.model import Entry
from reflect.operations.settings import load_settings
from reflect.screens.unlock import UnlockScreen
from tests.tui.helpers import app_for, make_journal, settle, unlock


@pytest.mark.asyncio
async def test_a_bug_ends_the_app_with_one_line_and_no_local_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = app_for(None, demo=True)
    secret = "passphrase-in-a-local-variable"

    def broken_action() -> None:
        passphrase = secret  # what Textual's traceback would show among the locals
        raise RuntimeError(f"boom {len(passphrase)}")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.call_later(broken_action)
            await pilot.pause()
    assert app.return_code == 1
    shown = " ".join(capsys.readouterr().err.split())
    assert shown == f"reflect: {t('tui.error.internal', kind='RuntimeError')}"
    assert secret not in shown and "Traceback" not in shown


@pytest.mark.asyncio
async def test_worker_descriptions_never_hold_the_passphrase(journal_path: object) -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        app.screen.query_one("#passphrase").value = "a-wrong-passphrase"  # type: ignore[attr-defined]
        await pilot.press("enter")
        described = [w.description for w in app.workers]
        await settle(pilot)
    assert not any("a-wrong-passphrase" in d for d in described)


@pytest.mark.asyncio
async def test_a_language_given_for_one_run_is_not_saved_with_a_theme_change() -> None:
    app = app_for(None, demo=True)  # lang="en" as if from --lang en
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._saved_language = "nl"  # what the settings file said before this run
        await pilot.press("f4")  # next theme: saves settings
        await settle(pilot)
    saved = load_settings().settings
    assert saved.language == "nl"
    assert saved.theme == app.settings.theme


@pytest.mark.asyncio
async def test_brackets_in_a_path_are_shown_not_read_as_markup(tmp_path: Path) -> None:
    # A folder name like "[/x]" is a Rich closing tag: read as markup it crashed the app.
    path = tmp_path / "[/x]" / "[b]journal.reflect"
    make_journal(path, [Entry(title="eerste"), Entry(title="tweede")])  # saves leave backups
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF  # damaged: the message names the path and the backup
    path.write_bytes(bytes(data))
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.notify(f"could not read {path}")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        message = str(app.screen.query_one("#unlock-message", Static).render())
        assert "[b]journal.reflect.bak1" in message and "reflect check" in message
    assert app.return_code in (None, 0)
