"""The evaluation cycle in the app: the journal opens on what is due, ctrl+g evaluates the
entry under the cursor, ctrl+s stores it and opens the next cycle; typed text is never lost.

Keys are typed as a fast typist types them (the burst helper). Every entry is fictional.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from reflect.app import ReflectApp
from reflect.errors import SaveFailed
from reflect.model import Entry, Status
from reflect.screens.confirm import ConfirmScreen
from reflect.screens.entry import EntryScreen
from reflect.screens.evaluate import EvaluateScreen
from reflect.screens.journal import JournalScreen
from reflect.screens.unlock import UnlockScreen
from reflect.vault import journal as journal_module
from reflect.vault.journal import Journal
from reflect.widgets.entry_list import EntryList
from reflect.widgets.field_area import FieldArea
from tests.tui.conftest import PASSPHRASE, TODAY
from tests.tui.helpers import app_for, burst, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio

DUE = Entry(
    title="Fictief: moeder wil het dossier inzien",
    case_code="WT-2099-021",
    decision="Eerst met de jongere praten.",
    status=Status.DECIDED,
    follow_up=date(2026, 3, 10),  # before TODAY (2026-03-16): due
)
LATER = Entry(
    title="Fictief: huisbezoek uitgesteld",
    decision="Volgende week opnieuw langs.",
    status=Status.DECIDED,
    follow_up=date(2026, 4, 1),
)
UNDECIDED = Entry(title="Fictief: nog geen besluit", follow_up=date(2026, 3, 1))

OUTCOME = "De jongere vertelde het zelf aan zijn moeder."
AGAIN = "Eerst de jongere spreken."
LEARNED = "Moeder eerder uitleggen waarom."


def stored(path: Path) -> dict[str, Entry]:
    with Journal.open(path, PASSPHRASE) as journal:
        return {e.title: e for e in journal.list_entries()}


def status_line(app: ReflectApp) -> str:
    return str(app.screen.query_one("#journal-status", Static).render())


async def open_on_due(pilot: Pilot[int], app: ReflectApp) -> JournalScreen:
    await unlock(pilot)
    screen = app.screen
    assert isinstance(screen, JournalScreen)
    return screen


async def test_unlock_opens_on_due_evaluate_and_start_the_next_cycle(journal_path: Path) -> None:
    make_journal(journal_path, [DUE, LATER])
    app = app_for(journal_path)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_on_due(pilot, app)
        assert screen.query_one("#filter", Input).value == "due"
        assert [r.title for r in screen.query_one(EntryList).rows] == [DUE.title]
        assert "1 to evaluate" in status_line(app)

        await pilot.press("ctrl+g")
        await settle(pilot)
        evaluation = app.screen
        assert isinstance(evaluation, EvaluateScreen)
        await type_text(pilot, OUTCOME)
        await burst(pilot, "tab")
        await type_text(pilot, AGAIN)
        await burst(pilot, "tab")
        await type_text(pilot, LEARNED)
        await burst(pilot, "tab")
        await type_text(pilot, "2026-06-01")
        await burst(pilot, "tab", "space")  # tick "start the next cycle"
        assert evaluation.query_one(Checkbox).value
        await pilot.press("ctrl+s")
        await settle(pilot)

        following = app.screen
        assert isinstance(following, EntryScreen)  # the next cycle, open to write
        assert following.draft.follows is not None
        assert LEARNED in following.draft.situation
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.query_one(EntryList).rows == []  # nothing due any more
    entries = stored(journal_path)
    evaluated = entries[DUE.title]
    assert evaluated.status is Status.EVALUATED and evaluated.follow_up is None
    assert (evaluated.evaluation_outcome, evaluated.evaluation_again) == (OUTCOME, AGAIN)
    assert evaluated.evaluation_learned == LEARNED
    [next_cycle] = [e for e in entries.values() if e.follows == evaluated.id]
    assert next_cycle.status is Status.DRAFT and next_cycle.case_code == DUE.case_code
    assert next_cycle.follow_up == date(2026, 6, 1)
    assert DUE.title in next_cycle.title
    assert entries[LATER.title].status is Status.DECIDED  # not touched


async def test_escape_shows_every_entry_again(journal_path: Path) -> None:
    make_journal(journal_path, [DUE, LATER])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_due(pilot, app)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#filter", Input).value == ""
        assert len(screen.query_one(EntryList).rows) == 2
        assert "to evaluate" not in status_line(app)


async def test_nothing_due_opens_the_whole_list(journal_path: Path) -> None:
    make_journal(journal_path, [LATER])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_due(pilot, app)
        assert screen.query_one("#filter", Input).value == ""
        assert len(screen.query_one(EntryList).rows) == 1


async def test_the_filter_shows_the_due_word_in_the_ui_language(journal_path: Path) -> None:
    make_journal(journal_path, [DUE, LATER])
    app = ReflectApp(journal_path, lang="nl", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_due(pilot, app)
        assert screen.query_one("#filter", Input).value == "opvolgen"
        assert [r.title for r in screen.query_one(EntryList).rows] == [DUE.title]
        assert "1 te evalueren" in status_line(app)


async def test_the_evaluate_key_works_from_the_filter_box_and_leaves_typing_alone(
    journal_path: Path,
) -> None:
    make_journal(journal_path, [DUE, LATER])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_on_due(pilot, app)
        await pilot.press("escape", "slash")
        await type_text(pilot, "huisbezoek g")  # a "g" typed is text, not the key
        assert screen.query_one("#filter", Input).value == "huisbezoek g"
        await burst(pilot, "backspace", "backspace")
        await settle(pilot)
        assert [r.title for r in screen.query_one(EntryList).rows] == [LATER.title]
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, EvaluateScreen)
        assert app.screen.entry.title == LATER.title


async def test_an_entry_without_a_decision_is_refused_before_typing(journal_path: Path) -> None:
    make_journal(journal_path, [UNDECIDED])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_due(pilot, app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert any("no decision yet" in str(n.message) for n in app._notifications)


async def until_confirm(pilot: Pilot[int], app: ReflectApp) -> None:
    """Wait for the question (not for the workers: the one closing waits for the answer)."""
    for _ in range(200):
        if isinstance(app.screen, ConfirmScreen):
            return
        await pilot.pause(0.02)
    raise AssertionError("no question asked")


async def test_escape_asks_before_dropping_typed_answers(journal_path: Path) -> None:
    make_journal(journal_path, [DUE])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_due(pilot, app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, OUTCOME)
        await pilot.press("escape")
        await until_confirm(pilot, app)
        await pilot.press("escape")  # no: stay
        await settle(pilot)
        evaluation = app.screen
        assert isinstance(evaluation, EvaluateScreen)
        assert evaluation.answers()["evaluation_outcome"] == OUTCOME
        await pilot.press("escape")
        await until_confirm(pilot, app)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    kept = stored(journal_path)[DUE.title]
    assert kept.status is Status.DECIDED and kept.evaluation_outcome == ""


async def test_a_lock_keeps_the_typed_answers_and_the_entry_stays_due(journal_path: Path) -> None:
    make_journal(journal_path, [DUE])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_due(pilot, app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, OUTCOME)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("ctrl+g")  # still due: the list opened on it again
        await settle(pilot)
        evaluation = app.screen
        assert isinstance(evaluation, EvaluateScreen)
        assert evaluation.answers()["evaluation_outcome"] == OUTCOME
    kept = stored(journal_path)[DUE.title]
    assert kept.evaluation_outcome == OUTCOME
    assert kept.status is Status.DECIDED and kept.follow_up == DUE.follow_up


async def test_a_bad_date_is_said_and_nothing_is_stored(journal_path: Path) -> None:
    make_journal(journal_path, [DUE])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_due(pilot, app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, OUTCOME)
        await burst(pilot, "tab", "tab", "tab")
        await type_text(pilot, "volgende week")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EvaluateScreen)  # still here, text and all
        assert any("volgende week" in str(n.message) for n in app._notifications)
    assert stored(journal_path)[DUE.title].status is Status.DECIDED


class WidgetBug(RuntimeError):
    """A stand-in for a bug in a widget's handler."""


