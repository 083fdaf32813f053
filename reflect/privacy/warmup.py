"""Getting the identifier check ready where nobody waits for it.

The first time after installing, deduce's lookup tables must be built (about a minute and a
half on a quiet 2-core machine, up to five on a loaded one, and about 600 MB of memory for
that time; see :mod:`reflect.privacy.lookup_cache`). The build always runs in a child process —
``python -m reflect.privacy.warmup`` — never in a process that shows a UI: a Python thread
building tables would hold the GIL the UI needs for every keystroke, and the memory of the
build is given back when the child ends.

- The app starts it after the journal first unlocks, at low priority
  (:func:`warm_up_in_background`), and follows its progress from a thread that only reads a
  pipe.
- ``reflect export`` (through :func:`reflect.privacy.load_name_detector`) starts it when the
  tables are missing and waits, with a progress bar and an estimate on a terminal, a one-line
  note otherwise (:class:`TerminalProgress`).

The child tells its progress on its standard output, one line each: ``progress FRACTION
STEP``, ``waiting`` (another build holds the lock), then ``ready`` or ``failed KIND``. If the
reader goes away (the app was closed), the child goes on quietly and finishes the cache.

No Textual here: the app's side is a few lines in :mod:`reflect.app`.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TextIO

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.privacy import lookup_cache

# Niceness of a build nobody waits for: the lowest priority, so the app and everything else
# on the machine go first.
BACKGROUND_NICE = 19
# Before this share of the build is done, an estimate would be a guess.
_MIN_FRACTION_FOR_ESTIMATE = 0.05


class BuildFailed(ReflectError):
    """The child process could not build the tables."""


@dataclass(frozen=True)
class BuildUpdate:
    """How far a build is: ``fraction`` done (0..1) after ``elapsed`` seconds."""

    fraction: float
    step: str
    elapsed: float
    # seconds since the fraction last changed (a redraw between two steps)
    since_step: float = 0.0
    waiting: bool = False
    # the last update of a build: ``ok`` says whether the tables are ready
    finished: bool = False
    ok: bool = False

    @property
    def remaining(self) -> float | None:
        """Seconds left, from the pace so far; None while too little is done to tell."""
        if self.waiting or self.fraction < _MIN_FRACTION_FOR_ESTIMATE:
            return None
        at_step = self.elapsed - self.since_step
        total = at_step / self.fraction
        return max(total - self.elapsed, 0.0)


def child_command(*, low_priority: bool) -> list[str]:
    """The command that builds the tables (tests replace it with a fake)."""
    command = [sys.executable, "-m", "reflect.privacy.warmup"]
    return [*command, "--low-priority"] if low_priority else command


class Build:
    """A build running in a child process, followed through its progress lines."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.started = time.monotonic()
        self.ok: bool | None = None
        self.failure = ""
        self._lines: queue.Queue[str | None] = queue.Queue()
        # Reads the pipe so a caller can redraw between lines (a daemon: never holds up exit).
        threading.Thread(target=self._read, name="reflect-warmup", daemon=True).start()

    @classmethod
    def start(cls, *, low_priority: bool) -> Build:
        process = subprocess.Popen(
            child_command(low_priority=low_priority),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            # A build nobody waits for outlives the app, and a Ctrl-C or a closed terminal
            # meant for the app does not reach it; it ends by itself when the cache is written.
            start_new_session=low_priority,
        )
        return cls(process)

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        with contextlib.suppress(OSError, ValueError), stream:
            for line in stream:
                self._lines.put(line.strip())
        self._lines.put(None)

    def updates(self, tick: float | None = None) -> Iterator[BuildUpdate]:
        """Each progress line as it comes; with ``tick``, also an update (same fraction,
        later time) every ``tick`` seconds between lines, for a redraw. Ends when the child
        has said ready or failed, or has ended; :attr:`ok` says which."""
        fraction, step, waiting = 0.0, "", False
        changed = self.started
        while True:
            try:
                line = self._lines.get(timeout=tick)
            except queue.Empty:
                now = time.monotonic()
                yield BuildUpdate(fraction, step, now - self.started, now - changed, waiting)
                continue
            if line is None:
                break
            kind, _, rest = line.partition(" ")
            if kind == "progress":
                number, _, step = rest.partition(" ")
                with contextlib.suppress(ValueError):
                    fraction = min(max(float(number), 0.0), 1.0)
                waiting, changed = False, time.monotonic()
                yield BuildUpdate(fraction, step, changed - self.started, 0.0)
            elif kind == "waiting":
                waiting = True
                now = time.monotonic()
                yield BuildUpdate(fraction, step, now - self.started, now - changed, True)
            elif kind == "ready":
                self.ok = True
            elif kind == "failed":
                self.ok, self.failure = False, rest or "error"
        if self.ok is None:
            self.ok = False
            self.failure = self.failure or "ended early"

    def wait(self, on_update: Callable[[BuildUpdate], None] | None = None) -> bool:
        """Follow the build to its end; True when the tables are ready. ``on_update`` gets
        each update (and one every half second between them), the last with ``finished``."""
        fraction = 0.0
        for update in self.updates(tick=0.5 if on_update else None):
            fraction = update.fraction
            if on_update is not None:
                on_update(update)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        ok = bool(self.ok) and lookup_cache.is_ready()
        if on_update is not None:
            elapsed = time.monotonic() - self.started
            on_update(BuildUpdate(1.0 if ok else fraction, "", elapsed, finished=True, ok=ok))
        return ok

    def stop(self) -> None:
        """End the child (tests; the app lets a build finish)."""
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def warm_up_in_background() -> Build | None:
    """Start building the tables at low priority if they are not there yet (the app, after
    the first unlock). None when there is nothing to do."""
    if lookup_cache.is_ready():
        return None
    return Build.start(low_priority=True)


