"""In the articles pane a block of tentative articles is one line, not five identical guesses
(issue 12): a file-access dilemma shows "Article 14–18 – Case files block (probable)" once;
choosing it lists the members, and a member can be tagged from there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from reflect.model import Entry
from reflect.screens.entry import EntryScreen
from reflect.widgets.article_picker import ArticlePicker
from tests.tui.helpers import app_for, make_journal, settle, unlock

pytestmark = pytest.mark.asyncio

FILE_ACCESS = "De cliënt vraagt inzage in zijn dossier en wil dat ik mijn aantekeningen vernietig."


async def suggestions_in(pilot: Pilot[int], picker: ArticlePicker) -> None:
    for _ in range(200):
        if picker.suggestions:
            return
        await pilot.pause(0.05)
        await settle(pilot)
    raise AssertionError("no suggestions arrived")


def option_ids(picker: ArticlePicker) -> list[str]:
    results = picker.query_one("#article-results", OptionList)
    return [option.id or "" for option in results.options]


async def test_a_file_access_dilemma_shows_one_tentative_block(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="Dossier", situation=FILE_ACCESS)])
    app = app_for(journal_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        picker = screen.query_one(ArticlePicker)
        await suggestions_in(pilot, picker)

        ids = option_ids(picker)
        assert ids.count("b:bpsw-2021:dossiervorming") == 1
        assert not {f"a:bpsw-2021:{n}" for n in range(14, 19)} & set(ids)  # not one by one
        results = picker.query_one("#article-results", OptionList)
        block = results.get_option("b:bpsw-2021:dossiervorming")
        assert "14–18" in str(block.prompt) and "Case files" in str(block.prompt)

        # Choosing the block lists its members under it; choosing a member tags it.
        results.focus()
        results.highlighted = results.get_option_index("b:bpsw-2021:dossiervorming")
        await pilot.press("enter")
        await settle(pilot)
        ids = option_ids(picker)
        start = ids.index("b:bpsw-2021:dossiervorming")
        assert ids[start + 1 : start + 6] == [f"a:bpsw-2021:{n}" for n in range(14, 19)]
        assert results.highlighted == start  # the cursor stays on the block

        results.highlighted = start + 3  # article 16
        await pilot.press("enter")
        await settle(pilot)
        assert [(a.code, a.number) for a in screen.draft.articles] == [("bpsw-2021", 16)]
