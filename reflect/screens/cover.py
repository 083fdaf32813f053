"""A screen that hides everything while an unsaved entry keeps the journal open.

Auto-lock closes the journal only after every change is saved. When a save keeps failing,
the journal cannot be closed without losing typed text, so the screen is covered instead:
nothing of the entries is drawn, and the passphrase, checked against the open journal in the
gate, returns to the entry with its text intact.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.widgets import Button, Footer, Input, Static

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.widgets.safe_text import safe


class CoverScreen(ReflectScreen[None]):
    SCOPE = "cover"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("cover")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.busy = False

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="cover-box", classes="dialog"):
            yield Static(t("tui.cover.title"), id="cover-title", classes="dialog-title")
            yield Static(t("tui.cover.explain"), id="cover-explain")
            yield Input(password=True, placeholder=t("tui.cover.placeholder"), id="passphrase")
            yield Button(t("tui.cover.button"), id="uncover", variant="primary")
            yield Static("", id="cover-message", classes="message")
        yield Footer()

    def relabel(self) -> None:
        self.query_one("#cover-title", Static).update(t("tui.cover.title"))
        self.query_one("#cover-explain", Static).update(t("tui.cover.explain"))
        self.query_one("#passphrase", Input).placeholder = t("tui.cover.placeholder")
        self.query_one("#uncover", Button).label = t("tui.cover.button")

    def on_mount(self) -> None:
        self.query_one("#passphrase").focus()

    def _say(self, message: str, *, error: bool = True) -> None:
        widget = self.query_one("#cover-message", Static)
        widget.update(Text(message))  # messages carry paths and errors: never markup
        widget.set_class(error, "error")

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#uncover")
    def submit(self) -> None:
        if self.busy:
            return
        secret = self.query_one("#passphrase", Input).value
        if not secret:
            self._say(t("tui.cover.empty"))
            return
        self.busy = True
        self.query_one("#uncover", Button).disabled = True
        self._say(t("tui.cover.working"), error=False)
        self.check(secret)

    @work(group="cover-check", exclusive=True, description="cover-check")
    async def check(self, secret: str) -> None:
        journal = self.ctx.journal
        field = self.query_one("#passphrase", Input)
        try:
            ok = journal is None or await self.ctx.gate.run(journal.check_secret, secret)
        except ReflectError as exc:
            ok = False
            self._say(safe(str(exc)))
        else:
            if not ok:
                self._say(t("tui.cover.wrong"))
        self.busy = False
        self.query_one("#uncover", Button).disabled = False
        field.value = ""
        if ok:
            self.dismiss(None)
        else:
            field.focus()
