"""The patterns screen, as a person uses it: f6 over the journal shows the charts, t puts
the same figures in a table and back, the language switch relabels it, esc goes back.

EVERY ENTRY HERE IS FICTIONAL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Select

from reflect.model import ArticleRef, Entry, Status
from reflect.screens.journal import JournalScreen
from reflect.screens.patterns import PatternsScreen
from reflect.screens.unlock import UnlockScreen
from reflect.vault.journal import Journal
from reflect.widgets.charts import BarChart, Timeline
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, settle, unlock

pytestmark = pytest.mark.asyncio


def fictional(day: str, *articles: int, status: Status = Status.DRAFT) -> Entry:
    stamp = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return Entry(
        created=stamp,
        updated=stamp,
        title="Fictieve casus",
        situation="De cliënt wil zijn autonomie houden.",
        articles=[ArticleRef("bpsw-2021", n) for n in articles],
        status=status,
    )


@pytest.fixture
def journal(journal_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    journal_path.parent.mkdir(parents=True, exist_ok=True)
    made, _ = Journal.create(journal_path, PASSPHRASE)
    made.add_many(
        [
            fictional("2026-01-05T10:00:00", 10, 13, status=Status.DECIDED),
            fictional("2026-01-20T10:00:00", 10),
            fictional("2026-03-02T10:00:00", 10, status=Status.EVALUATED),
        ]
    )
    made.close()
    return journal_path


async def wait_for_catalog(pilot: Pilot[int]) -> None:
    for _ in range(200):
        if pilot.app.ctx.catalog is not None:
            return
        await pilot.pause(0.025)


def shown(widget: BarChart | Timeline) -> str:
    return str(widget.render())


async def test_f6_shows_the_charts_and_t_the_numbers(journal: Path) -> None:
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await wait_for_catalog(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        status = shown(screen.query_one("#chart-status", BarChart)).splitlines()
        assert [line.split()[:-1] for line in status] == [
            ["open", "(draft)", "1"],
            ["decided", "1"],
            ["evaluated", "1"],
        ]
        assert all(line.endswith("█") for line in status)  # one bar each, from zero
        articles = shown(screen.query_one("#chart-articles", BarChart)).splitlines()
        assert articles[0].split()[:5] == ["Article", "10", "–", "Vertrouwelijkheid", "3"]
        assert articles[1].split()[:2] == ["Article", "13"]
        months = shown(screen.query_one("#chart-months", Timeline))
        assert "2026-01" in months and "2026-03" in months
        assert "names the value" in str(screen.query_one("#values-note").render())

        await pilot.press("t")  # the same figures as numbers
        await settle(pilot)
        table = screen.query_one("#patterns-table", DataTable)
        assert table.display and screen.focused is table
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["status", "1", "open (draft)"] in rows
        assert ["article", "3", "Article 10 – Vertrouwelijkheid"] in rows
        assert ["month", "2", "2026-01"] in rows and ["month", "0", "2026-02"] in rows
        assert ["core value (named)", "3", "Respect for human dignity and autonomy"] in rows

        await pilot.press("t")  # and back to the charts
        await settle(pilot)
        assert not table.display
        assert screen.query_one("#patterns-charts").display

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_the_language_switch_relabels_the_patterns(journal: Path) -> None:
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await unlock(pilot)
        await wait_for_catalog(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("f3")  # Nederlands
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        assert str(screen.query_one("#patterns-title").render()).startswith("Patronen · 3 notities")
        status = shown(screen.query_one("#chart-status", BarChart))
        assert status.splitlines()[0].split()[:3] == ["open", "(concept)", "1"]


async def test_f6_before_unlocking_opens_nothing(journal: Path) -> None:
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)


async def test_locking_takes_the_figures_off_the_screen(journal: Path) -> None:
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, PatternsScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert not any(isinstance(s, PatternsScreen) for s in app.screen_stack)


async def test_the_export_screen_adds_the_figures_to_a_reflectieverslag(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The box shows for the reflectieverslag only; ticking it puts the figures in."""
    from reflect.screens import export as export_module
    from reflect.screens.export import ExportScreen

    # The de-identifier is not what is tested here: one that finds no names, ready at once.
    monkeypatch.setattr(export_module, "loaded_name_detector", lambda: None)
    monkeypatch.setattr(export_module, "load_name_detector", lambda progress=None: None)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        box = screen.query_one("#export-with-stats", Checkbox)
        assert not box.display  # the werkverslag has no place for figures
        screen.query_one("#export-template", Select).value = "reflectieverslag"
        await settle(pilot)
        assert box.display and "## Figures" not in screen.preview_markdown
        screen.query_one("#export-with-stats", Checkbox).focus()
        await pilot.press("space")
        await settle(pilot)
        assert "## Figures" in screen.preview_markdown
        assert "- **evaluated** — 1×" in screen.preview_markdown  # the selected entry
