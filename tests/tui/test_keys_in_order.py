"""Keys sent in one burst — a fast typist, a terminal that replays input — land in order, in
the field they were typed into, even when a key in the burst opens a screen or moves the
cursor (reflect.tui.keys). The keys are posted all at once, without waiting in between,
the way a terminal delivers them. Fictional text only."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from reflect.model import ArticleRef
from reflect.screens.entry import EntryScreen
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, unlock

pytestmark = pytest.mark.asyncio

NAMED = {" ": "space", "\t": "tab"}


def burst(app: object, *parts: str) -> None:
    """Post every key at once: text is typed character by character, ``<key>`` is a key."""
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            name = part[1:-1]
            app.post_message(events.Key(name, None))  # type: ignore[attr-defined]
            continue
        for char in part:
            app.post_message(events.Key(NAMED.get(char, char), char))  # type: ignore[attr-defined]


async def test_a_burst_after_ctrl_n_fills_the_new_entry_in_order(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        burst(
            app,
            "<ctrl+n>",  # opens the entry screen: the next keys must wait for its fields
            "Fictief: een geheim",
            "<tab>",
            "WT-2099-3",
            "<tab>",
            "<tab>",  # past the method
            "Een jongere vertelt iets in vertrouwen.",
            "<ctrl+t>",  # to the articles pane's search
            "13",
            "<enter>",  # to the results
            "<enter>",  # tag the first: the cursor moves into its note
            "beroepsgeheim",
            "<ctrl+s>",
        )
        await pilot.pause(1.0)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        assert screen.query_one("#f-title", Input).value == "Fictief: een geheim"
        assert screen.query_one("#f-case_code", Input).value == "WT-2099-3"
        situation = screen.query_one("#f-situation", TextArea).text
        assert situation == "Een jongere vertelt iets in vertrouwen."
        assert not screen.dirty
    with Journal.open(journal_path, PASSPHRASE) as journal:
        (entry,) = journal.list_entries()
    assert entry.title == "Fictief: een geheim" and entry.case_code == "WT-2099-3"
    assert entry.situation == "Een jongere vertelt iets in vertrouwen."
    assert entry.articles == [ArticleRef("bpsw-2021", 13, "beroepsgeheim")]
