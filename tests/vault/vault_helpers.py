"""Helpers shared by the vault tests (imported by conftest.py and the test modules).

Kept out of conftest.py so test modules can import them by name without relying on how
pytest names conftest modules.
"""

from __future__ import annotations

import base64
import functools
import io
import os
import re
import selectors
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reflect.model import Entry
from reflect.vault.journal import Journal
from reflect.vault.kdf import KdfParams

PASSPHRASE = "Correct paard batterij nietje ✓"
RECOVERY_CODE_RE = re.compile(r"\b[0-9A-Z]{5}(?:-[0-9A-Z]{5}){4}\b")


def fast_kdf() -> KdfParams:
    """Argon2id with the smallest parameters the reader accepts (instant)."""
    return KdfParams(os.urandom(16), 64, 1, 1)


@dataclass
class Made:
    path: Path
    recovery: str
    entries: list[Entry]


def make_journal(
    path: Path,
    entries: Iterable[Entry] = (),
    passphrase: str = PASSPHRASE,
    *,
    one_day_each: bool = False,
) -> Made:
    """Create a journal (closed afterwards) holding ``entries``, one save per entry; with
    ``one_day_each`` every save happens as if on a new day (so each takes a backup)."""
    journal, recovery = Journal.create(path, passphrase, fast_kdf())
    stored = []
    try:
        for entry in entries:
            if one_day_each:
                a_day_later(path)
            stored.append(journal.add(entry))
    finally:
        journal.close()
    return Made(path, recovery, stored)


def a_day_later(path: Path) -> None:
    """Make the newest backup look as if it was taken yesterday: the next save is the first
    of a new day and keeps the journal as a backup (backups are taken once a day)."""
    newest = path.with_name(path.name + ".bak1")
    if newest.exists():
        yesterday = time.time() - 24 * 3600
        os.utime(newest, (yesterday, yesterday))


