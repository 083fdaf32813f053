"""The offer to merge what a sync tool left beside the journal, shown after an unlock.

It lists each conflict copy (or the backup newer than the journal) with what merging it
adds, in numbers, and the copies that cannot be merged here with why. "Not now" is the
default and escape's answer. Dismissed with True to merge, False to leave the copies: the app
does the merging, through the gate (:func:`reflect.vault.sync.merge_copies`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from reflect.i18n import t
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal
from reflect.tui.context import AppContext
from reflect.vault.sync import Offer, describe_copy, describe_report
from reflect.widgets.safe_text import safe


class SyncScreen(ReflectModal[bool]):
    SCOPE = "confirm"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("confirm")
    DEFAULT_CSS = """
    SyncScreen #sync-list { height: auto; max-height: 14; margin-top: 1; }
    SyncScreen .sync-copy { text-style: bold; margin-top: 1; }
    """

    def __init__(self, ctx: AppContext, offer: Offer) -> None:
        super().__init__(ctx)
        self.offer = offer

    def _lines(self) -> list[tuple[str, str]]:
        """(text, class) for each line of the list: a copy's name, then what it adds."""
        lines: list[tuple[str, str]] = []
        for item, report in zip(self.offer.copies, self.offer.reports, strict=True):
            lines.append((describe_copy(item, self.offer.newer), "sync-copy"))
            if not item.same_key:
                lines.append((t("sync.merge.other_key"), "sync-line"))
            lines += [(f"  {line}", "sync-line") for line in describe_report(report)]
        for path, reason in self.offer.refused:
            lines.append((path.name, "sync-copy"))
            lines.append((t("sync.tui.unusable", reason=reason), "sync-line error"))
        return lines

    def compose(self) -> ComposeResult:
        with Vertical(id="sync-box", classes="dialog"):
            yield Static(t("sync.tui.title"), classes="dialog-title")
            yield Static(t("sync.tui.intro"), classes="muted")
            with VerticalScroll(id="sync-list"):
                for text, classes in self._lines():
                    # File names carry user and computer names: never markup, shown inert.
                    yield Static(Text(safe(text, keep_newlines=False)), classes=classes)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("sync.tui.later"), id="sync-later", variant="primary")
                yield Button(
                    t("sync.tui.merge"),
                    id="sync-merge",
                    variant="warning",
                    disabled=not self.offer.copies,
                )

    def on_mount(self) -> None:
        self.query_one("#sync-later").focus()

    @on(Button.Pressed, "#sync-merge")
    def merge(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#sync-later")
    def action_no(self) -> None:
        self.dismiss(False)
