"""Snapshots of every screen at 80x24 and 120x40, on fixed data, a fixed clock and a still
cursor.

What makes them repeatable (each is run many times in a row before it is committed):

- the data: a journal made here with fixed entry ids and timestamps (``add_many`` keeps
  them), one entry with an earlier version saved at a fixed moment, and the conftest's
  fixed "today";
- the clock: the journal's ``now_utc`` is fixed and the time zone is UTC, so "saved 09:30"
  and revision stamps never move;
- the paths on screen: the test runs in its own folder and opens ``journal.reflect``
  there, a relative path, exactly what ``reflect --journal journal.reflect`` shows; the
  documents folder (``XDG_DOCUMENTS_DIR``) is a fixed fictional one, so the default export
  folder reads the same everywhere;
- the cursor: Textual blinks the cursor of an Input or TextArea every half second, and a
  screenshot could catch either phase. :func:`still` turns the blink off on every such
  widget once the scenario has settled, which leaves the focused one's cursor shown;
- the timing: animations are off (conftest), every scenario ends by waiting for the
  workers (the journal gate, suggestions) and the suggestion debounce, and the
  de-identifier of the export screen is a stub that is ready at once.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from reflect.demo import demo_entries
from reflect.model import ENTRY_ID_ALPHABET, Entry
from reflect.privacy.rules import Match
from reflect.screens import export as export_module
from reflect.screens.entry import EntryScreen
from reflect.screens.framework import FrameworkScreen
from reflect.screens.journal import JournalScreen
from reflect.screens.unlock import MissingJournalScreen
from reflect.vault import journal as journal_module
from reflect.vault.journal import Journal
from reflect.widgets.article_picker import ArticlePicker
from reflect.widgets.entry_list import EntryList
from tests.tui.conftest import PASSPHRASE, TODAY
from tests.tui.helpers import app_for, settle, unlock

Scenario = Callable[[Pilot[int]], Awaitable[None]]

FIXED = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 30, tzinfo=UTC)
EDITED = FIXED - timedelta(days=3, hours=1, minutes=15)  # when the earlier version was replaced
JOURNAL = Path("journal.reflect")  # relative to the test's own folder: see the docstring
DOCUMENTS = "/home/sanne/Documents"  # fictional; only read to name the export folder

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


class NoNames:
    """A de-identifier that finds no names (the own rules still run), ready at once."""

    def find(self, text: str) -> list[Match]:
        return []


@pytest.fixture(autouse=True)
def fixed_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(journal_module, "now_utc", lambda: FIXED)
    monkeypatch.setenv("TZ", "UTC")
    # The default export folder is on the export and settings screens. The top conftest puts
    # it in tmp_path; here it is a fixed, fictional folder. Nothing is written there: these
    # tests export nothing.
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", DOCUMENTS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(export_module, "loaded_name_detector", lambda: NoNames())
    monkeypatch.setattr(export_module, "load_name_detector", lambda progress=None: NoNames())
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fixed_id(n: int) -> str:
    return ("snap" + ENTRY_ID_ALPHABET[n] * 6)[:10]


def snapshot_entries() -> list[Entry]:
    """The demo's fictional entries, oldest first, with fixed ids and timestamps; the
    second follows the Dilemmamethode, halfway through."""
    entries = demo_entries(TODAY)
    dated = []
    for n, entry in enumerate(entries):
        weeks_ago = 3 * (len(entries) - n)
        stamp = datetime.combine(TODAY - timedelta(weeks=weeks_ago), clock(16, 30), tzinfo=UTC)
        dated.append(replace(entry, id=fixed_id(n), created=stamp, updated=stamp))
    dated[1] = replace(
        dated[1],
        method="dilemmamethode",
        question="Hoe help ik meneer zijn woning te houden zonder zijn regie over te nemen?",
        method_answers={
            "introductie": "Intervisie met drie collega's; wat hier gezegd wordt blijft hier.",
        },
    )
    return dated


def earlier_version(entry: Entry) -> Entry:
    """What the first entry said before its last editing session."""
    return replace(
        entry,
        decision="Afwachten tot het volgende huisbezoek.",
        rationale="",
        feelings="Onrustig.",
        articles=entry.articles[:1],
        follow_up=None,
    )


def make_snapshot_journal(path: Path) -> None:
    journal, _ = Journal.create(path, PASSPHRASE)
    entries = snapshot_entries()
    current = entries[0]
    entries[0] = replace(earlier_version(current), updated=current.created)
    journal.add_many(entries)
    with mock.patch.object(journal_module, "now_utc", lambda: EDITED):
        journal.update(current, keep_revision=True)  # keeps the earlier version
    journal.close()


def app_for_screen(name: str) -> Any:
    """The app on the journal made here; "create" finds no journal, "missing_journal" only
    its backups."""
    if name != "create":
        make_snapshot_journal(JOURNAL)
    if name == "missing_journal":
        JOURNAL.unlink()  # the backup the update left stays
    return app_for(JOURNAL)


# ---- scenario helpers ---------------------------------------------------------------------


async def settled(pilot: Pilot[int]) -> None:
    """Workers done, the suggestion debounce run, the suggestions themselves arrived."""
    await settle(pilot)
    await pilot.pause(0.4)  # the suggestion debounce
    await settle(pilot)
    # Under load the debounce timer can fire late: wait for the suggestions themselves.
    pickers = pilot.app.screen.query(ArticlePicker)
    for _ in range(100):
        if not pickers or pickers.first().suggestions:
            break
        await pilot.pause(0.05)
        await settle(pilot)


def still(scenario: Scenario) -> Scenario:
    """Run the scenario, then stop every cursor blinking (on every screen, modal or not), so
    the screenshot never catches a cursor mid-blink. The focused widget's cursor stays
    shown: with the blink off, Input and TextArea draw it whenever they have focus."""

    async def run(pilot: Pilot[int]) -> None:
        # The catalogue loads in a thread at start; under load it can arrive in the middle of
        # a scenario and lay an entry out again. Start every scenario with it in place.
        for _ in range(400):
            if pilot.app.ctx.catalog is not None:  # type: ignore[attr-defined]
                break
            await pilot.pause(0.025)
        await scenario(pilot)
        await settled(pilot)
        for screen in pilot.app.screen_stack:
            for widget in screen.query("Input, TextArea"):
                if isinstance(widget, Input | TextArea):
                    widget.cursor_blink = False
                    if isinstance(widget, TextArea):
                        # With the blink off, TextArea's line cache keys a focused line the
                        # same as one drawn earlier in another state (the cursor position
                        # drops out of its key), so a stale line could be reused: the cursor
                        # line's highlight then varied from run to run. Draw every line anew.
                        widget._line_cache.clear()
                    widget.refresh()  # redraw now with the blink off, not on a later tick
        await settled(pilot)
        await pilot.pause()

    return run


async def to_list(pilot: Pilot[int]) -> None:
    await unlock(pilot)
    assert isinstance(pilot.app.screen, JournalScreen)
    await settled(pilot)
    # The list opens on the entries due to evaluate (test_snapshots_evaluate.py shows that);
    # escape clears that filter, and every scenario here starts from the whole list, with
    # the cursor on its first entry (clearing the filter leaves it on the due one).
    await pilot.press("escape", "home")
    await settled(pilot)


async def to_entry(pilot: Pilot[int], title: str) -> EntryScreen:
    """Open the entry with this title from the list."""
    await to_list(pilot)
    entry_list = pilot.app.screen.query_one(EntryList)
    entry_list.cursor = next(i for i, r in enumerate(entry_list.rows) if r.title == title)
    await pilot.press("enter")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EntryScreen)
    return screen


HOME_VISIT = "Huisbezoek: kinderen alleen thuis?"  # the form, articles, a due follow-up, history
DEBT = "Schuldhulp: cliënt wil geen budgetbeheer"  # the Dilemmamethode


# ---- the screens ---------------------------------------------------------------------------


async def create_screen(pilot: Pilot[int]) -> None:
    await settle(pilot)


async def unlock_screen(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press(*"secret")  # the dots, and the cursor after them


async def entry_form(pilot: Pilot[int]) -> None:
    screen = await to_entry(pilot, HOME_VISIT)
    assert screen.mode == "form"


async def method_step(pilot: Pilot[int]) -> None:
    screen = await to_entry(pilot, DEBT)
    assert screen.mode == "steps"
    for _ in range(STEP):
        await pilot.press("ctrl+down")
        await settle(pilot)
    assert screen.step_index == STEP


async def articles_pane(pilot: Pilot[int]) -> None:
    """The pane beside the entry, reached with ctrl+t, searching."""
    screen = await to_entry(pilot, HOME_VISIT)
    picker = screen.query_one(ArticlePicker)
    await pilot.press("ctrl+t")  # shows the pane and goes there (or hides it: once more then)
    if not picker.display:
        await pilot.press("ctrl+t")
    await settle(pilot)
    assert picker.display and screen.focused is screen.query_one("#article-search")
    await pilot.press(*"geheim")
    await settle(pilot)


async def framework(pilot: Pilot[int]) -> None:
    """A framework's checklist, opened from the suggestions in the articles pane."""
    screen = await to_entry(pilot, HOME_VISIT)
    picker = screen.query_one(ArticlePicker)
    results = picker.query_one("#article-results", OptionList)
    index = next(i for i, o in enumerate(results.options) if (o.id or "").startswith("f:"))
    results.focus()
    results.highlighted = index
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FrameworkScreen)


