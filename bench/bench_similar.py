"""How fast is the pane of earlier similar entries at career scale? (Not a test: prints figures.)

While someone writes, the pane ranks the journal's entries against the text after every pause
in typing (reflect.operations.earlier.rank_earlier on the similarity index, in a thread),
then reads what was decided in the best five from the journal (``describe``, on the gate).
Both together are what one keystroke's pause costs; the target is under 30 ms at 10,000
entries. Typing itself never waits on it (it runs off the event loop, debounced).

The journal: 10,000 fictional entries of about 2 KB. Each is about one of a dozen kinds of
dilemma (confidentiality, signs of abuse, money, gifts, workload, housing, addiction,
information in the team, ...), written from varied sentences whose words are drawn from
synonyms (a *tiener*, a *jongere*, a *puber*; *moeder*, *vader*, *ouders*) plus a tail of
rarer words and a few tagged articles, so the word keys spread as in years of real notes.
The drafts are new entries of the same kinds, at the length they have while being typed
(a title, a paragraph, a whole entry) and a 2,000-word paste; some with articles tagged.

Each figure prints a verdict: met or MISSED (judged on the slowest of the typical drafts;
the 2,000-word paste is shown beside it).

Run: .venv/bin/python bench/bench_similar.py (or `make bench`)
"""

from __future__ import annotations

import functools
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Use an empty config folder and the cheap KDF: the key derivation is not measured here.
os.environ["REFLECT_CONFIG_DIR"] = tempfile.mkdtemp(prefix="reflect-bench-")
os.environ.setdefault("REFLECT_KDF_PROFILE", "insecure-fast")

from reflect.model import ArticleRef, Entry
from reflect.operations.earlier import describe, rank_earlier
from reflect.operations.similarity import SimilarityIndex, journal_sources
from reflect.vault.journal import Journal

ENTRIES = 10_000
TARGET_MS = 30.0
PASSPHRASE = "benchmark passphrase"

# Words a sentence draws from: the same thing said many ways.
SLOTS = {
    "young": ["een tiener", "een jongere", "een puber", "een meisje van vijftien", "een jongen"],
    "parent": ["zijn moeder", "haar vader", "de ouders", "haar moeder", "de pleegouders"],
    "tell": ["vertellen", "zeggen", "doorgeven", "laten weten", "bespreken"],
    "client": ["een cliënt", "meneer", "mevrouw", "een bewoner", "een deelnemer"],
    "colleague": ["een collega", "mijn teamleider", "de wijkagent", "de huisarts", "school"],
    "feeling": ["twijfel", "onrust", "boosheid", "schaamte", "opluchting", "vermoeidheid"],
}
THEMES: dict[str, list[str]] = {
    "confidentiality": [
        "{young} vertelt mij in vertrouwen over de ruzies thuis.",
        "{young} vraagt me niets aan {parent} te {tell}.",
        "Ik heb beloofd het voor mezelf te houden, maar ik maak me zorgen.",
        "Wat {young} mij toevertrouwde weegt zwaar in het contact.",
        "Als ik het geheim doorbreek, verlies ik misschien het vertrouwen.",
    ],
    "abuse": [
        "Bij het huisbezoek zag ik blauwe plekken op de armen van het kind.",
        "{parent} zegt dat het kind van de trap is gevallen.",
        "De leerkracht meldde dat het kind vaak hongerig op school komt.",
        "Ik overweeg een melding bij Veilig Thuis volgens de meldcode.",
        "De signalen zijn niet eenduidig en ik wil zorgvuldig wegen.",
    ],
    "money": [
        "{client} heeft hoge schulden en de huur is al maanden niet betaald.",
        "Budgetbeheer wordt geweigerd omdat {client} zelf de regie wil houden.",
        "De verhuurder dreigt met een ontruiming van de woning.",
        "Een betalingsregeling lijkt haalbaar als de inkomsten stabiel blijven.",
    ],
    "gift": [
        "{client} wil me na afloop een cadeau geven als bedankje.",
        "Weigeren voelt als een belediging van de gastvrijheid.",
        "Een kleine attentie is iets anders dan een dure armband.",
        "Ik wil de professionele relatie zuiver houden.",
    ],
    "workload": [
        "{colleague} vraagt me de training te laten schieten vanwege de wachtlijst.",
        "Mijn caseload is te hoog om elke cliënt goed te begeleiden.",
        "Ik merk {feeling} als ik weer overuren maak.",
        "Zorgen voor mijn eigen deskundigheid hoort ook bij goed werk.",
    ],
    "team": [
        "In het casusoverleg wil {colleague} alle gegevens over het gezin delen.",
        "{client} heeft geen toestemming gegeven om informatie door te geven.",
        "Er zijn geen duidelijke afspraken over wie de regie heeft.",
        "Ik deel alleen wat nodig is voor de hulp.",
    ],
    "addiction": [
        "{client} drinkt weer en komt afspraken niet na.",
        "De kinderen zijn vaak alleen thuis als {parent} gebruikt.",
        "Ik twijfel of ik de verslaving bespreekbaar moet maken bij de huisarts.",
        "Een terugval hoort bij herstel, maar de veiligheid gaat voor.",
    ],
    "autonomy": [
        "{client} wil zelf beslissen over de behandeling, ook als dat risico geeft.",
        "De familie vindt dat ik moet ingrijpen.",
        "Respect voor eigen keuzes botst met mijn zorg om de gezondheid.",
        "Ik zoek naar een weg die de regie bij {client} laat.",
    ],
    "boundaries": [
        "{client} stuurt me 's avonds berichten via WhatsApp.",
        "Ik wil bereikbaar zijn maar ook mijn grenzen bewaken.",
        "Een collega zegt dat ik te persoonlijk betrokken ben.",
        "Ik merk {feeling} na elk gesprek.",
    ],
    "housing": [
        "{client} woont in een vervuilde woning en wil geen hulp.",
        "De buren klagen over stank en ongedierte.",
        "Een gedwongen opname voelt als een te zware stap.",
        "De woningcorporatie vraagt mij om informatie.",
    ],
}
TAGS: dict[str, list[int]] = {
    "confidentiality": [10, 13],
    "abuse": [13, 15, 10],
    "money": [3, 4],
    "gift": [18, 19],
    "workload": [7, 8],
    "team": [11, 20, 21],
    "addiction": [13, 3],
    "autonomy": [3, 4, 5],
    "boundaries": [18, 9],
    "housing": [3, 13],
}
TAIL = [
    "".join(
        random.Random(n).choice(["ver", "ge", "be", "zorg", "wijk", "raad", "heid", "plan"])
        for _ in range(random.Random(-n).randint(2, 4))
    )
    for n in range(20_000)
]  # rarer words: a long tail, as real notes have


