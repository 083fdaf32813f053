"""Benchmark: what a warm `reflect export` costs, beside opening the journal (not a unit test).

Run: ``.venv/bin/python bench/bench_export.py`` (add ``--cold`` to also time a first build of
the lookup tables into a temporary folder: minutes). Reports, each in a fresh process:

- loading the de-identifier (deduce on reflect's compact tables, collector paused), and for
  comparison deduce's own cache where deduce has built one (the load before issue 11);
- the identifier check of one entry with names, places and institutions;
- a warm ``reflect export`` of one entry against ``reflect list`` of the same journal, run in
  turn (A B A B ...), with the median of the pairwise ratios (target: at most 4), the
  export's wall time (target: under 5 s on a 2-core machine) and peak memory;
- with ``--cold``: the first build of the tables, as ``python -m reflect.privacy.warmup``
  runs it (1.5 to 5 minutes on 2 cores, depending on the load).

The journal is made in a temporary folder with the cheap test KDF (its cost is the same for
both commands and calibrated elsewhere); the entry is fictional.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PASSPHRASE = "benchmark passphrase"
ENTRY = (
    "Moeder belde het wijkteam omdat ze zich zorgen maakte over haar zoon. Ik heb overlegd "
    "met mijn teamleider. Volgens artikel 13 van de beroepscode weegt de veiligheid van het "
    "kind zwaar. In de intervisie bespraken we de casus volgens de incidentmethode."
)
CHECK_TEXT = ENTRY + " Jan de Vries woont aan de Kerkstraat 12 in Amersfoort." * 3
RUNS = 7

_LOAD = textwrap.dedent(
    """
    import gc, json, resource, statistics, sys, time
    started = time.perf_counter()
    from reflect.privacy import check_text, load_name_detector
    names = load_name_detector()
    loaded = time.perf_counter() - started
    text = sys.argv[1]
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        findings = check_text(text, {}, names)
        times.append(time.perf_counter() - t0)
    print(json.dumps({
        "load": loaded,
        "check": statistics.median(times),
        "found": sorted((f.kind, f.text) for f in findings),
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
    """
)

# deduce's own cache, loaded as reflect loaded it before issue 11 (collector paused too).
_DEDUCE_OWN = textwrap.dedent(
    """
    import gc, json, sys, time
    from reflect.privacy.deidentifier import DeduceNameDetector
    from reflect.privacy.lookup_cache import quiet_root_logger
    from reflect.privacy import check_text
    gc.disable()
    started = time.perf_counter()
    with quiet_root_logger():
        from deduce import Deduce
        names = DeduceNameDetector(Deduce())
    loaded = time.perf_counter() - started
    gc.freeze(); gc.enable()
    findings = check_text(sys.argv[1], {}, names)
    print(json.dumps({"load": loaded, "found": sorted((f.kind, f.text) for f in findings)}))
    """
)


def python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, check=True
    )


def timed_child(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    code = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, code.returncode


def peak_mib(args: list[str], env: dict[str, str]) -> float:
    """Peak memory of one run, as the process itself reports it at its very end."""
    probe = (
        "import atexit, os, resource, sys\n"
        "atexit.register(lambda: os.write(2, b'MAXRSS %d\\n' % "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
        "sys.argv = ['reflect', *sys.argv[1:]]\n"
        "from reflect.cli import run\nrun()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True
    )
    for line in done.stderr.splitlines():
        if line.startswith("MAXRSS "):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_journal(folder: Path) -> tuple[dict[str, str], str]:
    env = {
        **os.environ,
        "REFLECT_JOURNAL": str(folder / "journal.reflect"),
        "REFLECT_CONFIG_DIR": str(folder / "config"),
        "REFLECT_KDF_PROFILE": "insecure-fast",
        "REFLECT_PASSPHRASE": PASSPHRASE,
        "REFLECT_NEW_PASSPHRASE": PASSPHRASE,
        "REFLECT_LANG": "en",
        "XDG_DOCUMENTS_DIR": str(folder / "Documents"),
    }
    python("-m", "reflect.cli", "init", env=env)
    made = python(
        "-m", "reflect.cli", "new", "--title", "Twijfel over melden", "--situation", ENTRY, env=env
    )
    return env, made.stdout.strip()


def main() -> None:
    cold = "--cold" in sys.argv[1:]
    loaded = python("-c", _LOAD, CHECK_TEXT)
    import json

    figures = json.loads(loaded.stdout)
    print(f"load de-identifier (fresh process):     {figures['load']:7.2f} s")
    print(
        f"check, {len(CHECK_TEXT.split())} words, with names:        "
        f"{figures['check'] * 1000:7.1f} ms"
    )
    print(f"peak memory, load + check:              {figures['maxrss_mib']:7.0f} MiB")
    own_cache = (
        Path(
            python(
                "-c", "import deduce, pathlib; print(pathlib.Path(deduce.__file__).parent)"
            ).stdout.strip()
        )
        / "data"
        / "lookup"
        / "cache"
        / "lookup_structs.pickle"
    )
    if own_cache.is_file():
        own = json.loads(python("-c", _DEDUCE_OWN, CHECK_TEXT).stdout)
        same = "same findings" if own["found"] == figures["found"] else "FINDINGS DIFFER"
        print(f"  deduce's own cache, for comparison:   {own['load']:7.2f} s  ({same})")

    with tempfile.TemporaryDirectory(prefix="reflect-bench-export-") as folder:
        env, entry_id = make_journal(Path(folder))
        export = [sys.executable, "-m", "reflect.cli", "export", entry_id]
        listing = [sys.executable, "-m", "reflect.cli", "list"]
        for command in (export, listing):  # warm-up: the files in the page cache
            timed_child(command, env)
        walls: dict[str, list[float]] = {"export": [], "list": []}
        cpus: dict[str, list[float]] = {"export": [], "list": []}
        for _ in range(RUNS):
            for name, command in (("export", export), ("list", listing)):
                wall, cpu, code = timed_child(command, env)
                assert code == 0, f"{name} exited {code}"
                walls[name].append(wall)
                cpus[name].append(cpu)
        pairs = zip(walls["export"], walls["list"], strict=True)
        wall_ratio = statistics.median(e / li for e, li in pairs)
        pairs = zip(cpus["export"], cpus["list"], strict=True)
        cpu_ratio = statistics.median(e / li for e, li in pairs)
        print(
            f"warm export of one entry, wall:         {statistics.median(walls['export']):7.2f} s"
            "  (target < 5 s)"
        )
        print(f"reflect list, wall:                     {statistics.median(walls['list']):7.2f} s")
        print(f"export / list, wall (median of pairs):  {wall_ratio:7.2f} x  (target <= 4)")
        print(f"export / list, CPU (median of pairs):   {cpu_ratio:7.2f} x")
        print(f"peak memory, export:                    {peak_mib(export[3:], env):7.0f} MiB")
        print(f"peak memory, list:                      {peak_mib(listing[3:], env):7.0f} MiB")

    if not cold:
        print("cold build of the lookup tables:        (run with --cold; takes minutes)")
        return
    with tempfile.TemporaryDirectory(prefix="reflect-bench-cold-") as folder:
        env = {**os.environ, "REFLECT_LOOKUP_CACHE": folder}
        wall, cpu, code = timed_child([sys.executable, "-m", "reflect.privacy.warmup"], env)
        assert code == 0, f"the build exited {code}"
        size = sum(p.stat().st_size for p in Path(folder).rglob("*.pickle")) / 2**20
        print(
            f"cold build of the lookup tables:        {wall:7.1f} s wall, {cpu:.1f} s CPU, "
            f"cache {size:.0f} MiB"
        )


if __name__ == "__main__":
    main()
