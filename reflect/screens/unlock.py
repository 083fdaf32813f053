"""Unlock an existing journal: the lock first, then the passphrase, the KDF in the gate.

The lock is taken before the passphrase is asked, so nobody types a passphrase for a journal
that another process has open. A wrong passphrase and a damaged file are told apart: the
first lets you retry, the second points to ``reflect check`` and the backups.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.widgets import Button, Checkbox, Footer, Input, LoadingIndicator, Static

from reflect.errors import JournalDamaged, JournalInUse, ReflectError, WrongPassphrase
from reflect.i18n import t
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.vault.journal import Journal
from reflect.vault.storage import JournalLock, existing_backups
from reflect.widgets.safe_text import safe_text


class UnlockScreen(ReflectScreen[Journal]):
    """Dismissed with the unlocked journal."""

    SCOPE = "unlock"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("unlock")

    def __init__(self, ctx: AppContext, path: Path) -> None:
        super().__init__(ctx)
        self.path = path
        self.demo = ctx.demo
        self.journal_lock: JournalLock | None = None
        self.busy = False
        self._submit_pending = False  # enter pressed before the lock was held

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="unlock-box", classes="dialog"):
            yield Static(t("tui.unlock.title"), id="unlock-title", classes="dialog-title")
            yield Static(safe_text(str(self.path)), id="unlock-path", classes="muted")
            if self.demo:
                yield Static(t("tui.unlock.demo_hint"), id="unlock-demo", classes="muted")
            yield Input(password=True, placeholder=t("tui.unlock.placeholder"), id="passphrase")
            yield Checkbox(t("tui.unlock.use_recovery"), id="use-recovery")
            yield Button(t("tui.unlock.button"), id="unlock", variant="primary")
            yield LoadingIndicator(id="unlock-progress")
            yield Static("", id="unlock-message", classes="message")
        yield Footer()

    def relabel(self) -> None:
        self.query_one("#unlock-title", Static).update(t("tui.unlock.title"))
        self.query_one("#passphrase", Input).placeholder = t("tui.unlock.placeholder")
        self.query_one("#use-recovery", Checkbox).label = t("tui.unlock.use_recovery")
        self.query_one("#unlock", Button).label = t("tui.unlock.button")

    def on_mount(self) -> None:
        self.query_one("#unlock-progress").display = False
        self.query_one("#passphrase").focus()
        self.acquire_lock()

    def _say(self, message: str, *, error: bool = True) -> None:
        widget = self.query_one("#unlock-message", Static)
        widget.update(Text(message))  # messages carry paths and errors: never markup
        widget.set_class(error, "error")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#unlock-progress").display = busy
        self.query_one("#unlock", Button).disabled = busy
        if busy:
            self._say(t("tui.unlock.working"), error=False)

    @work(group="journal-open", exclusive=True, description="unlock")
    async def acquire_lock(self) -> None:
        lock = JournalLock(self.path)
        try:
            await self.ctx.gate.run(lock.acquire)
        except JournalInUse:
            self._say(t("tui.unlock.in_use"))
            self.query_one("#passphrase", Input).disabled = True
            self.query_one("#unlock", Button).disabled = True
            return
        except ReflectError as exc:
            self._say(str(exc))
            return
        self.journal_lock = lock
        if self._submit_pending:  # enter came before the lock: it is answered now
            self._submit_pending = False
            self.submit()

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#unlock")
    def submit(self) -> None:
        if self.busy:
            return
        if self.journal_lock is None:
            # The lock is still being taken (a fast typist, a loaded machine): the enter
            # is kept and answered once it is held, never dropped.
            self._submit_pending = True
            return
        secret = self.query_one("#passphrase", Input).value
        if not secret:
            self._say(t("tui.unlock.empty"))
            return
        recovery = self.query_one("#use-recovery", Checkbox).value
        self._set_busy(True)
        self.unlock(secret, recovery)

    @work(group="journal-open", exclusive=True, description="unlock")
    async def unlock(self, secret: str, recovery: bool) -> None:
        assert self.journal_lock is not None
        field = self.query_one("#passphrase", Input)
        try:
            journal = await self.ctx.gate.run(
                Journal.unlock, self.path, secret, self.journal_lock, recovery=recovery
            )
        except WrongPassphrase:
            self._set_busy(False)
            self._say(t("tui.unlock.recovery_wrong" if recovery else "tui.unlock.wrong"))
            field.value = ""
            field.focus()
            return
        except JournalDamaged as exc:
            self._set_busy(False)
            backups = existing_backups(self.path)
            self._say(
                t("tui.unlock.damaged", reason=str(exc), count=len(backups))
                + ("\n" + t("tui.unlock.backups", newest=str(backups[0])) if backups else "")
            )
            return
        except ReflectError as exc:
            self._set_busy(False)
            self._say(str(exc))
            return
        field.value = ""
        self.busy = False
        self.dismiss(journal)


class MissingJournalScreen(ReflectScreen[None]):
    """The journal file is gone but its backups are there: say how to restore, and offer no
    way to create a new journal, which would rotate those backups away."""

    SCOPE = "missing"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("missing")

    def __init__(self, ctx: AppContext, path: Path) -> None:
        super().__init__(ctx)
        self.path = path

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="missing-box", classes="dialog"):
            yield Static(t("tui.missing.title"), id="missing-title", classes="dialog-title")
            yield Static(safe_text(str(self.path)), id="missing-path", classes="muted")
            yield Static("", id="missing-explain", classes="message error")
        yield Footer()

    def on_mount(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        backups = existing_backups(self.path)
        self.query_one("#missing-title", Static).update(t("tui.missing.title"))
        self.query_one("#missing-explain", Static).update(
            safe_text(
                t(
                    "tui.missing.explain",
                    count=len(backups),
                    newest=shlex.quote(str(backups[0])) if backups else "",
                    path=shlex.quote(str(self.path)),
                )
            )
        )
