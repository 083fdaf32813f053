"""How long do article suggestions take on a long entry? (Not a test: prints timings.)

Suggestions run on every pause in typing, so a call must stay far below what a person
notices. The target is well under 10 ms for a 2,000-word entry once the index exists. The
script times: building the index (once per catalogue and code), the first call on a new
text (every word stemmed for the first time), and repeat calls on a text being edited
(words already seen, the case while someone types).

Run: .venv/bin/python bench/bench_suggest.py
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable

# Use an empty config folder so a user's own catalogues do not change the measurement.
os.environ["REFLECT_CONFIG_DIR"] = tempfile.mkdtemp(prefix="reflect-bench-")

from reflect.catalog import load_catalog
from reflect.catalog.suggest import build_index, index_for, suggest

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


def main() -> None:
    catalog = load_catalog()
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


if __name__ == "__main__":
    main()
