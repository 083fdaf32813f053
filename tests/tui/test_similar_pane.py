"""The pane of earlier similar entries beside a new entry (issue 14, moresprudentie): typing a
dilemma brings up the earlier one like it with what was decided then, one key away; enter
shows that decision in full; escape goes back to the writing with nothing lost. Every entry
here is made up."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static, TextArea

from reflect.model import ArticleRef, Entry, Status
from reflect.screens.earlier import EarlierScreen
from reflect.screens.entry import EntryScreen
from reflect.widgets.article_picker import ArticlePicker, current_index
from reflect.widgets.similar_pane import SimilarPane
from tests.tui.helpers import app_for, make_journal, settle, type_text, unlock

pytestmark = pytest.mark.asyncio

CONFIDENTIAL = Entry(
    title="Tiener vraagt om geheimhouding",
    situation="Een tiener wil dat ik zijn moeder niets vertel over wat hij mij toevertrouwde.",
    decision="Ik houd het voorlopig vertrouwelijk en werk toe naar een gesprek met moeder.",
    rationale="Zijn vertrouwen is nu de ingang voor hulp.\nEr is geen acuut gevaar.",
    articles=[ArticleRef("bpsw-2021", 10)],
    status=Status.DECIDED,
)
ALSO_LIKE = Entry(
    title="Meisje en school",
    situation="Een meisje vraagt me haar ouders niet te vertellen dat ze spijbelt.",
    decision="Samen met haar een gesprek thuis voorbereid.",
)
OTHERS = [
    ALSO_LIKE,
    Entry(
        title="Cadeau van een cliënte",
        situation="Een oudere cliënte wil me na de begeleiding een dure armband geven.",
        decision="Vriendelijk bedankt en het cadeau geweigerd.",
    ),
    Entry(
        title="Bijscholing of caseload?",
        situation="Mijn teamleider wil dat ik de training laat schieten om de wachtlijst.",
        decision="De training gevolgd, twee dossiers overgedragen.",
    ),
]
TITLE = "Jongere en thuis"
SITUATION = "Jongere vertelt in vertrouwen over thuis en vraagt niets aan ouders te zeggen."


async def wait_for(pilot: Pilot[int], ready: object) -> None:
    """Wait until ``ready()`` holds: the index is built and the ranking done in the
    background, after the typing pause."""
    for _ in range(200):
        if ready():  # type: ignore[operator]
            return
        await pilot.pause(0.05)
        await settle(pilot)
    raise AssertionError("never happened")


async def to_field(pilot: Pilot[int], screen: EntryScreen, field_id: str) -> None:
    """Tab to a field, as a person does."""
    for _ in range(10):
        focused = screen.focused
        if focused is not None and focused.id == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"never reached {field_id}")


async def test_typing_a_dilemma_brings_up_the_earlier_one_and_back_with_text_intact(
    journal_path: Path,
) -> None:
    make_journal(journal_path, [CONFIDENTIAL, *OTHERS])
    app = app_for(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        pane = screen.query_one(SimilarPane)
        picker = screen.query_one(ArticlePicker)
        assert not pane.display and picker.display  # on demand: the screen as before

        # Opened before anything is written: a friendly word, no list.
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert pane.display and not picker.display
        assert screen.focused is pane.query_one("#similar-results")
        await wait_for(pilot, lambda: pane.state == "empty")
        assert "Write a little" in str(pane.query_one("#similar-state", Static).render())

        # Back to the title (the pane stays and follows the text), and write the dilemma.
        await pilot.press("ctrl+o")
        assert screen.focused is screen.query_one("#f-title")
        await type_text(pilot, TITLE)
        await to_field(pilot, screen, "f-situation")
        await type_text(pilot, SITUATION)
        await wait_for(pilot, lambda: pane.state == "found")
        results = pane.query_one("#similar-results", OptionList)
        assert [f.entry_id for f in pane.found][:1] == [CONFIDENTIAL.id]
        first = str(results.get_option_at_index(0).prompt)
        assert CONFIDENTIAL.title in first
        assert "Decided: Ik houd het voorlopig vertrouwelijk" in first
        assert "Because: Zijn vertrouwen is nu de ingang voor hulp." in first
        assert "Er is geen acuut gevaar" not in first  # the first line of the reasons only
        assert all(f.entry_id != screen.draft.id for f in pane.found)  # never itself

        # One key to the list, enter: the whole decision and reasons, read-only.
        await pilot.press("ctrl+o")
        assert screen.focused is results and results.highlighted == 0
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, EarlierScreen)
        assert "gesprek met moeder" in str(view.query_one("#earlier-decision", Static).render())
        reasons = str(view.query_one("#earlier-rationale", Static).render())
        assert "ingang voor hulp" in reasons and "geen acuut gevaar" in reasons

        # Escape: back to the writing, where it was, nothing lost; typing goes on there.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        situation = screen.query_one("#f-situation", TextArea)
        assert screen.focused is situation
        await type_text(pilot, " Ze is 15.")
        assert situation.text == SITUATION + " Ze is 15."
        assert screen.draft.situation == SITUATION + " Ze is 15."
        assert screen.draft.title == TITLE

        # Saved, the entry is in the journal's index too; it never lists itself.
        await pilot.press("ctrl+s")
        await settle(pilot)
        index = current_index(screen.ctx)
        assert index is not None
        await wait_for(pilot, lambda: screen.draft.id in index.stamps())
        pane.refresh_results()
        await settle(pilot)
        await wait_for(pilot, lambda: pane.state == "found")
        assert pane.found[0].entry_id == CONFIDENTIAL.id
        assert screen.draft.id not in [f.entry_id for f in pane.found]

        # Escape in the pane closes it: the articles pane is back, the cursor in the text.
        await pilot.press("ctrl+o")
        assert screen.focused is results
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # the entry did not close
        assert not pane.display and picker.display
        assert screen.focused is situation


async def test_an_entry_destroyed_meanwhile_never_shows(journal_path: Path) -> None:
    """The index may still hold an entry deleted since it was built: the pane reads what
    was decided from the journal, and an entry no longer there is left out."""
    make_journal(journal_path, [CONFIDENTIAL, *OTHERS])
    app = app_for(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        pane = screen.query_one(SimilarPane)
        await pilot.press("ctrl+o")
        await pilot.press("ctrl+o")
        await type_text(pilot, TITLE + " " + SITUATION)
        await wait_for(pilot, lambda: pane.state == "found")
        journal = app.ctx.journal
        assert journal is not None
        await app.ctx.gate.run(journal.delete, CONFIDENTIAL.id)
        await type_text(pilot, " Ze is 15.")  # the pane looks again after the pause
        await wait_for(pilot, lambda: CONFIDENTIAL.id not in [f.entry_id for f in pane.found])
        assert [f.entry_id for f in pane.found] == [ALSO_LIKE.id]
        results = pane.query_one("#similar-results", OptionList)
        assert results.option_count == 1
