"""Career-scale benchmark of the journal: 10,000 entries of about 2 KB.

Reports each figure beside the floor it is judged against, measured in the same run:
- save one edit vs. the floor (serialize + encrypt + write + fsync of the same journal);
- open to a usable list (after the KDF) — target under 1 s;
- search over all text — target under 30 ms is for the app's in-memory filter, shown here
  for the core's query (`find_entries`, as `reflect search` runs it), which also builds the
  Entry objects it finds;
- peak memory of this process, for information only (it built the journal's entries as
  objects too): the 150 MB target is judged on `reflect` and the app, alone, in
  bench_cli.py and bench_app.py.

The floor is the real one: orjson serialisation (the storage's own serializer since issue 13),
AES-GCM, one write and fsync of the same tables. The entries vary (sentences drawn at random
from a fictional vocabulary, every field kind filled) and one in five has a revision, so the
journal's size and shape resemble years of use. Each figure prints a verdict: met or MISSED.

Run with `make bench`. The KDF is set to the cheap test profile: its cost is a fixed, separately
calibrated half second and would only blur the figures measured here.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reflect.model import ArticleRef, Entry, Option, Stakeholder
from reflect.operations.query import find_entries, parse_query
from reflect.vault.journal import Journal, encode_tables
from reflect.vault.kdf import KdfParams

ENTRIES = 10_000
PASSPHRASE = "benchmark passphrase"
# Fictional filler text of about 2 KB per entry.
FILLER = (
    "Fictieve casus: een jongere vertelt in vertrouwen over spanningen thuis en vraagt "
    "uitdrukkelijk niets aan ouders door te geven. De school belt met vragen. "
)


WORDS = [
    *FILLER.replace(":", "").replace(".", "").split(),
    *("ouders", "school", "wijkteam", "vertrouwen", "zorg", "melding", "dossier", "gesprek"),
]


def sentence(rng: random.Random, count: int) -> str:
    """``count`` fictional sentences of 12 to 30 words."""
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randrange(12, 30))).capitalize() + "."
        for _ in range(count)
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def fsync_write(folder: Path, blob: bytes) -> None:
    target = folder / "floor.bin"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, blob)
        os.fsync(fd)
    finally:
        os.close(fd)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="reflect-bench-"))
    path = folder / "journal.reflect"
    kdf = KdfParams(os.urandom(16), 64, 1, 1)
    journal, _ = Journal.create(path, PASSPHRASE, kdf=kdf)
    rng = random.Random(7)
    entries = [
        Entry(
            title=f"Dilemma {i}: {sentence(rng, 1)[:60]}",
            case_code=f"K-{rng.randrange(1, 400):03d}",
            situation=sentence(rng, 4),
            dilemma=sentence(rng, 1),
            options=[Option(sentence(rng, 1), sentence(rng, 1)) for _ in range(2)],
            stakeholders=[Stakeholder("jongere", "vertrouwen"), Stakeholder("school", "zorg")],
            decision=sentence(rng, 1),
            rationale=sentence(rng, 2),
            articles=[ArticleRef("bpsw-2021", rng.randrange(1, 30)) for _ in range(2)],
        )
        for i in range(ENTRIES)
    ]
    journal.add_many(entries)
    with journal.batch():
        for entry in entries[::5]:
            journal.update(replace(entry, decision=sentence(rng, 1)))
    size = path.stat().st_size

    tables = journal.tables()
    key = os.urandom(32)

    def floor() -> None:
        # The least any save of these tables must do: serialise them (orjson), encrypt
        # them (AES-256-GCM), write and fsync the result.
        blob = AESGCM(key).encrypt(os.urandom(12), encode_tables(tables), None)
        fsync_write(folder, blob)

    floor_s = timed(floor)
    target = journal.list_entries()[0]
    counter = iter(range(10_000))

    def save_edit() -> None:
        target.decision = f"besluit {next(counter)}"
        journal.update(target)

    save_s = timed(save_edit)
    journal.close()

    def open_to_list() -> None:
        with Journal.open(path, PASSPHRASE) as reopened:
            reopened.list_entries()

    open_s = timed(open_to_list, repeat=3)
    with Journal.open(path, PASSPHRASE) as reopened:
        query = parse_query("vertrouwen school 9999", date.today())
        search_s = timed(lambda: find_entries(reopened, query))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    ratio = save_s / floor_s
    print(f"journal: {ENTRIES} entries, {size / 1e6:.1f} MB on disk")
    print(f"floor (orjson+encrypt+fsync):    {floor_s * 1000:7.1f} ms")
    print(
        f"save one edit:                   {save_s * 1000:7.1f} ms  "
        f"({ratio:.2f}x floor; target <= 2x: {verdict(ratio <= 2)})"
    )
    print(
        f"open to list (no KDF):           {open_s * 1000:7.1f} ms  "
        f"(target < 1000 ms: {verdict(open_s < 1)})"
    )
    print(f"core search:                     {search_s * 1000:7.1f} ms")
    # Not a target: this process also built the 10,000 entries as objects. The peaks the
    # target is about, of `reflect` and of the app, are measured alone in bench_cli/bench_app.
    print(f"peak memory of this benchmark process (not a target): {peak_mb:7.1f} MB")


if __name__ == "__main__":
    main()
