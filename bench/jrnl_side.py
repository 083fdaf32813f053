"""An encrypted jrnl journal beside reflect's, for the side-by-side figures of bench_cli.py.

Not a benchmark itself (``make bench`` runs ``bench/bench_*.py``): bench_cli.py imports it.
Nothing of reflect is imported here at module level: the journal's text is written by a child
process (see child_build.py for why), which draws the same fictional entries as reflect's
benchmark journal from bench/corpus.py.

How jrnl is driven, without a terminal and without touching the user's own jrnl:
- its own config file in the temp folder (``--config-file``; jrnl reads no environment
  variable for it), in YAML (not JSON: jrnl takes a JSON config for a jrnl 1.x one and asks
  to upgrade it): one default journal, ``encrypt: true``, no editor, no colours, the
  ``timeformat`` the journal's text is written in;
- ``XDG_CONFIG_HOME``/``XDG_DATA_HOME``/``XDG_CACHE_HOME`` pointed into the temp folder, as
  jrnl creates its data folder even when it does not use it;
- the password: jrnl asks the ``keyring`` package first (``get_password("jrnl", name)``) and
  prompts on the terminal only if that gives nothing. ``PYTHON_KEYRING_BACKEND`` names a
  read-only backend in bench/jrnl_keyring/ (put on jrnl's ``PYTHONPATH``) that answers with
  ``JRNL_BENCH_PASSPHRASE``, the benchmark's fictional passphrase: the counterpart of
  ``REFLECT_PASSPHRASE``. No keyring, file or command line holds it.
- the journal is encrypted by jrnl itself: ``jrnl --import --file plain.txt`` into a journal
  that does not exist yet creates it encrypted (password from the keyring) and imports the
  10,000 entries of a plain jrnl-format file, written by us, in one write. ``jrnl --encrypt``
  would not do: it always prompts for a new password, twice, on the terminal.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.model import Entry

BENCH = Path(__file__).parent
KEYRING_DIR = BENCH / "jrnl_keyring"
KEYRING_BACKEND = "bench_env_keyring.EnvKeyring"
TIMEFORMAT = "%Y-%m-%d %H:%M"
ENTRY_BYTES = 2_700  # text an entry, as UTF-8: about what a reflect entry holds
TIMEOUT = 600  # seconds, for the one-off set-up commands


def find_jrnl() -> str | None:
    """The jrnl executable: ``$JRNL`` if set, else ``jrnl`` on the ``PATH``, else None."""
    return os.environ.get("JRNL") or shutil.which("jrnl")


def render(entry: Entry, rng: random.Random) -> str:
    """One reflect benchmark entry as a jrnl entry: ``[date] title``, then its fields as
    labelled lines (none starting with ``[``, which jrnl would read as a new entry), made up
    to ``ENTRY_BYTES`` with further fictional notes."""
    from corpus import sentence  # in the child only

    lines = [
        f"[{entry.created.strftime(TIMEFORMAT)}] {entry.title}",
        f"Casus: {entry.case_code}. Status: {entry.status.value}.",
        f"Situatie: {entry.situation}",
        f"Vraag: {entry.question}",
        f"Dilemma: {entry.dilemma}",
        *(f"Optie: {o.description} Schade: {o.harm}." for o in entry.options),
        *(f"Betrokkene: {s.who}, waarden: {s.values}." for s in entry.stakeholders),
        f"Besluit: {entry.decision}",
        f"Onderbouwing: {entry.rationale}",
    ]
    if entry.feelings:
        lines.append(f"Gevoel: {entry.feelings}")
    lines += [f"Artikel {a.number} ({a.code}). {a.note}".rstrip() for a in entry.articles]
    if entry.method:
        lines.append(f"Methode {entry.method}: {' '.join(entry.method_answers.values())}")
    if entry.follow_up:
        lines.append(f"Opvolgen op {entry.follow_up.isoformat()}.")
    text = "\n".join(lines)
    while len(text.encode("utf-8")) < ENTRY_BYTES:
        text += f"\nAantekening: {sentence(rng, 1)}"
    return text + "\n"


def write_plain(path: Path, count: int) -> int:
    """Write ``count`` fictional entries (bench/corpus.py) as a plain jrnl journal at
    ``path``; its size in bytes. Run in a child: it imports reflect through corpus."""
    from corpus import make_entries

    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        out.write("\n".join(render(entry, rng) for entry in make_entries(count)))
    return path.stat().st_size


@dataclass(frozen=True)
class JrnlJournal:
    exe: str
    version: str
    config: Path
    env: dict[str, str]
    text_bytes: int  # the plain text imported
    disk_bytes: int  # the encrypted journal

    def command(self, *args: str) -> list[str]:
        return [self.exe, "--config-file", str(self.config), *args]


def _yaml(settings: dict[str, object], indent: str = "") -> str:
    """Block YAML of nested dicts of plain values (each a JSON scalar, which YAML reads)."""
    return "".join(
        f"{indent}{key}:\n{_yaml(value, indent + '  ')}"
        if isinstance(value, dict)
        else f"{indent}{key}: {json.dumps(value)}\n"
        for key, value in settings.items()
    )


def _run(args: list[str], env: dict[str, str]) -> str:
    """A one-off jrnl command: no terminal (its own session, stdin empty), so a password
    prompt fails fast instead of waiting for an answer."""
    proc = subprocess.run(
        args,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        start_new_session=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[1:])} failed: {(proc.stderr or proc.stdout)[-300:]}")
    return proc.stdout


def build(exe: str, folder: Path, count: int, passphrase: str) -> JrnlJournal:
    """An encrypted jrnl journal of ``count`` entries in ``folder``, checked readable.
    Raises RuntimeError (or OSError) if jrnl cannot be driven this way."""
    folder.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(KEYRING_DIR),
        "PYTHON_KEYRING_BACKEND": KEYRING_BACKEND,
        "JRNL_BENCH_PASSPHRASE": passphrase,
        "XDG_CONFIG_HOME": str(folder / "xdg-config"),
        "XDG_DATA_HOME": str(folder / "xdg-data"),
        "XDG_CACHE_HOME": str(folder / "xdg-cache"),
    }
    found = re.search(r"jrnl v?(\S+)", _run([exe, "--version"], env))
    version = found.group(1) if found else "unknown"
    journal, config = folder / "journal.txt", folder / "jrnl.yaml"
    settings: dict[str, object] = {
        "version": version,  # as jrnl writes it, so it does not rewrite the file
        "journals": {"default": {"journal": str(journal)}},
        "editor": "",
        "encrypt": True,
        "template": False,
        "default_hour": 9,
        "default_minute": 0,
        "timeformat": TIMEFORMAT,
        "tagsymbols": "#@",
        "highlight": False,
        "linewrap": 79,
        "indent_character": "|",
        "colors": {"body": "none", "date": "none", "tags": "none", "title": "none"},
    }
    config.write_text(_yaml(settings), encoding="utf-8")
    plain = folder / "plain.txt"
    code = (
        "import sys, pathlib; from jrnl_side import write_plain; "
        "print(write_plain(pathlib.Path(sys.argv[1]), int(sys.argv[2])))"
    )
    written = subprocess.run(
        [sys.executable, "-c", code, str(plain), str(count)],
        cwd=BENCH,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    made = JrnlJournal(exe, version, config, env, int(written), 0)
    _run(made.command("--import", "--file", str(plain)), env)
    plain.unlink()
    with journal.open("rb") as stored:  # the head only: a child's peak memory counts ours
        head = stored.read(6)
    if not head.startswith((b"JRNLv", b"gAAAAA")):
        raise RuntimeError(f"{journal} is not an encrypted jrnl journal")
    if f"({count - 1})" not in _run(made.command("-n", "1"), env):
        raise RuntimeError("jrnl -n 1 does not show the newest entry")
    return JrnlJournal(exe, version, config, env, made.text_bytes, journal.stat().st_size)


def pbkdf2_ms() -> float | None:
    """Milliseconds of one PBKDF2-HMAC-SHA256 of 100,000 iterations here, the key derivation
    jrnl's encrypted formats (v2, v3) run for every read and write and that cannot be
    configured; None if ``cryptography`` is missing. Timed in a child, as everything else."""
    code = (
        "import time; from cryptography.hazmat.primitives import hashes; "
        "from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC\n"
        "def once():\n"
        "    PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=bytes(16),"
        " iterations=100_000).derive(b'benchmark passphrase (fictional)')\n"
        "once(); times = []\n"
        "for _ in range(5):\n"
        "    t = time.perf_counter(); once(); times.append(time.perf_counter() - t)\n"
        "print(sorted(times)[2] * 1000)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(proc.stdout) if proc.returncode == 0 else None
