"""The entries past their delete-after date, and the offer to destroy them.

Shown after an unlock when entries are due (and from the journal list on request). It lists
them (written, delete-after date, title) and asks; "not now" is the default and escape's
answer. Dismissed with True to destroy, False to keep them for now: the journal screen does
the destroying, through the gate (:func:`reflect.operations.retention.destroy_due`).
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
from reflect.operations.retention import Due
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal
from reflect.widgets.safe_text import safe

TITLE_WIDTH = 60
# Lines listed at most: a default period set on a journal of years can make thousands due at
# once, and a widget per line would freeze the screen; the count says how many there are.
MAX_LINES = 100
DIALOG_WIDTH = 76  # wider than a question dialog: two dates and a title on each line


class DueEntriesScreen(ReflectModal[bool]):
    SCOPE = "confirm"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("confirm")
    DEFAULT_CSS = """
    DueEntriesScreen #due-list { height: auto; max-height: 12; margin-top: 1; }
    DueEntriesScreen .due-row { height: 1; }
    """

    def __init__(self, due: list[Due]) -> None:
        super().__init__()
        self.due = due

    def compose(self) -> ComposeResult:
        count = len(self.due)
        with Vertical(id="due-box", classes="dialog"):
            yield Static(t("tui.retention.title", count=count), classes="dialog-title")
            yield Static(t("tui.retention.explain"), classes="muted")
            with VerticalScroll(id="due-list"):
                for item in self.due[:MAX_LINES]:
                    title = " ".join(item.title.split()) or t("tui.untitled")
                    line = t(
                        "tui.retention.row",
                        created=item.created.isoformat(),
                        date=item.destroy_on.isoformat(),
                        title=safe(title, keep_newlines=False)[:TITLE_WIDTH],
                    )
                    # User text: never markup, one line, cut at the dialog's edge.
                    yield Static(Text(line, no_wrap=True, overflow="ellipsis"), classes="due-row")
                if count > MAX_LINES:
                    yield Static(t("tui.retention.more", count=count - MAX_LINES), classes="muted")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.retention.later"), id="due-later", variant="primary")
                yield Button(
                    t("tui.retention.destroy", count=count), id="due-destroy", variant="error"
                )

    def on_mount(self) -> None:
        # Inline: the app's stylesheet (.dialog) outranks a screen's DEFAULT_CSS.
        self.query_one("#due-box").styles.width = DIALOG_WIDTH
        self.query_one("#due-later").focus()

    @on(Button.Pressed, "#due-destroy")
    def destroy(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#due-later")
    def action_no(self) -> None:
        self.dismiss(False)
