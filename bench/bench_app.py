"""The app at career scale: launch to a usable list, type-to-filter, peak memory.

Runs the real app (Textual, headless, driven by Pilot as the tests drive it) in a child
process on a fictional journal of 10,000 entries, so the peak memory is the app's own.
Figures:
- unlock to usable list: from the enter on the passphrase to the list holding every row.
  The journal's KDF is the cheap benchmark one, so this is "after the KDF"; target < 1 s;
- type-to-filter: what one keystroke in the filter box runs (the screen's filter handler
  over every row) plus drawing the lines on screen, the slowest of several queries
  (medians of five); Textual's own event dispatch, about a millisecond, is not in it;
  target < 30 ms;
- peak memory (max RSS of the child, Textual included); target < 150 MB.

Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from child_build import build_in_child

ENTRIES = 10_000
QUERIES = ("v", "vertrouwen", "vertrouwen school", "#10", "status:draft", "zzz")


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


async def drive(path: Path, count: int) -> dict[str, float]:
    """In the child: start the app, unlock, time the list and the filter."""
    from corpus import PASSPHRASE
    from textual.widgets import Input

    from reflect.app import ReflectApp
    from reflect.widgets.entry_list import EntryList

    app = ReflectApp(path, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        started = time.perf_counter()
        await pilot.press("enter")
        # Until the journal screen holds every row and its list shows them.
        while len(getattr(app.screen, "rows", ())) != count or not app.screen.query(EntryList):
            await asyncio.sleep(0.002)
            if time.perf_counter() - started > 60:
                raise SystemExit(f"no list after 60 s (screen: {type(app.screen).__name__})")
        to_list = time.perf_counter() - started
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen = app.screen
        box = screen.query_one("#filter", Input)
        entry_list = screen.query_one(EntryList)
        height = entry_list.scrollable_content_region.height
        slowest = 0.0
        for query in QUERIES:
            samples = []
            for _ in range(5):
                with box.prevent(Input.Changed):
                    box.value = query
                started = time.perf_counter()
                screen._refilter()  # type: ignore[attr-defined]  # what Input.Changed runs
                for y in range(height):  # and the lines the list then draws
                    entry_list.render_line(y)
                samples.append(time.perf_counter() - started)
            slowest = max(slowest, statistics.median(samples))
        await pilot.press("ctrl+q")
    return {"to_list": to_list, "filter": slowest}


def child(path: Path, count: int) -> None:
    figures = asyncio.run(drive(path, count))
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="reflect-bench-app-"))
    path = folder / "journal.reflect"
    size = build_in_child(path, ENTRIES)
    env = {
        **os.environ,
        "REFLECT_CONFIG_DIR": str(folder / "config"),
        "REFLECT_KDF_PROFILE": "insecure-fast",
    }
    env.pop("REFLECT_LANG", None)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(ENTRIES)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    shutil.rmtree(folder, ignore_errors=True)
    if proc.returncode != 0:
        print(f"app benchmark failed: {proc.stderr.strip()[-2000:]}")
        raise SystemExit(1)
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    to_list, filter_s, peak = figures["to_list"], figures["filter"], figures["peak_mb"]
    print(f"app journal: {ENTRIES} entries, {size / 1e6:.1f} MB on disk")
    print(
        f"app: unlock -> usable list (after KDF): {to_list * 1000:7.1f} ms  "
        f"(target < 1000 ms, {to_list:.2f}x of it: {verdict(to_list < 1)})"
    )
    print(
        f"app: type-to-filter (slowest query):    {filter_s * 1000:7.1f} ms  "
        f"(target < 30 ms, {filter_s / 0.030:.2f}x of it: {verdict(filter_s < 0.030)})"
    )
    print(
        f"app: peak memory (max RSS):             {peak:7.1f} MB  "
        f"(target < 150 MB, {peak / 150:.2f}x of it: {verdict(peak < 150)})"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
