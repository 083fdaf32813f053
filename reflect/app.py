"""The Textual app: starts on create/unlock (or the demo), owns the open journal.

The app holds the :class:`AppContext` every screen is handed (the journal, the gate every
journal call goes through, the catalogue, the settings) and handles what spans screens:
language, theme, settings, auto-lock, and leaving — always with the open entries saved:
on quit, on SIGTERM/SIGHUP/SIGINT, and when a bug ends the app. Screens live in
:mod:`reflect.screens` and never import this module.
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
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reflect.errors import ReflectError
from reflect.i18n import LANGUAGES, current_language, set_language, t
from reflect.operations.entries import Unsaved, save_on_exit
from reflect.operations.settings import Settings, load_settings, save_settings
from reflect.sanitize import clean_input
from reflect.screens.entry import EntryScreen
from reflect.screens.evaluate import EvaluateScreen
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal, ReflectScreen
from reflect.tui.compat import QuietCrash
from reflect.tui.context import AppContext
from reflect.tui.ending import EXIT_SAVE_TIMEOUT, EndsSafely
from reflect.tui.keys import OrderedKeys
from reflect.tui.palette import ReflectCommands
from reflect.vault.journal import Journal
from reflect.vault.storage import existing_backups
from reflect.vault.sync import Offer
from reflect.widgets.article_picker import forget_learning
from reflect.widgets.safe_text import safe

AUTOLOCK_CHECK_SECONDS = 5.0


def save_if_unsaved(journal: Journal) -> None:
    """Runs in the gate: write what an earlier failed save left in memory."""
    if journal.unsaved:
        journal.save()


def take_recovered(journal: Journal) -> list[dict[str, str]]:
    """Runs in the gate: what was saved as the app was last ended, forgotten once told."""
    return journal.take_recovered()


class ReflectApp(QuietCrash, EndsSafely, OrderedKeys, App[int]):
    """reflect's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "reflect"
    COMMANDS: ClassVar = {ReflectCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("app")
    # Layout only: a screen under 100 columns has the class "-narrow" (see app.tcss). Not a
    # ClassVar: Textual declares it as an instance attribute.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    def __init__(
        self,
        journal_path: Path | None,
        *,
        demo: bool = False,
        lang: str | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        loaded = load_settings()
        self.ctx = AppContext(
            journal_path=journal_path,
            fixed_today=today,  # None: the user's calendar day, each time it is asked
            demo=demo,
            settings=loaded.settings,
        )
        self._settings_problem = loaded.problem
        self._demo_dir: tempfile.TemporaryDirectory[str] | None = None
        self._last_input = time.monotonic()
        self._locking = False  # a lock (save, close) is running
        self._covered = False  # the cover screen hides an entry that could not be saved
        self._warmup_started = False  # the identifier check's warm-up (warm_up_check)
        # An explicit --lang (or REFLECT_LANG) wins for this run, without changing settings.
        self._saved_language = loaded.settings.language
        if lang in LANGUAGES:
            self.ctx.settings = replace(self.ctx.settings, language=lang)
        set_language(self.ctx.settings.language)

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def journal(self) -> Journal | None:
        return self.ctx.journal

    # ---- start and stop -------------------------------------------------------------------

    def on_mount(self) -> None:
        self._apply_theme(self.ctx.settings.theme)
        self._catch_signals()
        if self._settings_problem:
            self.notify(
                t("tui.settings.bad_file", problem=self._settings_problem), severity="warning"
            )
        self.load_catalog()
        self.set_interval(AUTOLOCK_CHECK_SECONDS, self._check_idle)
        if self.ctx.demo:
            self.open_demo()
        else:
            self._push_start_screen()

    def _push_start_screen(self) -> None:
        from reflect.screens.create import CreateScreen
        from reflect.screens.unlock import MissingJournalScreen, UnlockScreen

        path = self.ctx.journal_path
        assert path is not None
        if path.exists():
            self.push_screen(UnlockScreen(self.ctx, path), callback=self.journal_opened)
        elif existing_backups(path):
            # A new journal would rotate these backups away: say how to restore instead.
            self.push_screen(MissingJournalScreen(self.ctx, path))
        else:
            self.push_screen(CreateScreen(self.ctx, path), callback=self.journal_opened)

    @work(group="journal-open", exclusive=True, description="journal-open")
    async def open_demo(self) -> None:
        from reflect.demo import create_demo_journal

        # Fictional data only, in a folder deleted on exit: see reflect.demo.
        self._demo_dir = tempfile.TemporaryDirectory(prefix="reflect-demo-")
        folder = Path(self._demo_dir.name)
        self.ctx.journal_path = folder / "demo.reflect"
        try:
            journal = await self.ctx.gate.run(create_demo_journal, folder, self.ctx.today)
        except ReflectError as exc:
            self.notify(safe(str(exc)), severity="error")
            return
        self.journal_opened(journal)

    @work(thread=True, group="catalog", description="catalog")
    def load_catalog(self) -> None:
        from reflect.catalog import load_catalog

        try:
            catalog = load_catalog()
        except Exception as exc:  # the app works without articles; say why they are missing
            self.call_from_thread(
                self.notify, t("tui.catalog.failed", error=safe(str(exc))), severity="error"
            )
            return
        self.ctx.catalog = catalog
        self.call_from_thread(self._catalog_ready)
        if catalog.problems:
            self.call_from_thread(
                self.notify,
                t("tui.catalog.problems", count=len(catalog.problems)),
                severity="warning",
            )

    def _reflect_screens(self) -> list[ReflectScreen[object] | ReflectModal[object]]:
        # Only screens already mounted: one just pushed builds with the catalogue and the
        # language of the moment anyway, and has no widgets yet to relabel.
        return [
            s
            for s in self.screen_stack
            if isinstance(s, ReflectScreen | ReflectModal) and s.is_mounted
        ]

    def _catalog_ready(self) -> None:
        """Screens built before the catalogue arrived fill in methods and suggestions now."""
        for screen in self._reflect_screens():
            screen.catalog_ready()

    def journal_opened(self, journal: Journal | None) -> None:
        """The unlock, create and demo paths end here: show the journal list."""
        from reflect.screens.journal import JournalScreen

        if journal is None:
            return
        self.ctx.journal = journal
        self._last_input = time.monotonic()
        self._reset_to(JournalScreen(self.ctx))
        self.tell_recovered(journal)
        if not self._warmup_started:  # the first unlock: see warm_up_check
            self._warmup_started = True
            self.warm_up_check()
        if not self.ctx.demo:
            self.offer_merge(journal)

    @work(group="warmup", description="warmup")
    async def warm_up_check(self) -> None:
        """Build the identifier check's lookup tables if they are not there yet (once after
        installing, minutes), in a child process at the lowest priority. Only a daemon thread
        reads its progress from a pipe, so keystrokes never wait (reflect.privacy.warmup)."""
        from reflect.privacy.warmup import BuildUpdate, format_duration, warm_up_in_background
        from reflect.tui.threads import in_daemon_thread

        build = await in_daemon_thread(warm_up_in_background)
        if build is None:
            return
        self.notify(t("tui.warmup.started"), timeout=10)
        shown = [-1]

        def show(update: BuildUpdate) -> None:  # on the reading thread: the status line
            percent = int(update.fraction * 100)
            if percent != shown[0] and update.remaining is not None:
                shown[0] = percent
                left = t("privacy.build.left", time=format_duration(update.remaining))
                message = t("tui.warmup.progress", percent=percent, left=left)
                with contextlib.suppress(RuntimeError):  # the app is gone: nobody to tell
                    self.call_from_thread(self._tell_background, message)

        ok = await in_daemon_thread(build.wait, show)
        self._tell_background("")
        if ok:
            self.notify(t("tui.warmup.ready"), timeout=8)
        else:
            self.notify(t("tui.warmup.failed", kind=build.failure), severity="warning")

    def _tell_background(self, message: str) -> None:
        """Show (or, with "", clear) what runs in the background on the status lines."""
        self.ctx.background = message
        for screen in self._reflect_screens():
            screen.background_changed()

    @work(group="recovered", description="recovered")
    async def tell_recovered(self, journal: Journal) -> None:
        try:
            found = await self.ctx.gate.run(take_recovered, journal)
        except ReflectError as exc:
            self.notify(safe(str(exc)), severity="error")
            return
        if found:
            self.notify(t("tui.app.recovered", count=len(found)), timeout=15)

    @work(group="sync", description="sync")
    async def offer_merge(self, journal: Journal) -> None:
        """Conflict copies a sync tool left beside the journal, or a backup newer than it:
        offer to merge them in (reflect.vault.sync). The offer waits on the user, not on a
        worker: its answer starts :meth:`merge_offered`."""
        from reflect.screens.sync import SyncScreen
        from reflect.vault.sync import find_offer

        try:
            offer = await self.ctx.gate.run(find_offer, journal)
        except ReflectError as exc:
            self.notify(safe(str(exc)), severity="error")
            return
        if offer is None:
            return

        def answered(merge: bool | None) -> None:
            if merge and self.ctx.journal is journal:  # not locked (and closed) meanwhile
                self.merge_offered(journal, offer)

        self.push_screen(SyncScreen(self.ctx, offer), callback=answered)

    @work(group="sync", description="sync-merge")
    async def merge_offered(self, journal: Journal, offer: Offer) -> None:
        from reflect.screens.journal import JournalScreen
        from reflect.vault.sync import merge_copies

        try:
            await self.ctx.gate.run(merge_copies, journal, offer.copies)
        except ReflectError as exc:
            self.notify(t("sync.tui.failed", reason=str(exc)), severity="error", timeout=15)
            return
        self.notify(t("sync.tui.merged", count=len(offer.copies)), timeout=10)
        if isinstance(self.screen, JournalScreen):
            self.screen.reload()

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
        journal, self.ctx.journal = self.ctx.journal, None
        if journal is not None:
            with contextlib.suppress(Exception):
                self.ctx.gate.call_blocking(journal.close)
        self.ctx.gate.shutdown()
        if self._demo_dir is not None:
            self._demo_dir.cleanup()

    async def _save_everything(self, *, stays: str | None) -> bool:
        """Save every open entry screen, then whatever an earlier failed save left in the
        journal's memory; False when something could not be saved (nothing is closed then).
        ``stays`` is the message for an entry that could not be saved (save_now has already
        said why; None says nothing more)."""
        for screen in reversed(self.screen_stack):
            # An evaluation being typed is kept too (reflect.screens.evaluate).
            if isinstance(screen, EntryScreen | EvaluateScreen) and not await screen.save_now():
                if stays:
                    self.notify(t(stays), severity="error")
                return False
        journal = self.ctx.journal
        if journal is not None:
            try:
                await self.ctx.gate.run(save_if_unsaved, journal)
            except ReflectError as exc:
                self.notify(
                    t("tui.app.unsaved", reason=safe(str(exc))), severity="error", timeout=10
                )
                return False
        return True

    # ---- ended from outside, or by a bug (see reflect.tui.ending) ----------------------

    def unsaved_entries(self) -> list[Unsaved]:
        """Every open entry with changes not yet on disk. One screen that cannot say (a bug
        left it half-changed) does not keep the others from being saved."""
        found = []
        for screen in self.screen_stack:
            if isinstance(screen, EntryScreen | EvaluateScreen):
                try:
                    snapshot = screen.exit_snapshot()
                except Exception:  # on the way out, after a bug: save what can be saved
                    continue
                if snapshot is not None:
                    found.append(snapshot)
        return found

    def save_before_crash(self) -> None:
        """Called by :class:`QuietCrash` before a bug ends the app: save what is typed,
        waiting for the gate (the event loop is going down anyway)."""
        journal = self.ctx.journal
        if journal is None:
            return
        unsaved = self.unsaved_entries()
        if unsaved or journal.unsaved:
            with contextlib.suppress(Exception):  # nothing may stop the exit now
                self.ctx.gate.call_blocking(
                    save_on_exit, journal, unsaved, "error", timeout=EXIT_SAVE_TIMEOUT
                )

    def crash_message(self, error: BaseException) -> Text:
        return Text(f"reflect: {t('tui.error.internal', kind=type(error).__name__)}")

    # ---- auto-lock ------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown | events.Paste):
            self._last_input = time.monotonic()
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # A field shows its text to the terminal as it is: an escape sequence pasted into
            # one would act on the terminal (clear it, set the clipboard). Only clean text
            # goes on, as it would be stored (big pastes are still refused by the field).
            cleaned = clean_input(event.text)
            if cleaned != event.text:
                event = events.Paste(cleaned)
        await super().on_event(event)

    def _check_idle(self) -> None:
        minutes = self.ctx.settings.autolock_minutes
        if (
            self.ctx.demo
            or minutes <= 0
            or self.ctx.journal is None
            or self._locking
            or self._covered
        ):
            return
        if time.monotonic() - self._last_input >= minutes * 60:
            self.lock_journal(automatic=True)

    def action_lock(self) -> None:
        if self.ctx.journal is not None and not self._locking and not self._covered:
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
        journal, self.ctx.journal = self.ctx.journal, None
        forget_learning()  # the similarity index holds titles: it goes with the decrypted text
        path = self.ctx.journal_path
        if journal is None or path is None:
            return
        await self.ctx.gate.run(journal.close)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(UnlockScreen(self.ctx, path), callback=self.journal_opened)
        if automatic:
            self.notify(t("tui.lock.auto"))

    def _cover(self) -> None:
        from reflect.screens.cover import CoverScreen

        if not self._covered:
            self._covered = True
            self.push_screen(CoverScreen(self.ctx), callback=self._uncovered)

    def _uncovered(self, _result: None = None) -> None:
        self._covered = False
        self._last_input = time.monotonic()
        self.retry_save()

    @work(group="cover-retry", exclusive=True, description="cover-retry")
    async def retry_save(self) -> None:
        """Back from the cover: try the save once more (a failure is told once, again)."""
        await self._save_everything(stays=None)

    # ---- language, theme, settings ----------------------------------------------------------

    def change_settings(self, settings: Settings | None) -> None:
        if settings is None:
            return
        old = self.ctx.settings
        self.ctx.settings = settings
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
                t("tui.settings.save_failed", error=safe(exc.strerror or str(exc))),
                severity="error",
            )

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name

    def _apply_language(self, lang: str) -> None:
        set_language(lang)
        for reflect_screen in self._reflect_screens():
            reflect_screen.relabel()
        for screen in self.screen_stack:
            screen.refresh_bindings()

    def action_toggle_language(self) -> None:
        other = "en" if current_language() == "nl" else "nl"
        self.change_settings(replace(self.ctx.settings, language=other))

    def action_next_theme(self) -> None:
        names = sorted(self.available_themes)
        index = names.index(self.theme) if self.theme in names else -1
        chosen = names[(index + 1) % len(names)]
        self.change_settings(replace(self.ctx.settings, theme=chosen))
        self.notify(t("tui.settings.theme_now", theme=chosen))

    def action_settings(self) -> None:
        from reflect.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            screen = SettingsScreen(self.ctx, sorted(self.available_themes), self.theme)
            self.push_screen(screen, callback=self.change_settings)

    def action_help(self) -> None:
        from reflect.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_browse_articles(self) -> None:
        from reflect.screens.articles import ArticlesScreen

        if not isinstance(self.screen, ArticlesScreen):
            self.push_screen(ArticlesScreen(self.ctx))

    def action_patterns(self) -> None:
        from reflect.screens.patterns import PatternsScreen

        # Only over an open journal: before unlocking there is nothing to count.
        if self.ctx.journal is not None and not isinstance(self.screen, PatternsScreen):
            self.push_screen(PatternsScreen(self.ctx))

    def action_meetings(self) -> None:
        from reflect.screens.meetings import MeetingsScreen

        if self.ctx.journal is not None and not isinstance(self.screen, MeetingsScreen):
            self.push_screen(MeetingsScreen(self.ctx))

    def action_goals(self) -> None:
        from reflect.screens.goals import GoalsScreen, selected_entry

        # The entry highlighted in the list (or open on screen) is the one ctrl+k links.
        if self.ctx.journal is not None and not isinstance(self.screen, GoalsScreen):
            self.push_screen(GoalsScreen(self.ctx, selected_entry(self.screen)))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications never interpret markup and show control characters inert: they
        carry paths, errors and user text, and a "[" in any of those would be read as a
        style tag, an escape sequence as a command to the terminal."""
        super().notify(
            safe(message), title=safe(title), severity=severity, timeout=timeout, markup=False
        )

    def get_system_commands(self, screen: Screen[object]) -> tuple[()]:
        return ()  # every command comes from ReflectCommands, in the user's language


def run(journal_path: Path | None, lang: str | None = None, demo: bool = False) -> int:
    """Start the app (the CLI's entry point); returns the exit code."""
    app = ReflectApp(journal_path, demo=demo, lang=lang)
    app.run()
    return app.return_code or 0
