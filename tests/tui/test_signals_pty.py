"""The app ended from outside, in a real pseudo-terminal: SIGTERM (a shutdown), SIGHUP and
SIGINT save the entry being typed, restore the terminal and exit with 128 + the signal's
number; closing the terminal saves it too; the next start says what was kept.

Each test starts ``python -m reflect.cli`` on its own pty, as the leader of a new session
with the pty as its controlling terminal (so closing the pty sends the real hangup), reads
what the app draws until a known text appears, and types like a user. The journal is made
in-process first, and opened again only after the process is gone (it holds the lock).
"""

from __future__ import annotations

import os
import re
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.fields import FIELDS, FieldSpec
from reflect.i18n import t
from reflect.vault.journal import Journal
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, make_journal, settle, unlock

if sys.platform == "win32":  # pragma: no cover - no pty, no SIGHUP
    pytest.skip("needs a POSIX pseudo-terminal (pty)", allow_module_level=True)
termios = pytest.importorskip("termios", reason="needs a POSIX pseudo-terminal (pty)")
fcntl = pytest.importorskip("fcntl", reason="needs a POSIX pseudo-terminal (pty)")
if not hasattr(os, "openpty"):  # pragma: no cover
    pytest.skip("needs a POSIX pseudo-terminal (os.openpty)", allow_module_level=True)

TITLE = "Fictief: huisbezoek"
ROWS, COLUMNS = 24, 80
START_TIMEOUT = 30.0  # the app starts in 1-2 s; a loaded 2-core CI machine gets room
STEP_TIMEOUT = 20.0
EXIT_TIMEOUT = 40.0  # the save on the way out may wait up to EXIT_SAVE_TIMEOUT (20 s)
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"

# Runs first in the child: the pty (its stdin) becomes the controlling terminal of the new
# session (opening a tty does that for a session leader that has none), then the app.
ON_THE_PTY = (
    "import os, sys; os.close(os.open(os.ttyname(0), os.O_RDWR)); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)

# The app with the save on the way out made slow (a slow disk), and saying on a file when
# that save begins. The app goes on drawing (a blinking cursor) while it runs.
SLOW_EXIT_SAVE = """
import sys, time
from pathlib import Path
import reflect.app, reflect.tui.ending
real = reflect.app.save_on_exit
def slow(*args, **kwargs):
    Path(sys.argv[2]).touch()
    time.sleep(float(sys.argv[1]))
    return real(*args, **kwargs)
reflect.app.save_on_exit = slow  # after a bug
reflect.tui.ending.save_on_exit = slow  # after a signal
from reflect.cli import main
sys.exit(main([]))
"""


class Terminal:
    """A child process on a pty, seen from the terminal's side (the master)."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.output = bytearray()
        master, slave = os.openpty()
        size = struct.pack("HHHH", ROWS, COLUMNS, 0, 0)
        fcntl.ioctl(master, termios.TIOCSWINSZ, size)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", ON_THE_PTY, *argv],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
            )
        finally:
            os.close(slave)  # the child's copies only: its exit ends the output (EIO)
        self.fd: int | None = master

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read(self, wait: float) -> bool:
        """Read what is there (waiting up to ``wait``); False once nothing more can come."""
        if self.fd is None:
            return False
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: every copy of the child's side is closed
            data = b""
        self.output.extend(data)
        return bool(data)

    def expect(
        self, text: str | re.Pattern[bytes], *, since: int = 0, timeout: float = STEP_TIMEOUT
    ) -> int:
        """Read until ``text`` is drawn (after byte ``since``); the offset just after it."""
        wanted = re.compile(re.escape(text.encode("utf-8"))) if isinstance(text, str) else text
        deadline = time.monotonic() + timeout
        more = True
        while True:
            if found := wanted.search(self.output, since):
                return found.end()
            if not more or time.monotonic() > deadline:
                break
            more = self._read(0.05)
        tail = bytes(self.output[-1500:]).decode("utf-8", "replace")
        code = self.process.poll()
        raise AssertionError(f"{text!r} did not appear (exit code {code}); last: {tail!r}")

    def send(self, data: str) -> None:
        assert self.fd is not None
        os.write(self.fd, data.encode("utf-8"))

    def wait_for_file(self, path: Path, timeout: float = STEP_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not path.exists():
            assert time.monotonic() < deadline, f"{path.name} did not appear"
            self._read(0.05)

    def wait(self, timeout: float = EXIT_TIMEOUT) -> int:
        """The exit code, reading all the while (a full pty would stop the child)."""
        deadline = time.monotonic() + timeout
        while (code := self.process.poll()) is None:
            assert time.monotonic() < deadline, f"the app did not exit within {timeout:.0f} s"
            if not self._read(0.05):
                time.sleep(0.05)
        while self._read(0.2):  # the last of what it wrote
            pass
        return code

    def hang_up(self) -> None:
        """Close the terminal, as a closed window or a dropped ssh connection does."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.hang_up()


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """Start apps on ptys; whatever a test leaves running is killed."""
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.kill()


def child_env(tmp_path: Path) -> dict[str, str]:
    """The test's environment (journal, config and exports in tmp_path, the instant KDF,
    English), an 80x24 xterm, and no Textual devtools or driver settings from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
        HOME=str(tmp_path / "home"),
        XDG_DOCUMENTS_DIR=str(tmp_path / "Documents"),
        TEXTUAL_ANIMATIONS="none",
    )
    return env


def start(
    terminals: list[Terminal], tmp_path: Path, *, slow_exit_save: float | None = None
) -> Terminal:
    if slow_exit_save is None:
        argv = [sys.executable, "-m", "reflect.cli"]
    else:
        marker = str(tmp_path / "exit-save-started")
        argv = [sys.executable, "-c", SLOW_EXIT_SAVE, str(slow_exit_save), marker]
    terminal = Terminal(argv, child_env(tmp_path))
    terminals.append(terminal)
    return terminal


def focused_placeholder(spec: FieldSpec) -> re.Pattern[bytes]:
    """The field's placeholder with the cursor on its first letter (a style of its own):
    the form is there *and* typing goes into the field. Keys sent when the placeholder is
    first drawn can come before the focus, and be lost."""
    assert spec.hint is not None
    hint = spec.hint.text("en").encode("utf-8")
    return re.compile(re.escape(hint[:1]) + rb"(?:\x1b\[[0-9;]*m)+" + re.escape(hint[1:]))


def type_unsaved_entry(terminal: Terminal, journal_path: Path) -> None:
    """Unlock, open a new entry, type its title, and stop before anything saves it."""
    terminal.expect(t("tui.unlock.title"), timeout=START_TIMEOUT)
    terminal.send(PASSPHRASE + "\r")
    listed = terminal.expect(t("tui.journal.empty").split(".")[0])
    before = journal_path.read_bytes()
    terminal.send("\x0e")  # ctrl+n
    form = terminal.expect(focused_placeholder(FIELDS[0]), since=listed)
    terminal.send(TITLE)
    terminal.expect(TITLE, since=form)
    terminal.expect(t("tui.entry.unsaved"), since=form)
    if journal_path.read_bytes() != before:  # the autosave (3 s after typing) came first
        pytest.skip("this machine was too slow: the autosave ran before the signal")


def saved(journal_path: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The titles on disk, and (title, reason) of what was noted as saved on the way out."""
    with Journal.open(journal_path, PASSPHRASE) as journal:
        entries = journal.list_entries()
        titles = {entry.id: entry.title for entry in entries}
        notes = [(titles.get(n["entry_id"], "?"), n["reason"]) for n in journal.take_recovered()]
    return [entry.title for entry in entries], notes


def assert_terminal_restored(terminal: Terminal, since: int) -> None:
    """After the signal the app left the alternate screen and showed the cursor again, so
    the entry's text does not stay on screen under the shell's prompt."""
    after = bytes(terminal.output[since:])
    assert LEAVE_ALT_SCREEN in after, after[-400:]
    assert SHOW_CURSOR in after[after.rindex(LEAVE_ALT_SCREEN) :], after[-400:]


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["SIGTERM", "SIGHUP", "SIGINT"]
)
def test_a_signal_saves_the_entry_restores_the_terminal_and_exits_128_plus_n(
    terminals: list[Terminal], tmp_path: Path, journal_path: Path, signum: int
) -> None:
    make_journal(journal_path)
    terminal = start(terminals, tmp_path)
    type_unsaved_entry(terminal, journal_path)
    mark = len(terminal.output)
    os.kill(terminal.pid, signum)
    assert terminal.wait() == 128 + signum
    assert_terminal_restored(terminal, mark)
    assert saved(journal_path) == ([TITLE], [(TITLE, "signal")])


