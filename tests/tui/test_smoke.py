from __future__ import annotations

from pathlib import Path

import pytest

from reflect.screens.journal import JournalScreen
from reflect.widgets.entry_list import EntryList
from tests.tui.helpers import app_for, settle


@pytest.mark.asyncio
async def test_demo_shows_entries(tmp_path: Path) -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert len(app.screen.query_one(EntryList).rows) == 6
