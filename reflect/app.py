"""The Textual app: starts on create/unlock (or the demo), owns the open journal.

The app holds the one :class:`Journal` and the gate every journal call goes through, and
handles what spans screens: language, theme, settings, auto-lock and a clean exit (save,
close, delete the demo folder). Screens live in :mod:`reflect.screens`.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reflect.config import Settings, load_settings, save_settings
from reflect.errors import ReflectError
from reflect.i18n import LANGUAGES, current_language, set_language, t
from reflect.screens.gate import JournalGate
from reflect.screens.palette import ReflectCommands
from reflect.vault.journal import Journal
from reflect.vault.storage import existing_backups
from reflect.widgets.safe_text import safe

AUTOLOCK_CHECK_SECONDS = 5.0


def save_if_unsaved(journal: Journal) -> None:
    """Runs in the gate: write what an earlier failed save left in memory."""
    if journal.unsaved:
        journal.save()


class ReflectApp(App[int]):
    """reflect's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "reflect"
    COMMANDS: ClassVar = {ReflectCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "tui.key.quit", id="quit", priority=True),
        Binding("f1", "help", "tui.key.help", id="help"),
        Binding("question_mark", "help", "tui.key.help", id="help-alt", show=False),
        Binding("ctrl+l", "lock", "tui.key.lock", id="lock", show=False),
        Binding("f2", "settings", "tui.key.settings", id="settings", show=False),
        Binding("f3", "toggle_language", "tui.key.language", id="language", show=False),
        Binding("f4", "next_theme", "tui.key.theme", id="theme", show=False),
        Binding("f5", "browse_articles", "tui.key.articles", id="browse-articles", show=False),
    ]

    def __init__(
        self,
        journal_path: Path | None,
        *,
        demo: bool = False,
        lang: str | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.journal_path = journal_path
        self.demo = demo
        self.today = today or date.today()
        self.gate = JournalGate()
        self.journal: Journal | None = None
        self.catalog: object | None = None  # reflect.catalog.Catalog once loaded
        self._demo_dir: tempfile.TemporaryDirectory[str] | None = None
        self._last_input = time.monotonic()
        self._locking = False  # a lock (save, close) is running
        self._covered = False  # the cover screen hides an entry that could not be saved
        loaded = load_settings()
        self.settings: Settings = loaded.settings
        self._settings_problem = loaded.problem
        # An explicit --lang (or REFLECT_LANG) wins for this run, without changing settings.
        self._saved_language = self.settings.language
        if lang in LANGUAGES:
            self.settings = replace(self.settings, language=lang)
        set_language(self.settings.language)

    # ---- start and stop -------------------------------------------------------------------

    def on_mount(self) -> None:
        self._apply_theme(self.settings.theme)
        if self._settings_problem:
            self.notify(
                t("tui.settings.bad_file", problem=self._settings_problem), severity="warning"
            )
        self.load_catalog()
        self.set_interval(AUTOLOCK_CHECK_SECONDS, self._check_idle)
        if self.demo:
            self.open_demo()
        else:
            self._push_start_screen()

    def _push_start_screen(self) -> None:
        from reflect.screens.create import CreateScreen
        from reflect.screens.unlock import MissingJournalScreen, UnlockScreen

        assert self.journal_path is not None
        if self.journal_path.exists():
            self.push_screen(UnlockScreen(self.journal_path))
        elif existing_backups(self.journal_path):
            # A new journal would rotate these backups away: say how to restore instead.
            self.push_screen(MissingJournalScreen(self.journal_path))
        else:
            self.push_screen(CreateScreen(self.journal_path))

    @work(group="journal-open", exclusive=True, description="journal-open")
    async def open_demo(self) -> None:
        from reflect.demo import create_demo_journal

        # Fictional data only, in a folder deleted on exit: see reflect.demo.
        self._demo_dir = tempfile.TemporaryDirectory(prefix="reflect-demo-")
        folder = Path(self._demo_dir.name)
        self.journal_path = folder / "demo.reflect"
        try:
            journal = await self.gate.run(create_demo_journal, folder, self.today)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.journal_opened(journal)

    @work(thread=True, group="catalog", description="catalog")
    def load_catalog(self) -> None:
        from reflect.catalog import load_catalog

        try:
            catalog = load_catalog()
        except Exception as exc:  # the app works without articles; say why they are missing
            self.call_from_thread(
                self.notify, t("tui.catalog.failed", error=str(exc)), severity="error"
            )
            return
        self.catalog = catalog
        self.call_from_thread(self._catalog_ready)
        if catalog.problems:
            self.call_from_thread(
                self.notify,
                t("tui.catalog.problems", count=len(catalog.problems)),
                severity="warning",
            )

    def _catalog_ready(self) -> None:
        """Screens built before the catalogue arrived fill in methods and suggestions now."""
        for screen in self.screen_stack:
            ready = getattr(screen, "catalog_ready", None)
            if callable(ready):
                ready()

    def journal_opened(self, journal: Journal) -> None:
        """Called by the unlock, create and demo paths: show the journal list."""
        from reflect.screens.journal import JournalScreen

        self.journal = journal
        self._last_input = time.monotonic()
        self._reset_to(JournalScreen())

    def _reset_to(self, screen: Screen[None]) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    async def action_quit(self) -> None:
        from reflect.screens.confirm import ConfirmScreen

        if await self._save_everything(stays=None):
            self.exit(0)
        elif not isinstance(self.screen, ConfirmScreen):
            # Said why already; leaving now would lose the changes, so only if asked twice.
            self.push_screen(ConfirmScreen(t("tui.app.quit_question")), callback=self._quit_anyway)

    def _quit_anyway(self, discard: bool | None) -> None:
        if discard:
            self.exit(0)

    def on_unmount(self) -> None:
        journal, self.journal = self.journal, None
        if journal is not None:
            with contextlib.suppress(Exception):
                self.gate.call_blocking(journal.close)
        self.gate.shutdown()
        if self._demo_dir is not None:
            self._demo_dir.cleanup()

    async def _save_everything(self, *, stays: str | None) -> bool:
        """Save every open entry screen, then whatever an earlier failed save left in the
        journal's memory; False when something could not be saved (nothing is closed then).
        ``stays`` is the message for an entry that could not be saved (save_now has already
        said why; None says nothing more)."""
        from reflect.screens.entry import EntryScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, EntryScreen) and not await screen.save_now():
                if stays:
                    self.notify(t(stays), severity="error")
                return False
        journal = self.journal
        if journal is not None:
            try:
                await self.gate.run(save_if_unsaved, journal)
            except ReflectError as exc:
                self.notify(
                    t("tui.app.unsaved", reason=safe(str(exc))), severity="error", timeout=10
                )
                return False
        return True

    # ---- auto-lock ------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown | events.Paste):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _check_idle(self) -> None:
        minutes = self.settings.autolock_minutes
        if self.demo or minutes <= 0 or self.journal is None or self._locking or self._covered:
            return
        if time.monotonic() - self._last_input >= minutes * 60:
            self.lock_journal(automatic=True)

    def action_lock(self) -> None:
        if self.journal is not None and not self._locking and not self._covered:
            self.lock_journal(automatic=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the cover is up, only quitting works (it too saves first): no help, palette,
        settings or articles over an entry that is meant to be hidden."""
        return not self._covered or action == "quit"

    @work(group="lock", exclusive=True, description="lock")
    async def lock_journal(self, automatic: bool) -> None:
        """Save, close (dropping the key and the decrypted entries), and ask again."""
        self._locking = True
        try:
            await self._lock(automatic)
        finally:
            self._locking = False

    async def _lock(self, automatic: bool) -> None:
        from reflect.screens.unlock import UnlockScreen

        if not await self._save_everything(
            stays=None if automatic else "tui.entry.not_saved_stays"
        ):
            # The unsaved text is not thrown away. A lock asked for by hand stays and says
            # why; an automatic one hides the screen until the passphrase is given.
            if automatic:
                self._cover()
            return
        journal, self.journal = self.journal, None
        if journal is None or self.journal_path is None:
            return
        await self.gate.run(journal.close)
        self._reset_to(UnlockScreen(self.journal_path, demo=self.demo))
        if automatic:
            self.notify(t("tui.lock.auto"))

    def _cover(self) -> None:
        from reflect.screens.cover import CoverScreen

        if not self._covered:
            self._covered = True
            self.push_screen(CoverScreen(), callback=self._uncovered)

    def _uncovered(self, _result: None = None) -> None:
        self._covered = False
        self._last_input = time.monotonic()
        self.retry_save()

    @work(group="cover-retry", exclusive=True, description="cover-retry")
    async def retry_save(self) -> None:
        """Back from the cover: try the save once more (a failure is told once, again)."""
        await self._save_everything(stays=None)

    # ---- language, theme, settings ----------------------------------------------------------

    def change_settings(self, settings: Settings) -> None:
        old = self.settings
        self.settings = settings
        if settings.theme != old.theme:
            self._apply_theme(settings.theme)
        if settings.language != old.language:
            self._apply_language(settings.language)
        # A --lang given for this run is not a choice to remember; a switch in the app is.
        if settings.language == old.language:
            settings = replace(settings, language=self._saved_language)
        else:
            self._saved_language = settings.language
        try:
            save_settings(settings)
        except OSError as exc:
            self.notify(
                t("tui.settings.save_failed", error=exc.strerror or str(exc)), severity="error"
            )

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name

    def _apply_language(self, lang: str) -> None:
        set_language(lang)
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if callable(relabel):
                relabel()
            screen.refresh_bindings()

    def action_toggle_language(self) -> None:
        other = "en" if current_language() == "nl" else "nl"
        self.change_settings(replace(self.settings, language=other))

    def action_next_theme(self) -> None:
        names = sorted(self.available_themes)
        index = names.index(self.theme) if self.theme in names else -1
        chosen = names[(index + 1) % len(names)]
        self.change_settings(replace(self.settings, theme=chosen))
        self.notify(t("tui.settings.theme_now", theme=chosen))

    def action_settings(self) -> None:
        from reflect.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_help(self) -> None:
        from reflect.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_browse_articles(self) -> None:
        from reflect.screens.articles import ArticlesScreen

        if not isinstance(self.screen, ArticlesScreen):
            self.push_screen(ArticlesScreen())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications never interpret markup: they carry paths, errors and user text, and
        a "[" in any of those would be read as a style tag (or crash the renderer)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """A bug ends the app with one line and exit code 1, never Textual's traceback: that
        one shows local variables, which here hold passphrases and the text of entries."""
        self._return_code = 1
        if self._exception is None:  # so Pilot tests still see the error
            self._exception = error
            self._exception_event.set()
        self._exit_renderables.append(
            Text(f"reflect: {t('tui.error.internal', kind=type(error).__name__)}")
        )
        self._close_messages_no_wait()

    def get_system_commands(self, screen: Screen[object]) -> tuple[()]:
        return ()  # every command comes from ReflectCommands, in the user's language


def run(journal_path: Path | None, lang: str | None = None, demo: bool = False) -> int:
    """Start the app (the CLI's entry point); returns the exit code."""
    app = ReflectApp(journal_path, demo=demo, lang=lang)
    app.run()
    return app.return_code or 0
