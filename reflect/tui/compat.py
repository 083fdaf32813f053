"""The one place reflect relies on private Textual APIs, each behind a small wrapper.

When a bug escapes a handler, Textual's ``App._handle_exception`` records the error (for
Pilot tests to re-raise), sets exit code 1 and calls ``App._fatal_error``, which prints a
traceback *with local variables* — here they hold passphrases and the text of entries. No
public hook replaces that printout, so :class:`QuietCrash` overrides ``_fatal_error``: it
first lets the app save what is typed, then leaves through the public ``App.exit`` with one
line. ``tests/tui/test_textual_compat.py`` fails if Textual stops calling ``_fatal_error``
this way (then a traceback would show again).
"""

from __future__ import annotations

import contextlib
import sys

from rich.console import RenderableType
from textual.message import Message

# The private method this module overrides; the test checks Textual still has and calls it.
PRIVATE_HOOK = "_fatal_error"
# The private flag ``Message.stop()`` sets; Textual offers no public way to read it.
STOPPED_FLAG = "_stop_propagation"


def key_was_stopped(event: Message) -> bool:
    """Whether a widget stopped this key (it will not bubble further up). Used to hand out
    keys in order (:mod:`reflect.tui.keys`); the test checks ``stop()`` still sets it."""
    return bool(getattr(event, STOPPED_FLAG))


class QuietCrash:
    """Mixin for the App: on a bug, save, then exit 1 with one line and no traceback."""

    def save_before_crash(self) -> None:
        """Save what the user typed (overridden by the app)."""

    def crash_message(self, error: BaseException) -> RenderableType:
        """The one line shown after the app has gone (overridden by the app)."""
        return f"internal error ({type(error).__name__})"

    def panic(self, *renderables: RenderableType) -> None:
        """Textual's public way out for an error that renders itself (an exception with
        ``__rich__``, a stylesheet error): what is typed is saved first here too."""
        with contextlib.suppress(Exception):
            self.save_before_crash()
        super().panic(*renderables)  # type: ignore[misc]

    def _fatal_error(self) -> None:
        # Textual calls this inside its ``except`` block: exc_info() is the bug.
        error = sys.exc_info()[1] or RuntimeError("unknown error")
        # A save that fails now must not escape into Textual's error handling (that is a
        # second crash, with a traceback): the exit below has to happen either way.
        with contextlib.suppress(Exception):
            self.save_before_crash()
        self.exit(return_code=1, message=self.crash_message(error))  # type: ignore[attr-defined]
