"""Writing a benchmark journal from a child process (no reflect imported here).

Linux counts a process's peak memory from the moment it was forked, across its exec: a
parent holding 10,000 decrypted entries would be the peak of every process it starts. So
the journal is written by a child, and the benchmark itself stays small.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build_in_child(path: Path, count: int) -> int:
    """Write a journal of ``count`` fictional entries (bench/corpus.py) at ``path``; its size
    in bytes."""
    code = (
        "import sys, pathlib; from corpus import build_journal; "
        "print(build_journal(pathlib.Path(sys.argv[1]), int(sys.argv[2])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(count)],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip())