async def code_browser(pilot: Pilot[int]) -> None:
    await to_list(pilot)
    await pilot.press("f5")
    await settle(pilot)
    for _ in range(12):  # to article 13: a paraphrase, a status and themes
        await pilot.press("down")
    await settle(pilot)


async def revisions(pilot: Pilot[int]) -> None:
    await to_entry(pilot, HOME_VISIT)
    await pilot.press("ctrl+r")
    await settle(pilot)
    await pilot.press("down")  # the earlier version: what changed since
    await settle(pilot)


async def export(pilot: Pilot[int]) -> None:
    await to_list(pilot)
    await pilot.press("ctrl+e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, export_module.ExportScreen) and screen.up_to_date


async def settings(pilot: Pilot[int]) -> None:
    await to_list(pilot)
    await pilot.press("f2")
    await settle(pilot)


async def help_screen(pilot: Pilot[int]) -> None:
    await to_list(pilot)
    await pilot.press("f1")
    await settle(pilot)


async def missing_journal(pilot: Pilot[int]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, MissingJournalScreen)


STEP = 7  # "Individual choice" of the Dilemmamethode: a long prompt and help, a tall field
SCREENS: dict[str, Scenario] = {
    "create": create_screen,
    "unlock": unlock_screen,
    "missing_journal": missing_journal,
    "journal_list": to_list,
    "entry_form": entry_form,
    "method_step": method_step,
    "articles_pane": articles_pane,
    "framework": framework,
    "code_browser": code_browser,
    "revisions": revisions,
    "export": export,
    "settings": settings,
    "help": help_screen,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: Any, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for_screen(name), terminal_size=size, run_before=still(SCREENS[name]))