def build_and_wait(on_update: Callable[[BuildUpdate], None] | None = None) -> None:
    """Build the tables in a child process and wait for them (a command that needs them now).
    Raises :class:`BuildFailed`."""
    build = Build.start(low_priority=False)
    if not build.wait(on_update):
        raise BuildFailed(t("privacy.build.failed", kind=build.failure or "error"))


# ---- on the command line ------------------------------------------------------------------


def format_duration(seconds: float) -> str:
    """``45 s``, ``2 min 05 s`` (the same in Dutch and English)."""
    whole = max(round(seconds), 0)
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


class TerminalProgress:
    """Shows a build on stderr: on a terminal, a bar with the share done and the time left,
    redrawn in place; into a file or a pipe, one note when the build starts. Call it with
    each :class:`BuildUpdate`, then :meth:`finish`."""

    WIDTH = 24

    def __init__(self, stream: TextIO, *, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = _isatty(stream) if tty is None else tty
        self.started = False
        self._last = ""

    def __call__(self, update: BuildUpdate) -> None:
        if update.finished:
            self.finish(update.ok, update.elapsed)
            return
        if not self.started:
            self.started = True
            if not self.tty:
                self._write(t("privacy.build.note") + "\n")
                return
        if not self.tty:
            return
        line = self.render(update)
        if line != self._last:
            # \r and erase-line: the bar is redrawn in place.
            self._write("\r\x1b[K" + line)
            self._last = line

    def render(self, update: BuildUpdate) -> str:
        filled = int(update.fraction * self.WIDTH)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        remaining = update.remaining
        if update.waiting:
            left = t("privacy.build.waiting")
        elif remaining is None:
            left = t("privacy.build.estimating")
        else:
            left = t("privacy.build.left", time=format_duration(remaining))
        percent = int(update.fraction * 100)
        return t("privacy.build.bar", bar=bar, percent=percent, left=left)

    def finish(self, ok: bool, elapsed: float) -> None:
        """On a terminal the bar gives way to one line saying the check is ready (or to the
        error the command prints next); into a pipe the note said it all."""
        if not self.started or not self.tty:
            return
        self._write("\r\x1b[K")
        if ok:
            self._write(t("privacy.build.done", time=format_duration(elapsed)) + "\n")

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.write(text)
            self.stream.flush()


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


# ---- the child process ----------------------------------------------------------------------


class _Teller:
    """The child's progress lines on the pipe; quiet once the reader has gone."""

    def __init__(self, stream: TextIO) -> None:
        self.stream: TextIO | None = stream

    def __call__(self, line: str) -> None:
        if self.stream is None:
            return
        try:
            self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = None

    def close(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.close()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m reflect.privacy.warmup [--low-priority]``: build the tables, telling the
    progress on stdout. Exit 0 when the cache is ready."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--low-priority" in args:
        with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
            os.nice(BACKGROUND_NICE)
    # The protocol keeps the real stdout; anything else printed (deduce's logging, a warning)
    # goes to stderr, which the parent does not read.
    tell = _Teller(os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8"))
    sys.stdout = sys.stderr
    try:
        with lookup_cache.quiet_root_logger():
            lookup_cache.build_cache(
                lambda fraction, step: tell(f"progress {fraction:.4f} {step}"),
                waiting=lambda: tell("waiting"),
            )
    except Exception as exc:
        tell(f"failed {type(exc).__name__}")
        return 1
    else:
        tell("ready")
        return 0
    finally:
        tell.close()


if __name__ == "__main__":
    sys.exit(main())
