"""A real `reflect export` process prints no library logging.

deduce configures logging at import time (DEBUG, to stdout); without the guard in
reflect.privacy.deidentifier that chatter would be mixed into the exported text, and fontTools
would log every PDF's glyphs. This runs in a fresh interpreter, where deduce is imported for
the first time, because in the test process it may already have been imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reflect.cli", *argv],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )


def test_export_prints_no_library_logging(tmp_path: Path) -> None:
    env = dict(os.environ, REFLECT_PASSPHRASE="stdout test passphrase")
    assert run_cli("init", env=env).returncode == 0
    created = run_cli(
        "new", "--title", "Fictief: kennismaking", "--situation",
        "Een eerste gesprek over de verwachtingen van de begeleiding.", env=env,
    )
    assert created.returncode == 0, created.stderr
    pdf = tmp_path / "export.pdf"
    made = run_cli("export", created.stdout.strip(), "--format", "pdf", "-o", str(pdf), env=env)
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    output = made.stdout + made.stderr
    assert "DEBUG" not in output and "INFO:" not in output and "fontTools" not in output