def test_a_second_signal_during_the_save_does_not_lose_the_entry(
    terminals: list[Terminal], tmp_path: Path, journal_path: Path
) -> None:
    make_journal(journal_path)
    terminal = start(terminals, tmp_path, slow_exit_save=1.0)
    type_unsaved_entry(terminal, journal_path)
    mark = len(terminal.output)
    os.kill(terminal.pid, signal.SIGTERM)
    terminal.wait_for_file(tmp_path / "exit-save-started")
    os.kill(terminal.pid, signal.SIGTERM)  # impatient: the save is still running
    assert terminal.wait() == 128 + signal.SIGTERM
    assert_terminal_restored(terminal, mark)
    assert saved(journal_path) == ([TITLE], [(TITLE, "signal")])


def test_closing_the_terminal_saves_the_entry_and_the_app_exits(
    terminals: list[Terminal], tmp_path: Path, journal_path: Path
) -> None:
    # No kill here: closing the pty makes the kernel send SIGHUP and SIGCONT. The save is
    # slow, and the app goes on drawing meanwhile, into a terminal that is gone; before
    # the fix in ReflectApp._catch_signals it hung here for good, holding the journal lock.
    make_journal(journal_path)
    terminal = start(terminals, tmp_path, slow_exit_save=3.0)
    type_unsaved_entry(terminal, journal_path)
    terminal.hang_up()
    assert terminal.wait() == 128 + signal.SIGHUP
    assert saved(journal_path) == ([TITLE], [(TITLE, "signal")])


@pytest.mark.asyncio
async def test_the_next_start_says_what_was_saved_as_the_app_was_ended(
    terminals: list[Terminal],
    tmp_path: Path,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_journal(journal_path)
    terminal = start(terminals, tmp_path)
    type_unsaved_entry(terminal, journal_path)
    os.kill(terminal.pid, signal.SIGTERM)
    assert terminal.wait() == 128 + signal.SIGTERM

    app = app_for(journal_path)
    told: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: object) -> None:
        told.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        await unlock(pilot)
        await settle(pilot)
    recovered = t("tui.app.recovered", count=1)
    assert "entry was saved then" in recovered
    assert told == [recovered]
    assert saved(journal_path) == ([TITLE], [])  # told once: the note is gone
