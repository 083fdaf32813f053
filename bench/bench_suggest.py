"""How good and how fast are article suggestions? (Not a test: prints figures.)

Quality: recall@5 on the labelled set of fictional dilemmas in
tests/data/suggest_dilemmas.yaml (formal Dutch, informal Dutch, English), for the part used
while tuning the vocabulary, the held-out part, and both; next to it the same measurement
with the vocabulary file's forms, rules and related articles switched off, to show what
they add. tests/test_suggest_recall.py asserts the thresholds (0.9 formal, 0.8 informal
and English).

Speed: suggestions run on every pause in typing, so a call must stay far below what a
person notices. The target is well under 10 ms for a 2,000-word entry once the index exists.
The script times building the index (once per catalogue and code), the first call on a new
text (every word stemmed for the first time), and repeat calls on a text being edited
(words already seen, the case while someone types). Then the learning side: building the
similarity index of a 10,000-entry journal (once per unlock, in the background), and a
query against it plus the suggestions that use it, which must stay under 30 ms.

Run: .venv/bin/python bench/bench_suggest.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Use an empty config folder so a user's own catalogues do not change the measurement.
os.environ["REFLECT_CONFIG_DIR"] = tempfile.mkdtemp(prefix="reflect-bench-")

from reflect.catalog import Catalog, load_catalog
from reflect.catalog.suggest import build_index, index_for, suggest
from reflect.catalog.vocabulary import EMPTY, load_vocabulary
from reflect.operations.similarity import EntrySource, SimilarityIndex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from suggest_eval import REGISTERS, load_dilemmas, recall_at

SENTENCES = [
    "Een meisje van vijftien vertelt me in vertrouwen dat ze zwanger is.",
    "Ze vraagt me nadrukkelijk om het niet aan haar moeder te vertellen.",
    "Ik twijfel of ik de moeder moet inlichten zonder toestemming van het meisje.",
    "Bij het huisbezoek zag ik blauwe plekken op de armen van een jongen.",
    "De leerkracht meldde dat hij vaak hongerig op school komt.",
    "In het wijkteam willen de collega's dat ik gegevens deel in het casusoverleg.",
    "Er zijn geen duidelijke afspraken over wie de regie heeft in deze gezinssituatie.",
    "De cliënt vraagt om inzage in zijn dossier en de werkaantekeningen van vorig jaar.",
    "Mijn leidinggevende vindt dat ik de kindermishandelingssignalen sneller moet bespreken.",
    "Ik merk dat ik het lastig vind om grenzen te stellen in dit contact.",
    "We bespraken de schuldenproblematiek en de spanningen rond de omgangsregeling.",
    "Achteraf vraag ik me af of ik niet te snel ben meegegaan in het verhaal van vader.",
]


def make_text(words: int, seed: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(SENTENCES)
        # Vary words a little so not every token is already cached.
        sentence = sentence.replace("jongen", rng.choice(["jongen", "zoon", "kind", "peuter"]))
        parts.append(sentence)
        count += len(sentence.split())
    return " ".join(parts)


SYLLABLES = [
    "ver",
    "ge",
    "be",
    "on",
    "kin",
    "der",
    "hand",
    "el",
    "ing",
    "zorg",
    "wijk",
    "team",
    "schap",
    "heid",
    "lijk",
    "baar",
    "ste",
    "raad",
    "werk",
    "plan",
    "over",
    "leg",
]


def novel_text(words: int, seed: int) -> str:
    """Dutch-looking words, most of them new: the worst case for the word cache."""
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(words)
    )


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    print(
        f"{name:<44} median {statistics.median(times):7.3f} ms   "
        f"max {max(times):7.3f} ms   (n={len(times)})"
    )


def quality(catalog: Catalog) -> None:
    dilemmas = load_dilemmas()
    print(f"recall@5 on {len(dilemmas)} fictional dilemmas (pooled; per-dilemma mean)")
    vocabulary = load_vocabulary()
    for name, used in (("with the vocabulary file", vocabulary), ("keywords only", EMPTY)):
        catalog._indexes["bpsw-2021"] = build_index(catalog, catalog.codes["bpsw-2021"], used)
        print(f"  {name}:")
        for register in REGISTERS:
            parts = []
            for part, keep in (
                ("tuned", lambda d: not d.held_out),
                ("held out", lambda d: d.held_out),
                ("all", lambda d: True),
            ):
                chosen = [d for d in dilemmas if d.register == register and keep(d)]
                recall = recall_at(chosen, catalog)
                parts.append(
                    f"{part} {recall.pooled:.2f} ({recall.found}/{recall.expected}; "
                    f"{recall.per_dilemma:.2f})"
                )
            print(f"    {register:<9} " + "   ".join(parts))
    catalog._indexes.clear()


WORDS = [
    "".join(random.Random(n).choice(SYLLABLES) for _ in range(random.Random(-n).randint(2, 4)))
    for n in range(30_000)
]


def journal_entries(count: int, seed: int) -> list[EntrySource]:
    """A big made-up journal: sentences of the kind people write, a long tail of rarer words
    (Zipf-like, ~30,000 distinct), about 150 words an entry, a few tagged articles each."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    entries = []
    for n in range(count):
        text = make_text(60, seed=seed + n) + " " + " ".join(rng.choices(WORDS, weights, k=90))
        tags = tuple(("bpsw-2021", rng.choice([1, 2, 10, 11, 13, 19, 20, 21])) for _ in range(2))
        entries.append(EntrySource(f"e{n:06d}", "2025-01-01", f"Entry {n}", text, tags))
    return entries