def journal_family(path: Path) -> dict[str, bytes]:
    """Every file beside the journal (journal, backups, lock, temp files) by name."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()}


def temp_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def all_files(*roots: Path) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            yield from (p for p in sorted(root.rglob("*")) if p.is_file())


def encodings_of(secret: str) -> dict[str, bytes]:
    """The forms a leaked secret could take in a file: UTF-8, UTF-16 and base64 of UTF-8
    at each of the three alignments a base64 stream can put it in."""
    raw = secret.encode("utf-8")
    forms = {
        "utf-8": raw,
        "utf-16-le": secret.encode("utf-16-le"),
        "utf-16-be": secret.encode("utf-16-be"),
    }
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw)
        # Drop the characters that mix in bits of the neighbours.
        head = 4 if offset else 0
        core = encoded[head : 4 * ((offset + len(raw)) // 3)]
        assert len(core) >= 12, "canary too short for a meaningful base64 search"
        forms[f"base64+{offset}"] = core
    return forms


def find_leaks(secret: str, *roots: Path) -> list[str]:
    """'file: encoding' for every file under ``roots`` that holds ``secret``."""
    forms = encodings_of(secret)
    leaks = []
    for path in all_files(*roots):
        blob = path.read_bytes()
        leaks += [f"{path}: {name}" for name, form in forms.items() if form in blob]
    return leaks


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def error_line(self) -> str:
        """The single line of stderr an error must produce (and never a traceback)."""
        assert "Traceback" not in self.err, self.err
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
        return lines[0]


# Interpreter start-up (and whatever the command modules import) costs a second or more per
# real subprocess, so by default the CLI runs in a forked copy of the test process: the same
# ``reflect.cli.main`` that ``python -m reflect.cli`` runs, in its own process, with its own
# environment, stdin, stdout, stderr, working folder and exit code. Tests that take the
# ``real_cli`` fixture, and every test when REFLECT_TEST_REAL_CLI=1, use a real subprocess.
REAL_CLI_ALWAYS = os.environ.get("REFLECT_TEST_REAL_CLI") == "1"


class Cli:
    """Runs the CLI against the test's data and config folders."""

    def __init__(
        self, data_dir: Path, config_dir: Path, passphrase: str = PASSPHRASE, real: bool = False
    ) -> None:
        self.data_dir = data_dir
        self.config_dir = config_dir
        self.journal = data_dir / "journal.reflect"
        self.passphrase = passphrase
        self.real = real or REAL_CLI_ALWAYS

    def env(self, **overrides: str | None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
        env.update(
            {
                "REFLECT_KDF_PROFILE": "insecure-fast",
                "REFLECT_JOURNAL": str(self.journal),
                "REFLECT_CONFIG_DIR": str(self.config_dir),
                "REFLECT_PASSPHRASE": self.passphrase,
                "REFLECT_LANG": "en",
                "LC_ALL": "C.UTF-8",
            }
        )
        for key, value in overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run(self, *args: str, input: str | bytes | None = None, **env: str | None) -> CliResult:
        data = input.encode("utf-8") if isinstance(input, str) else input
        cwd = self.data_dir.parent
        if self.real:
            return run_subprocess(list(args), self.env(**env), data, cwd)
        return run_forked(list(args), self.env(**env), data, cwd)

    def init(self) -> str:
        """``reflect init``; returns the recovery code it printed."""
        result = self.run("init")
        assert result.code == 0, result.err
        return recovery_code_in(result.out)


def run_subprocess(
    args: list[str], env: dict[str, str], data: bytes | None, cwd: Path
) -> CliResult:
    proc = subprocess.run(
        [sys.executable, "-m", "reflect.cli", *args],
        input=data,
        stdin=None if data is not None else subprocess.DEVNULL,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    return CliResult(
        proc.returncode,
        proc.stdout.decode("utf-8"),
        proc.stderr.decode("utf-8", errors="replace"),
    )


@functools.cache
def _warm_up_cli() -> None:
    """Import every command module once in this process, so each forked run skips it."""
    from reflect.cli import build_parser

    build_parser()


def run_forked(args: list[str], env: dict[str, str], data: bytes | None, cwd: Path) -> CliResult:
    _warm_up_cli()
    with tempfile.TemporaryFile() as stdin_file:
        stdin_file.write(data or b"")
        stdin_file.flush()
        stdin_file.seek(0)
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 70
            try:
                os.dup2(stdin_file.fileno(), 0)
                os.dup2(out_w, 1)
                os.dup2(err_w, 2)
                for fd in (out_r, out_w, err_r, err_w):
                    os.close(fd)
                os.chdir(cwd)
                os.environ.clear()
                os.environ.update(env)
                sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
                sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
                sys.stderr = io.TextIOWrapper(
                    io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace"
                )
                from reflect.cli import main

                try:
                    code = main(args)
                except SystemExit as exc:  # argparse: --help, usage errors
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                    if isinstance(exc.code, str):
                        print(exc.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
                code = 70
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        os.close(out_w)
        os.close(err_w)
        out, err = _drain(out_r, err_r)
        _, status = os.waitpid(pid, 0)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    return CliResult(code, out.decode("utf-8"), err.decode("utf-8", errors="replace"))


def _drain(*fds: int) -> list[bytes]:
    """Read pipes to EOF together, so a child writing lots to one never blocks."""
    chunks: dict[int, list[bytes]] = {fd: [] for fd in fds}
    with selectors.DefaultSelector() as selector:
        for fd in fds:
            selector.register(fd, selectors.EVENT_READ)
        open_fds = set(fds)
        while open_fds:
            for key, _ in selector.select(timeout=120):
                chunk = os.read(key.fd, 1 << 16)
                if chunk:
                    chunks[key.fd].append(chunk)
                else:
                    selector.unregister(key.fd)
                    open_fds.discard(key.fd)
                    os.close(key.fd)
    return [b"".join(chunks[fd]) for fd in fds]


def recovery_code_in(text: str) -> str:
    codes = RECOVERY_CODE_RE.findall(text)
    assert len(codes) == 1, f"expected one recovery code in {text!r}"
    return codes[0]
