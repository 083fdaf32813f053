"""The two read-only panes of the export screen: the identifier findings and the preview.

Both show user text, so both build Rich ``Text`` (never markup) from :func:`safe` strings:
a finding's context or a pasted escape sequence is shown, never interpreted. Each pane is a
single ``Static`` in a scroll container, so hundreds of findings or a long export cost one
widget, and both are capped so a huge selection cannot stall the UI while it draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from reflect.i18n import t
from reflect.operations.exporting import finding_lines
from reflect.privacy.check import Finding
from reflect.widgets.safe_text import safe

PREVIEW_CHARS = 60_000  # the preview stops here; the file always holds everything
FINDINGS_SHOWN = 200


def preview_text(markdown: str) -> Text:
    """The Markdown of :func:`reflect.export.render_preview` as inert, lightly styled text."""
    cut = len(markdown) > PREVIEW_CHARS
    text = Text()
    for line in safe(markdown[:PREVIEW_CHARS]).split("\n"):
        if line.startswith("#"):
            text.append(line, style="bold")
        elif line.startswith(">"):
            text.append(line, style="italic")
        else:
            text.append(line)
        text.append("\n")
    if cut:
        text.append(t("tui.export.preview_cut"), style="italic")
    return text


def findings_text(findings: Sequence[Finding], lang: str) -> Text:
    """One line per finding: kind, the text in its context, and where it is — the lines the
    CLI prints, through the same sanitiser (:func:`reflect.operations.exporting.finding_lines`)."""
    text = Text()
    for line in finding_lines(findings[:FINDINGS_SHOWN], lang):
        text.append("• ")
        text.append(line)
        text.append("\n")
    if len(findings) > FINDINGS_SHOWN:
        text.append(f"… +{len(findings) - FINDINGS_SHOWN}")
    text.rstrip()
    return text


class FindingsList(VerticalScroll, can_focus=False):
    """The findings of the identifier check, listed with their context."""

    def compose(self) -> ComposeResult:
        yield Static("", id="findings-text")

    def show(self, findings: Sequence[Finding], lang: str) -> None:
        self.query_one("#findings-text", Static).update(findings_text(findings, lang))
        self.display = bool(findings)
        self.scroll_home(animate=False)


class PreviewPane(VerticalScroll):
    """The export as it will be written (Markdown source), scrollable with the keys."""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-text")

    def show(self, content: Text | str) -> None:
        self.query_one("#preview-text", Static).update(
            content if isinstance(content, Text) else Text(content)
        )