async def test_a_crash_keeps_the_typed_answers(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [DUE])
    app = app_for(journal_path)
    with monkeypatch.context() as patch, pytest.raises(WidgetBug):
        async with app.run_test(size=(80, 24)) as pilot:
            await open_on_due(pilot, app)
            await pilot.press("ctrl+g")
            await settle(pilot)
            await type_text(pilot, OUTCOME)

            def broken(self: FieldArea, event: events.Key) -> None:
                raise WidgetBug("a fictional bug in the text area")

            patch.setattr(FieldArea, "_on_key", broken, raising=False)
            await burst(pilot, "x")  # the next key into the text area hits the bug
            await pilot.pause()
    assert app.return_code == 1
    kept = stored(journal_path)[DUE.title]
    assert kept.evaluation_outcome == OUTCOME and kept.status is Status.DECIDED


def full_disk(*args: object, **kwargs: object) -> None:
    raise SaveFailed("could not save the journal (the disk is full)")


async def test_a_failed_save_keeps_the_screen_and_a_retry_starts_one_next_cycle(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [DUE])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_due(pilot, app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await type_text(pilot, LEARNED)
        await burst(pilot, "tab", "tab", "tab", "tab", "space")  # to the box, ticked
        with monkeypatch.context() as patch:
            patch.setattr(journal_module, "atomic_write", full_disk)
            await pilot.press("ctrl+s")
            await settle(pilot)
            evaluation = app.screen
            assert isinstance(evaluation, EvaluateScreen)  # still here, text and all
            assert evaluation.answers()["evaluation_outcome"] == LEARNED
        await pilot.press("ctrl+s")  # the disk has room again
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
    entries = stored(journal_path)
    assert entries[DUE.title].status is Status.EVALUATED
    assert len([e for e in entries.values() if e.follows]) == 1


async def test_the_time_zone_is_chosen_in_the_settings_screen(journal_path: Path) -> None:
    """f2: a zone that is no zone is refused with a message and nothing applied; a real one
    is kept in the settings and decides the app's day from then on."""
    from reflect.operations.settings import load_settings
    from reflect.screens.settings import SettingsScreen

    make_journal(journal_path)
    app = ReflectApp(journal_path, lang="en")  # no fixed day: the settings' zone decides
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await burst(pilot, "f2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#setting-zone", Input).focus()
        await type_text(pilot, "Europe/Amsterdamm")
        await burst(pilot, "enter")
        await settle(pilot)
        assert app.screen is screen  # refused: not a zone
        assert any("Europe/Amsterdamm" in n.message for n in app._notifications)
        await burst(pilot, "backspace")
        await burst(pilot, "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.ctx.settings.time_zone == "Europe/Amsterdam"
    assert load_settings().settings.time_zone == "Europe/Amsterdam"
