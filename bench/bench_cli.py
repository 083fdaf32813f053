"""Whole-process figures of the `reflect` command, at 100 and at 10,000 entries.

Every figure is a whole process, start-up included: the installed `reflect` run with
subprocess, its wall time read around it and its peak memory from the operating system
(``os.wait4``). Runs are paired (A B A B ...) and each ratio is taken pair by pair, the
median quoted, so a machine that drifts during the run moves both sides alike.

Targets (issue 13):
- ``reflect --version`` under 60 ms (beside it, the floor: ``python -c pass``);
- ``show``/``search``/``list`` at 10,000 entries at most 1.3x their cost at 100 (``list``
  prints every row, 100 times as many at 10,000: its output alone grows with the journal);
- ``new`` and ``edit`` at 10,000 entries under 0.5 s, the KDF left out (the journals use the
  cheap benchmark KDF; ``REFLECT_KDF_PROFILE=insecure-fast`` as in the tests);
- peak memory of every command under 150 MB.

The passphrase reaches `reflect` as the tests give it, in ``REFLECT_PASSPHRASE``, never on the
command line. If ``jrnl`` is installed, the same show, search and add on an equivalent
encrypted jrnl journal would be timed beside these; it is not part of this environment, and
the script says so rather than guessing figures.

Run with `make bench`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from child_build import build_in_child

PASSPHRASE = "benchmark passphrase (fictional)"  # corpus.PASSPHRASE, not imported: see child_build
PAIRS = 7
SMALL, LARGE = 100, 10_000
REFLECT = str(Path(sys.executable).with_name("reflect"))


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    peak_mb: float  # the child's max RSS


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def run_once(args: list[str], env: dict[str, str]) -> Run:
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None
    errors = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[1:])} failed ({proc.returncode}): {errors.strip()}")
    return Run(wall, usage.ru_maxrss / 1024)


def paired(a: list[str], b: list[str], env: dict[str, str]) -> tuple[list[Run], list[Run]]:
    run_once(a, env), run_once(b, env)  # warm-up: the page cache, the .pyc files
    runs_a, runs_b = [], []
    for _ in range(PAIRS):
        runs_a.append(run_once(a, env))
        runs_b.append(run_once(b, env))
    return runs_a, runs_b


def median_wall(runs: list[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def ratio(runs_a: list[Run], runs_b: list[Run]) -> float:
    return statistics.median(x.wall / y.wall for x, y in zip(runs_a, runs_b, strict=True))


def first_id(journal: Path, env: dict[str, str]) -> str:
    out = subprocess.run(
        [REFLECT, "--journal", str(journal), "list"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()[0]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="reflect-bench-cli-"))
    env = {
        **os.environ,
        "REFLECT_KDF_PROFILE": "insecure-fast",
        "REFLECT_PASSPHRASE": PASSPHRASE,
        "REFLECT_CONFIG_DIR": str(folder / "config"),
        "REFLECT_LANG": "en",
    }
    journals = {}
    for count in (SMALL, LARGE):
        path = folder / f"j{count}" / "journal.reflect"
        path.parent.mkdir()
        size = build_in_child(path, count)
        journals[count] = path
        print(f"journal of {count} entries: {size / 1e6:.1f} MB on disk")
    small, large = journals[SMALL], journals[LARGE]
    peaks: dict[str, float] = {}

    version, floor = paired([REFLECT, "--version"], [sys.executable, "-c", "pass"], env)
    v = median_wall(version)
    print(
        f"reflect --version:            {v * 1000:7.1f} ms  (python -c pass: "
        f"{median_wall(floor) * 1000:.1f} ms; {ratio(version, floor):.2f}x of it; "
        f"target < 60 ms: {verdict(v < 0.060)})"
    )

    ids = {count: first_id(path, env) for count, path in journals.items()}
    reads = {
        "show": lambda n: ["show", ids[n]],
        # One hit, the newest entry's title number: the scan, not the printing of
        # thousands of rows (the corpus's small vocabulary puts common words everywhere).
        "search": lambda n: ["search", f"({n - 1})"],
        "list": lambda n: ["list"],
    }
    for name, args_of in reads.items():
        at_large, at_small = paired(
            [REFLECT, "--journal", str(large), *args_of(LARGE)],
            [REFLECT, "--journal", str(small), *args_of(SMALL)],
            env,
        )
        r = ratio(at_large, at_small)
        peaks[name] = max(run.peak_mb for run in at_large)
        print(
            f"{name + ' at 10,000:':<30}{median_wall(at_large) * 1000:7.1f} ms  "
            f"(at 100: {median_wall(at_small) * 1000:.1f} ms; {r:.2f}x; "
            f"target <= 1.3x: {verdict(r <= 1.3)})"
        )

    counter = iter(range(1_000_000))
    writes = {
        "new": lambda: ["new", "--title", f"Fictieve notitie {next(counter)}"],
        "edit": lambda: ["edit", ids[LARGE], "--decision", f"Fictief besluit {next(counter)}"],
    }
    for name, args_of in writes.items():
        runs = [run_once([REFLECT, "--journal", str(large), *args_of()], env) for _ in range(5)]
        w = statistics.median(r.wall for r in runs)
        peaks[name] = max(run.peak_mb for run in runs)
        print(
            f"{name + ' at 10,000 (no KDF):':<30}{w * 1000:7.1f} ms  "
            f"(target < 500 ms, {w / 0.5:.2f}x of it: {verdict(w < 0.5)})"
        )

    for name, peak in peaks.items():
        print(
            f"{'peak memory, ' + name + ':':<30}{peak:7.1f} MB  "
            f"(target < 150 MB, {peak / 150:.2f}x of it: {verdict(peak < 150)})"
        )

    if shutil.which("jrnl") is None:
        print("jrnl: not installed here, so no side-by-side show/search/add (skipped)")
    else:
        print("jrnl: installed, but the side-by-side run is not written yet (skipped)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
