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
command line.

Beside jrnl, when it is found (``$JRNL`` naming the executable, else ``jrnl`` on the
``PATH``; otherwise the script says it skipped this rather than guess figures): the same
fictional entries, about 2.7 KB of text each, in an encrypted jrnl journal of 10,000 entries
(bench/jrnl_side.py: how it is built, and how jrnl gets its password from an environment
variable through a keyring backend, with no terminal). Paired runs, reflect then jrnl, of
show the last entry (``reflect show ID`` / ``jrnl -n 1``), search a title number with one
hit (``reflect search "(9999)"`` / ``jrnl -contains "(9999)"``) and add one entry
(``reflect new --title ...`` / ``jrnl "..."``); the median of each, their ratio pair by pair
and the peak memory of each. jrnl's figures include its key derivation (PBKDF2, 100,000
iterations, fixed), reflect's leave theirs out (the cheap benchmark KDF): the script prints
what one such derivation costs here, to read the ratios with.

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

import jrnl_side
from child_build import build_in_child

PASSPHRASE = "benchmark passphrase (fictional)"  # corpus.PASSPHRASE, not imported: see child_build
PAIRS = 7
JRNL_PAIRS = 5  # beside jrnl: fewer, its runs are slow (see beside_jrnl)
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


def paired(
    a: list[str],
    b: list[str],
    env: dict[str, str],
    env_b: dict[str, str] | None = None,
    pairs: int = PAIRS,
) -> tuple[list[Run], list[Run]]:
    """``pairs`` runs of ``a`` and of ``b``, alternating, after one warm-up of each; ``b``
    with ``env_b`` if given (jrnl's, beside reflect's)."""
    env_b = env if env_b is None else env_b
    run_once(a, env), run_once(b, env_b)  # warm-up: the page cache, the .pyc files
    runs_a, runs_b = [], []
    for _ in range(pairs):
        runs_a.append(run_once(a, env))
        runs_b.append(run_once(b, env_b))
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

    jrnl = jrnl_side.find_jrnl()
    if jrnl is None:
        print("jrnl: not installed here, so no side-by-side show/search/add (skipped)")
    else:
        beside_jrnl(jrnl, folder, large, ids[LARGE], env)
    shutil.rmtree(folder, ignore_errors=True)


def beside_jrnl(jrnl: str, folder: Path, large: Path, entry_id: str, env: dict[str, str]) -> None:
    """reflect and jrnl side by side at 10,000 entries: show, search, add (module docstring)."""
    try:
        journal = jrnl_side.build(jrnl, folder / "jrnl", LARGE, PASSPHRASE)
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        print(f"jrnl: {jrnl} could not be driven here, so no side-by-side (skipped): {error}")
        return
    print(
        f"jrnl {journal.version} journal of {LARGE} entries: {journal.disk_bytes / 1e6:.1f} MB "
        f"on disk, encrypted ({journal.text_bytes / LARGE / 1000:.1f} KB of text an entry)"
    )
    ops = {
        "show (last)": (["show", entry_id], ["-n", "1"]),
        "search (one hit)": (["search", f"({LARGE - 1})"], ["-contains", f"({LARGE - 1})"]),
        "add": (["new", "--title", "Fictieve notitie"], ["Fictieve notitie."]),
    }
    peaks: dict[str, tuple[float, float]] = {}
    for name, (reflect_args, jrnl_args) in ops.items():
        # Fewer pairs than reflect's own figures: a jrnl run at 10,000 entries takes over a
        # second here (it decrypts, parses and, to add, re-encrypts the whole journal), and
        # `make bench` should stay short.
        ours, theirs = paired(
            [REFLECT, "--journal", str(large), *reflect_args],
            journal.command(*jrnl_args),
            env,
            journal.env,
            pairs=JRNL_PAIRS,
        )
        peaks[name] = max(r.peak_mb for r in ours), max(r.peak_mb for r in theirs)
        print(
            f"{'jrnl ' + name + ' at 10,000:':<37}{median_wall(theirs) * 1000:7.1f} ms; "
            f"reflect {median_wall(ours) * 1000:.1f} ms (reflect/jrnl {ratio(ours, theirs):.2f})"
        )
    for name, (ours_mb, theirs_mb) in peaks.items():
        print(
            f"{'peak memory, jrnl ' + name + ':':<37}{theirs_mb:7.1f} MB; "
            f"reflect {ours_mb:.1f} MB (reflect/jrnl {ours_mb / theirs_mb:.2f})"
        )
    kdf = jrnl_side.pbkdf2_ms()
    if kdf is not None:
        print(
            f"jrnl's key derivation (PBKDF2-SHA256, 100,000 iterations) costs {kdf:.1f} ms here, "
            "once in show and search, twice in add; reflect's figures use the cheap benchmark KDF"
        )


if __name__ == "__main__":
    main()
