"""The articles pane learns from the user and says why (issue 12): articles tagged on
earlier entries like this one come up, and under the list the highlighted suggestion shows
what brought it up. The entries are made up."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from reflect.model import ArticleRef, Entry
from reflect.screens.entry import EntryScreen
from reflect.widgets import article_picker
from reflect.widgets.article_picker import ArticlePicker, current_index
from tests.tui.helpers import app_for, make_journal, settle, unlock

pytestmark = pytest.mark.asyncio

EARLIER = [
    Entry(
        title="Jongen met autisme",
        situation="Ik begeleid een jongen met autisme en een angststoornis op school.",
        articles=[ArticleRef("bpsw-2021", 2)],
    ),
    Entry(
        title="Autisme en structuur",
        situation="Een meisje met autisme raakt van slag als de planning op school verandert.",
        articles=[ArticleRef("bpsw-2021", 2)],
    ),
]
NEW = Entry(
    title="Nieuwe cliënt",
    situation="Mijn nieuwe cliënt is een jongen met autisme; school vraagt een vaste planning.",
)


async def test_the_pane_learns_from_earlier_entries_and_says_why(journal_path: Path) -> None:
    make_journal(journal_path, [*EARLIER, NEW])  # the newest, NEW, is first in the list
    app = app_for(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen) and screen.draft.title == NEW.title
        picker = screen.query_one(ArticlePicker)
        for _ in range(200):  # the index is built in the background, then suggestions again
            if any(s.number == 2 for s in picker.suggestions):
                break
            await pilot.pause(0.05)
            await settle(pilot)
        await settle(pilot)  # a computation started before the index was ready is done too
        two = next(s for s in picker.suggestions if s.number == 2)
        assert any("similar earlier entries" in reason for reason in two.reasons)
        assert current_index(screen.ctx) is not None

        results = picker.query_one("#article-results", OptionList)
        results.focus()
        results.highlighted = results.get_option_index("a:bpsw-2021:2")
        await settle(pilot)
        why = str(picker.query_one("#suggestion-why", Static).render())
        assert "Jongen met autisme" in why or "Autisme en structuur" in why

        # Locking drops the index (titles, stems) with the journal, at once.
        assert len(article_picker._LEARNING) == 1
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.ctx.journal is None
        assert len(article_picker._LEARNING) == 0


async def test_suggestions_arriving_after_the_pane_was_taken_down_end_nothing(
    journal_path: Path,
) -> None:
    """A suggestion thread can finish after its pane's widgets are gone (the entry closed,
    the form rebuilt): its late result is dropped, never an internal error that ends the
    app (once seen under load)."""
    make_journal(journal_path, [NEW])
    app = app_for(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        picker = app.screen.query_one(ArticlePicker)
        await picker.query_one("#article-results", OptionList).remove()
        await picker.query_one("#article-search").remove()
        picker._set_suggestions([], picker._round)
        await settle(pilot)
        assert app.return_code is None  # still running
