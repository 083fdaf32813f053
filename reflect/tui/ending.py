"""Leaving safely when the app is ended from outside: SIGTERM (a shutdown), SIGHUP (the
terminal closed) and SIGINT save every open entry into the encrypted journal, then leave
through Textual's own exit, which restores the terminal (so no entry text stays on screen
under the prompt). The app supplies what is unsaved (:meth:`EndsSafely.unsaved_entries`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from types import FrameType
from typing import TYPE_CHECKING

from textual import work

from reflect.errors import ReflectError
from reflect.operations.entries import Unsaved, save_on_exit

if TYPE_CHECKING:
    from reflect.tui.context import AppContext

EXIT_SAVE_TIMEOUT = 20.0  # a save on the way out waits at most this long for the gate
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class EndsSafely:
    """Mixin for the App (before ``App`` in the bases)."""

    ctx: AppContext
    _ending = False  # a signal asked the app to save and leave

    def unsaved_entries(self) -> list[Unsaved]:
        """Every open entry with changes not yet on disk (provided by the app)."""
        return []

    _terminal_fds: tuple[int, ...] = ()  # stdin/stdout/stderr that were a terminal at start
    _hung_up = False  # that terminal has gone (window closed, ssh dropped)

    def _catch_signals(self) -> None:
        """SIGTERM (a shutdown), SIGHUP (the terminal closed) and SIGINT save what is typed
        and leave through Textual's own exit, which restores the terminal. A second signal
        while that save runs is ignored: the app leaves as soon as the save is done.

        A closed terminal also sends SIGCONT, on which Textual's driver starts a second
        output thread; on a terminal that is gone it dies at its first write, and when its
        queue is full Textual's next write blocks for good: the app hangs, the journal stays
        locked. So SIGCONT reaches Textual only while the terminal is there, and once it is
        gone the output goes to /dev/null, so the save and the exit go on."""
        loop = asyncio.get_running_loop()
        for signum in ENDING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._ended_by_signal, signum)
        if self.is_headless or not hasattr(signal, "SIGCONT"):  # type: ignore[attr-defined]
            return  # Pilot tests: no terminal to watch, and pytest's signals stay its own
        self._terminal_fds = tuple(fd for fd in (0, 1, 2) if os.isatty(fd))
        previous = signal.getsignal(signal.SIGCONT)

        def on_continue(signum: int, frame: FrameType | None) -> None:
            if self._terminal_gone():
                return  # a hangup, not a resume from ctrl+z: nothing to draw on again
            if callable(previous):
                previous(signum, frame)

        if self._terminal_fds:
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signal.SIGCONT, on_continue)

    def _terminal_gone(self) -> bool:
        """True once the terminal the app started on has hung up; from then on stdout and
        stderr go to /dev/null, so no write fails (Textual's output thread would die) and
        Python's last flush cannot turn the exit code into 120."""
        if self._hung_up:
            return True
        if not self._terminal_fds or any(os.isatty(fd) for fd in self._terminal_fds):
            return False
        self._hung_up = True
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                for fd in self._terminal_fds:
                    if fd != 0:  # input stays: Textual's reader sees the end of it
                        os.dup2(null, fd)
            finally:
                os.close(null)
        return True

    def _ended_by_signal(self, signum: int) -> None:
        self._terminal_gone()
        if not self._ending:
            self._ending = True
            self.leave_after_signal(signum)

    @work(group="ending", exclusive=True, description="ending")
    async def leave_after_signal(self, signum: int) -> None:
        journal, unsaved = self.ctx.journal, self.unsaved_entries()
        if journal is not None and (unsaved or journal.unsaved):
            with contextlib.suppress(ReflectError, TimeoutError):
                await asyncio.wait_for(
                    self.ctx.gate.run(save_on_exit, journal, unsaved, "signal"), EXIT_SAVE_TIMEOUT
                )
        self.exit(return_code=128 + signum)  # type: ignore[attr-defined]

