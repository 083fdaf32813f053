"""Pilot tests of the export screen: reached from the list and from an entry, the preview
follows the template (intervision never shows the decision), a clean entry is written 0600
exactly as the core renders it, identifiers refuse the export until Redact or a confirmed
Write anyway, and the screen stays responsive while the de-identifier loads.

The name detector is replaced by a stub (only our own rules run), so the tests are fast and
do not depend on deduce's name lists; one test blocks the loader to prove nothing waits on it.
"""

from __future__ import annotations

import asyncio
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, ProgressBar, Select, Static

from reflect.app import ReflectApp
from reflect.export import export_bytes, prepare_export
from reflect.i18n import t
from reflect.model import Entry
from reflect.operations.exporting import default_export_folder
from reflect.operations.settings import load_settings
from reflect.privacy.rules import Match
from reflect.screens import export as export_module
from reflect.screens.confirm import ConfirmScreen
from reflect.screens.entry import EntryScreen
from reflect.screens.export import ExportScreen
from reflect.screens.help import HelpScreen, keys_table
from reflect.screens.journal import JournalScreen
from reflect.vault.journal import Journal
from reflect.widgets.export_view import FindingsList
from tests.tui.conftest import PASSPHRASE, TODAY
from tests.tui.helpers import app_for, make_journal, settle, unlock

CLEAN = Entry(
    title="Geheimhouding bij een huisbezoek",
    situation="Een cliënt vertelt iets in vertrouwen over de thuissituatie.",
    dilemma="Deel ik dit met het team of niet?",
    decision="Eerst zelf het gesprek aangaan met de cliënt.",
    rationale="Vertrouwen is de basis van de hulpverlening.",
)
# Fictional identifiers: 111222333 passes the eleven test, example.nl is reserved.
IDENTIFYING = Entry(
    title="Contact met moeder",
    situation="Moeder mailde vanaf j.devries@example.nl en noemde BSN 111222333 van haar zoon.",
    decision="Niets doorgeven zonder toestemming.",
)


class NoNames:
    """A name detector that finds nothing: the own rules (BSN, e-mail…) still run."""

    def find(self, text: str) -> list[Match]:
        return []


@pytest.fixture(autouse=True)
def stub_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "loaded_name_detector", lambda: None)
    monkeypatch.setattr(export_module, "load_name_detector", lambda progress=None: NoNames())


def stored(path: Path) -> list[Entry]:
    with Journal.open(path, PASSPHRASE) as journal:
        return journal.list_entries()