def learning(catalog: Catalog) -> None:
    entries = journal_entries(10_000, seed=11)
    words = sum(len(e.text.split()) for e in entries)
    print(f"journal: {len(entries)} entries, {words} words")
    start = time.perf_counter()
    index = SimilarityIndex.build(entries)
    print(f"{'similarity index, built once per unlock':<44} {time.perf_counter() - start:7.2f} s")
    one = entries[0]._replace(updated="2025-02-01")
    report("update one entry (a save)", timed(lambda: index.update(one), 20))
    # Texts like the entries (common sentences and rarer words), and texts of common
    # sentences only, whose every key is in thousands of entries: the worst case.
    queries = [e.text for e in journal_entries(30, seed=99_000)]
    common = [make_text(150, seed=100 + n) for n in range(30)]
    report(
        "similar entries, 150-word text",
        [timed(lambda q=q: index.similar(q), 1)[0] for q in queries],
    )
    report(
        "similar entries, common words only",
        [timed(lambda q=q: index.similar(q), 1)[0] for q in common],
    )
    report(
        "suggest with learning, 150-word text",
        [
            timed(lambda q=q: suggest(q, catalog, learned=index.learned(q, code="bpsw-2021")), 1)[0]
            for q in queries
        ],
    )
    long = make_text(2000, seed=5)
    report(
        "suggest with learning, 2,000-word text",
        timed(lambda: suggest(long, catalog, learned=index.learned(long, code="bpsw-2021")), 20),
    )


def main() -> None:
    catalog = load_catalog()
    quality(catalog)
    print()
    code = catalog.codes["bpsw-2021"]
    report(
        "build index (once per catalogue and code)", timed(lambda: build_index(catalog, code), 20)
    )

    text = make_text(2000, seed=1)
    print(f"text: {len(text.split())} words, {len(text)} characters")
    suggest("beroepsgeheim", catalog)  # load the message catalogue once, as the app does
    catalog._indexes.clear()
    index_for(catalog, "bpsw-2021")  # build the index outside the timings below
    report("first call, 2,000 words (cold word cache)", timed(lambda: suggest(text, catalog), 1))
    fresh = novel_text(2000, seed=7)
    print(f"novel text: {len(set(fresh.split()))} distinct words never seen before")
    report("first call, 2,000 words, all-new vocabulary", timed(lambda: suggest(fresh, catalog), 1))
    report("repeat call, 2,000 words (while typing)", timed(lambda: suggest(text, catalog), 200))

    edited = [make_text(2000, seed=s) for s in range(2, 12)]
    report(
        "new 2,000-word texts, same vocabulary",
        [timed(lambda t=t: suggest(t, catalog), 1)[0] for t in edited],
    )

    short = make_text(150, seed=3)
    report("repeat call, 150 words", timed(lambda: suggest(short, catalog), 500))
    print()
    learning(catalog)


if __name__ == "__main__":
    main()
