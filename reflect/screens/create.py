"""First run: create the journal, then show the recovery code once and have it confirmed.

The passphrase is typed twice with a live hint on length and strength. Creating runs the
KDF calibration and two derivations, so it happens in the gate with a progress indicator.
The recovery code is shown once; typing its last group back proves it was seen.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.widgets import Button, Footer, Input, LoadingIndicator, Static

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.passphrase import MIN_INTERACTIVE_LENGTH
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.vault.journal import Journal
from reflect.vault.recovery import normalise_recovery_code
from reflect.widgets.safe_text import safe_text


def strength_key(passphrase: str) -> str:
    """A rough hint, not a promise: length and variety, words count most."""
    if len(passphrase) < MIN_INTERACTIVE_LENGTH:
        return "tui.create.strength.short"
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    words = len(passphrase.split())
    if len(passphrase) >= 20 or words >= 4 or (len(passphrase) >= 14 and kinds >= 3):
        return "tui.create.strength.strong"
    return "tui.create.strength.fair"


class CreateScreen(ReflectScreen[Journal]):
    """Dismissed with the new journal, once its recovery code was confirmed."""

    SCOPE = "create"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("create")

    def __init__(self, ctx: AppContext, path: Path) -> None:
        super().__init__(ctx)
        self.path = path
        self.journal: Journal | None = None
        self.recovery = ""
        self.busy = False

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="create-box", classes="dialog"):
            yield Static(t("tui.create.title"), classes="dialog-title", id="create-title")
            yield Static(safe_text(str(self.path)), classes="muted")
            with Vertical(id="create-step-passphrase"):
                yield Static(t("tui.create.intro", min=MIN_INTERACTIVE_LENGTH), id="create-intro")
                yield Input(
                    password=True, placeholder=t("tui.create.passphrase"), id="new-passphrase"
                )
                yield Input(
                    password=True, placeholder=t("tui.create.repeat"), id="repeat-passphrase"
                )
                yield Static(
                    t("tui.create.strength.short", min=MIN_INTERACTIVE_LENGTH),
                    id="strength",
                    classes="muted",
                )
                yield Button(t("tui.create.button"), id="create", variant="primary")
                yield LoadingIndicator(id="create-progress")
            with Vertical(id="create-step-recovery"):
                yield Static(t("tui.create.recovery_intro"), id="recovery-intro")
                yield Static("", id="recovery-code", classes="recovery-code")
                yield Input(placeholder=t("tui.create.recovery_confirm"), id="recovery-confirm")
                yield Button(t("tui.create.done"), id="recovery-done", variant="primary")
            yield Static("", id="create-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#create-step-recovery").display = False
        self.query_one("#create-progress").display = False
        self.query_one("#new-passphrase").focus()

    def _say(self, message: str, *, error: bool = True) -> None:
        widget = self.query_one("#create-message", Static)
        widget.update(Text(message))  # messages carry paths and errors: never markup
        widget.set_class(error, "error")

    @on(Input.Changed, "#new-passphrase")
    def show_strength(self, event: Input.Changed) -> None:
        self.query_one("#strength", Static).update(
            t(strength_key(event.value), min=MIN_INTERACTIVE_LENGTH)
        )

    @on(Input.Submitted, "#new-passphrase")
    def next_field(self) -> None:
        self.query_one("#repeat-passphrase").focus()

    @on(Input.Submitted, "#repeat-passphrase")
    @on(Button.Pressed, "#create")
    def submit(self) -> None:
        if self.busy:
            return
        first = self.query_one("#new-passphrase", Input).value
        second = self.query_one("#repeat-passphrase", Input).value
        if len(first) < MIN_INTERACTIVE_LENGTH:
            self._say(t("tui.create.too_short", min=MIN_INTERACTIVE_LENGTH))
            return
        if first != second:
            self._say(t("tui.create.mismatch"))
            self.query_one("#repeat-passphrase", Input).value = ""
            self.query_one("#repeat-passphrase").focus()
            return
        self.busy = True
        self.query_one("#create-progress").display = True
        self.query_one("#create", Button).disabled = True
        self._say(t("tui.create.working"), error=False)
        self.create(first)

    @work(group="journal-open", exclusive=True, description="create")
    async def create(self, passphrase: str) -> None:
        try:
            journal, recovery = await self.ctx.gate.run(
                Journal.create, self.path, passphrase
            )
        except ReflectError as exc:
            self.busy = False
            self.query_one("#create-progress").display = False
            self.query_one("#create", Button).disabled = False
            self._say(str(exc))
            return
        self.journal, self.recovery = journal, recovery
        self.query_one("#new-passphrase", Input).value = ""
        self.query_one("#repeat-passphrase", Input).value = ""
        self.query_one("#create-step-passphrase").display = False
        self.query_one("#create-step-recovery").display = True
        self.query_one("#recovery-code", Static).update(recovery)
        self._say("", error=False)
        self.query_one("#recovery-confirm").focus()

    @on(Input.Submitted, "#recovery-confirm")
    @on(Button.Pressed, "#recovery-done")
    def confirm_recovery(self) -> None:
        if self.journal is None:
            return
        typed = normalise_recovery_code(self.query_one("#recovery-confirm", Input).value)
        last_group = self.recovery.rsplit("-", 1)[-1]
        if typed != last_group:
            self._say(t("tui.create.recovery_wrong"))
            return
        journal, self.journal, self.recovery = self.journal, None, ""
        self.query_one("#recovery-code", Static).update("")
        self.dismiss(journal)
