"""A footer whose key descriptions follow the current language.

Binding descriptions are message keys (``tui.key.save``), translated each time the footer
is built, so switching language only needs the bindings refreshed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reflect.i18n import t


class TranslatedFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description.startswith("tui."):
                widget.description = t(widget.description)
            yield widget