def text_of(screen: ExportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def wait_until(pilot: Any, condition: Callable[[], bool], tries: int = 400) -> None:
    """Pause until ``condition`` holds, without waiting for every worker (one is blocked)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not reached")


async def press_within(pilot: Any, *keys: str, seconds: float = 8.0) -> None:
    await asyncio.wait_for(pilot.press(*keys), timeout=seconds)


async def open_export(pilot: Any, template: str | None = None) -> ExportScreen:
    await pilot.press("ctrl+e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    if template is not None:
        screen.query_one("#export-template", Select).value = template
        await settle(pilot)
        assert screen.template == template and screen.up_to_date
    return screen


def set_path(screen: ExportScreen, path: Path) -> None:
    screen.query_one("#export-path", Input).value = str(path)


@pytest.mark.asyncio
async def test_export_opens_from_the_demo_list_and_from_an_entry() -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        journal_screen = app.screen
        assert isinstance(journal_screen, JournalScreen)
        assert journal_screen.active_bindings["ctrl+e"].binding.id == "export"
        assert journal_screen.active_bindings["ctrl+e"].binding.show  # in the footer
        screen = await open_export(pilot)
        first = journal_screen.rows[0]
        assert screen.what == "entry" and screen.entry_id == first.entry_id
        assert [e.id for e in screen.material.entries] == [first.entry_id]  # type: ignore[union-attr]
        assert first.title in screen.preview_markdown
        assert "plaintext, not encrypted" in text_of(screen, "#export-plaintext")
        # the supervision report by default, in the export folder (never the home folder)
        path = Path(screen.query_one("#export-path", Input).value)
        assert path == default_export_folder() / f"reflect-werkverslag-{TODAY.isoformat()}.md"
        screen.query_one("#export-format", Select).value = "pdf"
        await settle(pilot)
        assert screen.query_one("#export-path", Input).value.endswith("werkverslag-2026-03-16.pdf")
        # the filtered list is offered too: all six demo entries
        screen.query_one("#export-what", Select).value = "list"
        await settle(pilot)
        assert len(screen.material.entries) == 6  # type: ignore[union-attr]
        assert screen.preview_markdown.count("## ") >= 6
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        # from an open entry: that entry, with no list to choose
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        screen = await open_export(pilot)
        assert screen.what == "entry" and screen.list_ids is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)


@pytest.mark.asyncio
async def test_export_is_in_the_help_and_the_palette() -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = keys_table()
        rows = [str(cell) for column in table.columns for cell in column._cells]
        assert "ctrl+e" in rows and t("tui.action.export") in rows
        await pilot.press("escape")
        from reflect.tui.palette import ReflectCommands

        provider = ReflectCommands(app.screen)
        assert "export" in {spec.id for spec in provider._available()}


@pytest.mark.asyncio
async def test_preview_follows_the_template_and_intervision_hides_the_decision() -> None:
    app = app_for(None, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_export(pilot, "werkverslag")
        entry = screen.material.entries[0]  # type: ignore[union-attr]
        snippet = " ".join(entry.decision.split()[:3])
        assert snippet
        assert t("export.template.werkverslag") in screen.preview_markdown
        assert snippet in screen.preview_markdown
        assert snippet in str(screen.query_one("#preview-text", Static).render())
        screen.query_one("#export-template", Select).value = "intervision-incident"
        await settle(pilot)
        assert t("export.template.intervision-incident") in screen.preview_markdown
        assert snippet not in screen.preview_markdown
        assert snippet not in str(screen.query_one("#preview-text", Static).render())
        assert Path(screen.query_one("#export-path", Input).value).name.startswith(
            "reflect-intervision-incident-"
        )


@pytest.mark.asyncio
async def test_a_clean_entry_is_written_0600_as_the_core_renders_it(
    journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path, [CLEAN])
    target = tmp_path / "werkverslag.md"
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot, "werkverslag")
        assert "No identifiers found" in text_of(screen, "#export-summary")
        set_path(screen, target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)  # written: back to the list
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (entry,) = stored(journal_path)
    expected = prepare_export(
        [entry], template="werkverslag", lang="en", aliases={}, names=None, generated=TODAY
    )
    assert target.read_bytes() == export_bytes(expected, "md")
    assert "Eerst zelf het gesprek aangaan" in target.read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_never_into_the_journal_folder_and_a_failed_write_keeps_the_screen(
    journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path, [CLEAN])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot, "werkverslag")
        set_path(screen, journal_path.parent / "export.md")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "never written in the journal's folder" in text_of(screen, "#export-status-line")
        assert not (journal_path.parent / "export.md").exists()
        set_path(screen, tmp_path / "missing-folder" / "export.md")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.template == "werkverslag"
        assert "Not written: cannot write" in text_of(screen, "#export-status-line")


@pytest.mark.asyncio
async def test_identifiers_refuse_the_export_until_redacted(
    journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path, [IDENTIFYING])
    target = tmp_path / "redacted.md"
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot, "werkverslag")
        assert "2 identifiers found" in text_of(screen, "#export-summary")
        findings = str(screen.query_one(FindingsList).query_one(Static).render())
        assert "»j.devries@example.nl«" in findings and "»111222333«" in findings
        set_path(screen, target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and not target.exists()
        assert "Not written: 2 identifiers" in text_of(screen, "#export-status-line")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.prepared is not None and screen.prepared.redacted
        assert "111222333" not in screen.preview_markdown
        assert "replaced by pseudonyms" in text_of(screen, "#export-summary")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    content = target.read_text(encoding="utf-8").replace("\\", "")
    assert "111222333" not in content and "j.devries@example.nl" not in content
    assert "[BSN]" in content and "[e-mail]" in content
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.asyncio
async def test_write_anyway_asks_first(journal_path: Path, tmp_path: Path) -> None:
    make_journal(journal_path, [IDENTIFYING])
    target = tmp_path / "forced.md"
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot, "werkverslag")
        set_path(screen, target)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no
        await settle(pilot)
        assert app.screen is screen and not target.exists()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert "111222333" in target.read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_keys_work_while_the_de_identifier_loads(
    journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path, [CLEAN])
    release = threading.Event()

    def slow_loader(progress: object = None) -> NoNames:
        release.wait(60)
        return NoNames()

    monkeypatch.setattr(export_module, "load_name_detector", slow_loader)
    target = tmp_path / "export.md"
    app = app_for(journal_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await unlock(pilot)
            await press_within(pilot, "ctrl+e")
            await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            # the preview and the own-rules check are there while names still load
            await wait_until(pilot, lambda: screen.up_to_date)
            assert screen.names_state == "loading"
            assert screen.query_one("#export-names").display
            assert screen.query_one("#export-names-bar", ProgressBar).display
            assert "Loading the de-identifier" in text_of(screen, "#export-names-message")
            assert "Own rules: nothing found" in text_of(screen, "#export-summary")
            assert CLEAN.title in screen.preview_markdown
            # keys are handled at once; writing waits for the full check
            set_path(screen, target)
            await press_within(pilot, "ctrl+s")
            await wait_until(pilot, lambda: "wait" in text_of(screen, "#export-status-line"))
            assert not target.exists()
            await press_within(pilot, "ctrl+r")
            await wait_until(pilot, lambda: screen.redact and screen.up_to_date)
            await press_within(pilot, "ctrl+r")
            await press_within(pilot, "f1")
            assert isinstance(app.screen, HelpScreen)
            await press_within(pilot, "escape")
            assert app.screen is screen and not screen.redact
            # released: the full check runs and the indicator goes away
            release.set()
            await settle(pilot)
            assert screen.names_state == "ready" and screen.prepared_with_names
            assert not screen.query_one("#export-names").display
            assert "No identifiers found" in text_of(screen, "#export-summary")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, JournalScreen)
        assert target.exists()
    finally:
        release.set()


@pytest.mark.asyncio
async def test_docx_is_offered_and_the_choices_are_remembered(
    journal_path: Path, tmp_path: Path
) -> None:
    make_journal(journal_path, [CLEAN])
    folder = tmp_path / "supervisie"
    folder.mkdir()
    target = folder / "verslag.docx"
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot, "intervision-balint")
        screen.query_one("#export-format", Select).value = "docx"
        await settle(pilot)
        assert screen.query_one("#export-path", Input).value.endswith(
            "intervision-balint-2026-03-16.docx"
        )
        set_path(screen, target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        settings = app.ctx.settings
        assert (settings.export_template, settings.export_format) == ("intervision-balint", "docx")
        assert settings.export_folder == str(folder.resolve())
        # the next export starts from what was used last
        screen = await open_export(pilot)
        assert screen.template == "intervision-balint" and screen.fmt == "docx"
        assert Path(screen.query_one("#export-path", Input).value).parent == folder.resolve()
        await pilot.press("escape")
        await settle(pilot)
    saved = load_settings().settings  # and the command line finds them too
    assert (saved.export_template, saved.export_format) == ("intervision-balint", "docx")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (entry,) = stored(journal_path)
    expected = prepare_export(
        [entry], template="intervision-balint", lang="en", aliases={}, names=None, generated=TODAY
    )
    assert target.read_bytes() == export_bytes(expected, "docx")


@pytest.mark.asyncio
async def test_findings_are_listed_inert(journal_path: Path) -> None:
    # Stored as an older version or a script could have: the app cleans what is typed.
    hostile = Entry(
        title="Contact",
        situation="Moeder mailde \u202evanaf j.devries@example.nl\x1b[2J over haar zoon.",
    )
    make_journal(journal_path, [hostile])
    app = app_for(journal_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot, "werkverslag")
        findings = str(screen.query_one(FindingsList).query_one(Static).render())
        assert "»j.devries@example.nl«" in findings
        assert "⟨RLO⟩" in findings and "␛" in findings
        assert "\u202e" not in findings and "\x1b" not in findings


@pytest.mark.asyncio
async def test_the_export_is_in_the_app_language(journal_path: Path) -> None:
    make_journal(journal_path, [CLEAN])
    app = ReflectApp(journal_path, lang="nl", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = await open_export(pilot)
        assert screen.template == "werkverslag"  # the default, nothing chosen yet
        assert screen.preview_markdown.startswith("# Werkverslag voor supervisie")
        await pilot.press("escape")
        await settle(pilot)
