"""The private Textual APIs reflect relies on (see reflect/tui/compat.py), checked against
the installed Textual: when a bug escapes a handler, Textual's ``App._handle_exception`` calls
``App._fatal_error``, which :class:`~reflect.tui.compat.QuietCrash` replaces so the app saves
what is typed and exits 1 with one line, instead of a traceback with local variables.

If Textual renames that hook or stops calling it, these tests fail (and a traceback showing
passphrases and entry text would be printed again): adapt ``compat.py`` then. The last test
does the same for the other private name there, the flag ``Message.stop()`` sets.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import RenderableType
from rich.text import Text
from textual.app import App
from textual.events import Key
from textual.widgets import Input
from textual.worker import WorkerFailed

from reflect.app import ReflectApp
from reflect.i18n import t
from reflect.screens.entry import EntryScreen
from reflect.tui import compat
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio

SECRET = "passphrase-in-a-local-variable"


class Boom(Exception):
    """A bug of reflect's own (its name must reach the one line: sys.exc_info() was set)."""


def broken() -> None:
    passphrase = SECRET  # what Textual's own printout would show among the locals
    raise Boom(f"boom {len(passphrase)}")


async def broken_worker() -> None:
    broken()


def record_exit(app: ReflectApp) -> dict[str, Any]:
    """How often ``_fatal_error`` ran, and what the app queued to print on exit (taken just
    before Textual prints and clears it)."""
    seen: dict[str, Any] = {"fatal_error_calls": 0}
    fatal_error = app._fatal_error
    print_errors = app._print_error_renderables

    def spy_fatal_error() -> None:
        seen["fatal_error_calls"] += 1
        fatal_error()

    def spy_print_errors() -> None:
        seen["exit_renderables"] = list(app._exit_renderables)
        print_errors()

    app._fatal_error = spy_fatal_error  # type: ignore[method-assign]
    app._print_error_renderables = spy_print_errors  # type: ignore[method-assign]
    return seen


def one_line(kind: str) -> str:
    return f"reflect: {t('tui.error.internal', kind=kind)}"


def assert_quiet_exit(
    app: ReflectApp, seen: dict[str, Any], err: str, *, kind: str = "Boom"
) -> None:
    assert app.return_code == 1
    assert seen["fatal_error_calls"] == 1
    renderables: list[RenderableType] = seen["exit_renderables"]
    # Only our one line: no Rich Traceback (Textual pre-renders it into Segments).
    assert [type(r) for r in renderables] == [Text], renderables
    assert str(renderables[0]) == one_line(kind)
    shown = " ".join(err.split())
    assert shown == one_line(kind)
    assert SECRET not in err and "Traceback" not in err


async def test_textual_still_calls_the_private_hook_quietcrash_replaces() -> None:
    hook = getattr(App, compat.PRIVATE_HOOK, None)
    assert compat.PRIVATE_HOOK == "_fatal_error"
    assert callable(hook), f"textual.app.App.{compat.PRIVATE_HOOK} is gone"
    assert inspect.signature(hook).parameters.keys() == {"self"}
    source = inspect.getsource(App._handle_exception)
    assert f"self.{compat.PRIVATE_HOOK}()" in source, "Textual no longer calls the hook"
    # ... and the app's class really uses QuietCrash's version of it.
    assert getattr(ReflectApp, compat.PRIVATE_HOOK) is getattr(
        compat.QuietCrash, compat.PRIVATE_HOOK
    )


def in_a_widget_handler(app: ReflectApp) -> str | None:
    (app.screen.focused or app.screen).call_later(broken)
    return None


def in_a_worker(app: ReflectApp) -> str | None:
    app.run_worker(broken_worker(), name="broken")
    return None


def in_an_app_callback(app: ReflectApp) -> str | None:
    app.call_next(broken)
    return None


def in_an_app_key_binding(app: ReflectApp) -> str | None:
    app.action_help = broken  # type: ignore[method-assign]
    return "f1"


@pytest.mark.parametrize(
    ("make_it_fail", "raised"),
    [
        (in_a_widget_handler, Boom),
        (in_a_worker, WorkerFailed),
        (in_an_app_callback, Boom),
        (in_an_app_key_binding, Boom),
    ],
    ids=["widget-handler", "worker", "app-callback", "app-key-binding"],
)
async def test_a_bug_in_a_running_app_exits_1_with_one_line_and_no_traceback(
    capsys: pytest.CaptureFixture[str],
    make_it_fail: Callable[[ReflectApp], str | None],
    raised: type[Exception],
) -> None:
    app = app_for(None, demo=True)
    seen = record_exit(app)
    with pytest.raises(raised):  # Pilot re-raises the app's exception at the end
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            if key := make_it_fail(app):
                await pilot.press(key)
            await pilot.pause()
            await settle(pilot)
    assert_quiet_exit(app, seen, capsys.readouterr().err)


async def test_a_bug_saves_the_entry_being_typed_before_the_app_ends(
    capsys: pytest.CaptureFixture[str], journal_path: Path
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    seen = record_exit(app)
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, EntryScreen)
            title = screen.query_one("#f-title", Input)
            title.focus()
            await type_text(pilot, "Fictief: crash")
            assert screen.exit_snapshot() is not None  # typed, not saved
            title.call_later(broken)  # the bug: in the entry screen's own field
            await pilot.pause()
            await settle(pilot)
    assert_quiet_exit(app, seen, capsys.readouterr().err)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert [e.title for e in journal.list_entries()] == ["Fictief: crash"]
        assert [n["reason"] for n in journal.take_recovered()] == ["error"]


async def test_a_failing_save_on_the_way_out_does_not_stop_the_quiet_exit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = app_for(None, demo=True)
    seen = record_exit(app)

    def save_fails() -> None:
        raise OSError("the disk went away")

    app.save_before_crash = save_fails  # type: ignore[method-assign]
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            in_a_widget_handler(app)
            await pilot.pause()
            await settle(pilot)
    assert_quiet_exit(app, seen, capsys.readouterr().err)


async def test_message_stop_still_sets_the_private_flag_key_was_stopped_reads() -> None:
    # compat.key_was_stopped (used by reflect.tui.keys) reads Message._stop_propagation.
    event = Key("a", "a")
    assert hasattr(event, compat.STOPPED_FLAG)
    assert not compat.key_was_stopped(event)
    event.stop()
    assert compat.key_was_stopped(event)
    event.stop(False)
    assert not compat.key_was_stopped(event)


class RichBoom(Exception):
    """An error that renders itself: Textual ends the app through ``panic``, not the hook."""

    def __rich__(self) -> str:
        return "a fictional error that renders itself"


def broken_rich() -> None:
    raise RichBoom("boom")


async def test_an_error_that_renders_itself_still_saves_the_entry(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    with pytest.raises(RichBoom):
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, EntryScreen)
            await type_text(pilot, "Fictief: zelf getoonde fout")
            screen.query_one("#f-title", Input).call_later(broken_rich)
            await pilot.pause()
            await settle(pilot)
    assert app.return_code == 1
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert [e.title for e in journal.list_entries()] == ["Fictief: zelf getoonde fout"]
        assert [n["reason"] for n in journal.take_recovered()] == ["error"]
