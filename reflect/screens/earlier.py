"""An earlier entry's decision and reasons in full, read-only, over the entry being written.

Opened from the pane of earlier similar entries (:mod:`reflect.widgets.similar_pane`);
escape closes it and the cursor goes back to the writing, which was never touched.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Static

from reflect.i18n import t
from reflect.operations.earlier import Earlier
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal
from reflect.widgets.safe_text import safe, safe_text


class EarlierScreen(ReflectModal[None]):
    SCOPE = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")
    DEFAULT_CSS = """
    EarlierScreen .earlier-heading { text-style: bold; margin-top: 1; }
    EarlierScreen .earlier-close { margin-top: 1; }
    """

    def __init__(self, earlier: Earlier) -> None:
        super().__init__()
        self.earlier = earlier

    def compose(self) -> ComposeResult:
        found = self.earlier
        title = safe(" ".join(found.title.split()), keep_newlines=False) or t("cli.untitled")
        meta = t(
            "similar.view.meta",
            date=found.created.date().isoformat(),
            status=t(f"cli.status.{found.status}"),
            percent=round(found.similarity * 100),
        )
        with Vertical(classes="dialog wide", id="earlier-box"):
            yield Static(Text(title), classes="dialog-title")
            yield Static(Text(meta), classes="muted")
            with VerticalScroll(id="earlier-text"):
                yield Static(t("similar.view.decision"), classes="earlier-heading")
                yield Static(self._text(found.decision), id="earlier-decision")
                yield Static(t("similar.view.rationale"), classes="earlier-heading")
                yield Static(self._text(found.rationale), id="earlier-rationale")
            yield Static(t("similar.view.close"), classes="muted earlier-close")
        yield Footer()

    def on_mount(self) -> None:
        # Only as tall as the text (a short decision is a small window), scrolling beyond.
        # Inline: the app's stylesheet makes every wide dialog 90% tall, and wins over
        # DEFAULT_CSS.
        box = self.query_one("#earlier-box", Vertical)
        box.styles.height = "auto"
        box.styles.max_height = "90%"
        text = self.query_one("#earlier-text", VerticalScroll)
        text.styles.height = "auto"
        text.styles.max_height = "75vh"

    @staticmethod
    def _text(text: str) -> Text:
        if not text.strip():
            return Text(t("similar.view.nothing"), style="dim")
        return safe_text(text.strip())
