"""A text area for entry fields that refuses a paste too big to edit comfortably.

Textual's text area needs seconds to take in megabytes at once, and the UI would freeze for
that long. An entry is a few kilobytes, so a paste beyond :data:`MAX_PASTE_CHARS` is almost
always a mistake: it is refused with a message (nothing on screen changes), never truncated.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea

from reflect.i18n import t
from reflect.widgets.safe_text import inert_strip

MAX_PASTE_CHARS = 200_000


class FieldArea(TextArea):
    def render_lines(self, crop: Region) -> list[Strip]:
        # A field just removed (the form is rebuilt for another step) can still be drawn by
        # a refresh already under way; Textual has cleared its styles by then and the text
        # area's theme lookup fails. A removed field has nothing to show.
        if not self.is_attached:
            return [Strip.blank(crop.width) for _ in range(crop.height)]
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        # Stored text from before input was cleaned, or a bidi override typed in: shown as
        # markers, never handed to the terminal (see reflect.widgets.safe_text).
        return inert_strip(super().render_line(y), self.size.width)

    async def _on_paste(self, event: events.Paste) -> None:
        if len(event.text) > MAX_PASTE_CHARS:
            event.stop()
            event.prevent_default()
            self.notify(
                t(
                    "tui.entry.paste_too_big",
                    size=len(event.text) // 1000,
                    max=MAX_PASTE_CHARS // 1000,
                ),
                severity="warning",
                timeout=10,
            )
        # Otherwise Textual calls TextArea's own handler next (handlers run up the MRO
        # unless prevent_default() is called), so nothing more to do here.