def sentence(rng: random.Random, theme: str) -> str:
    template = rng.choice(THEMES[theme])
    return template.format(**{slot: rng.choice(words) for slot, words in SLOTS.items()})


def text(rng: random.Random, theme: str, sentences: int) -> str:
    """Sentences of the theme, now and then one of another, and a few rarer words."""
    parts = []
    for _ in range(sentences):
        chosen = theme if rng.random() < 0.8 else rng.choice(list(THEMES))
        parts.append(sentence(rng, chosen))
    weights = [1 / (rank + 1) for rank in range(len(TAIL))]
    parts.append(" ".join(rng.choices(TAIL, weights, k=sentences * 2)) + ".")
    return " ".join(parts)


def make_entry(rng: random.Random, n: int) -> Entry:
    theme = rng.choice(list(THEMES))
    tags = rng.sample(TAGS[theme], k=min(len(TAGS[theme]), rng.randint(1, 2)))
    return Entry(
        title=f"{theme.capitalize()} {n}: {sentence(rng, theme)[:50]}",
        situation=text(rng, theme, 12),
        dilemma=sentence(rng, theme),
        decision=text(rng, theme, 3),
        rationale=text(rng, theme, 7),
        feelings=rng.choice(SLOTS["feeling"]),
        articles=[ArticleRef("bpsw-2021", number) for number in tags],
    )


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def report(name: str, samples: list[float]) -> float:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{name:<46} median {statistics.median(samples):6.2f} ms   p95 {p95:6.2f} ms   "
        f"max {max(samples):6.2f} ms   (n={len(samples)})"
    )
    return max(samples)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="reflect-bench-"))
    rng = random.Random(14)
    entries = [make_entry(rng, n) for n in range(ENTRIES)]
    journal, _ = Journal.create(folder / "journal.reflect", PASSPHRASE)
    journal.add_many(entries)
    size = sum(len(e.searchable_text()) for e in entries) / ENTRIES
    print(f"journal: {ENTRIES} entries, about {size / 1000:.1f} KB of text each")

    started = time.perf_counter()
    index = SimilarityIndex.build(journal_sources(journal))
    built = time.perf_counter() - started
    print(f"{'similarity index, built once per unlock':<46} {built:6.2f} s (in the background)")

    drafts = [make_entry(random.Random(90_000 + n), n) for n in range(40)]

    def at_length(draft: Entry, words: int) -> str:
        return " ".join(f"{draft.title} {draft.situation} {draft.rationale}".split()[:words])

    def one_pause(draft_text: str, tags: list[tuple[str, int]]) -> None:
        ranked = rank_earlier(index, draft_text, tags, exclude=None)
        describe(journal, ranked)

    worst = 0.0
    for words, name in ((8, "a title"), (60, "a paragraph"), (300, "a whole entry")):
        typed = [(at_length(d, words), [(a.code, a.number) for a in d.articles]) for d in drafts]
        samples = [timed(functools.partial(one_pause, t, [])) for t, _ in typed]
        worst = max(worst, report(f"one pause, {name} ({words} words)", samples))
        tagged = [timed(functools.partial(one_pause, t, a)) for t, a in typed]
        worst = max(worst, report("  the same with its articles tagged", tagged))
    paste = " ".join(text(random.Random(5), "confidentiality", 8) for _ in range(25))
    paste = " ".join(paste.split()[:2000])
    report(
        "one pause, a 2,000-word paste", [timed(lambda: one_pause(paste, [])) for _ in range(10)]
    )
    print(
        f"{'slowest pause of a typed draft':<46} {worst:6.2f} ms  "
        f"(target < {TARGET_MS:.0f} ms: {verdict(worst < TARGET_MS)})"
    )
    journal.close()


if __name__ == "__main__":
    main()
