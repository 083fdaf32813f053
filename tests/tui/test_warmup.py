"""Issue 11, no silent minutes: after the first unlock the app builds the identifier check's
lookup tables in a low-priority child process, tells the user, and keys never wait for it.

The child is a fake that tells its progress as ``python -m reflect.privacy.warmup`` does and
holds half-way until the test lets it go, so the test types while the build is running.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from reflect.privacy import lookup_cache, warmup
from reflect.screens.journal import JournalScreen
from tests.test_privacy_speed import FAKE_CHILD
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, burst, make_journal


async def wait_until(pilot: Any, condition: Callable[[], bool], seconds: float = 20) -> None:
    """Pause until ``condition`` holds, without waiting for every worker (the warm-up runs)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await pilot.pause(0.02)


@pytest.fixture
def fake_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv(lookup_cache.ENV_FOLDER, str(tmp_path / "lookup"))
    state: dict[str, Any] = {"starts": [], "release": tmp_path / "release"}

    def command(*, low_priority: bool) -> list[str]:
        state["starts"].append(low_priority)
        target = str(lookup_cache.cache_file())
        return [sys.executable, "-c", FAKE_CHILD, target, str(state["release"])]

    monkeypatch.setattr(warmup, "child_command", command)
    return state


def passphrase_focused(app: Any) -> bool:
    """The unlock screen is up and its field has the focus: an enter pressed before that
    (under load, right after a lock) would go nowhere."""
    return getattr(app.focused, "id", None) == "passphrase"


def status(app: Any) -> str:
    return str(app.screen.query_one("#journal-status", Static).render())


def record_notifications(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    told: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        told.append(message)
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return told


@pytest.mark.asyncio
async def test_the_first_unlock_builds_in_the_background_and_keys_never_wait(
    journal_path: Path, fake_child: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    told = record_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: passphrase_focused(app))
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen))
        # started once, at low priority, and said so
        await wait_until(pilot, lambda: any("in the background" in m for m in told))
        assert fake_child["starts"] == [True]
        assert not lookup_cache.is_ready()
        # keys while the build runs: each handled at once, none waits for the build
        await pilot.press("slash")
        started = time.monotonic()
        await asyncio.wait_for(burst(pilot, *"veilig"), timeout=5)
        assert app.screen.query_one("#filter", Input).value == "veilig"
        assert time.monotonic() - started < 5
        assert not lookup_cache.is_ready()  # typed while the child was still building
        # the journal's status line tells how far the build is
        await wait_until(pilot, lambda: "Preparing the identifier check" in status(app))
        assert "%" in status(app)
        # let the build finish: the app says the check is ready, and the status line forgets it
        fake_child["release"].write_text("go")
        await wait_until(pilot, lambda: any("is ready" in m for m in told))
        assert lookup_cache.is_ready()
        assert "identifier check" not in status(app)
        # locking and unlocking again does not start a second build
        app.lock_journal(automatic=False)
        await wait_until(pilot, lambda: passphrase_focused(app))
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen))
        await pilot.pause(0.2)
        assert fake_child["starts"] == [True]


@pytest.mark.asyncio
async def test_with_the_tables_built_the_app_starts_nothing(
    journal_path: Path, tmp_path: Path, fake_child: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = lookup_cache.cache_file()
    target.parent.mkdir(parents=True)
    target.write_bytes(b"tables")
    make_journal(journal_path)
    app = app_for(journal_path)
    told = record_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: passphrase_focused(app))
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen))
        await pilot.app.workers.wait_for_complete()
    assert fake_child["starts"] == []
    assert not any("identifier check" in m for m in told)


def test_the_background_child_lowers_its_own_priority(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """``--low-priority`` (what the app passes) makes the child nice itself before it
    builds; without it (``reflect export``, where the user waits) it does not."""
    from reflect.privacy import lookup_cache

    niced: list[int] = []
    monkeypatch.setattr(os, "nice", lambda n: niced.append(n) or n)
    monkeypatch.setattr(lookup_cache, "build_cache", lambda progress, waiting: progress(1, "x"))
    stdout = sys.stdout
    monkeypatch.setattr(sys, "stdout", stdout)  # main points stdout at stderr: restored
    assert warmup.main(["--low-priority"]) == 0
    assert niced == [warmup.BACKGROUND_NICE]
    sys.stdout = stdout
    assert warmup.main([]) == 0
    assert niced == [warmup.BACKGROUND_NICE]
    out = capfd.readouterr().out.split()
    assert out.count("ready") == 2
