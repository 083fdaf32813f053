"""Fictional journals for the benchmarks: years of notes, made up, in varied Dutch.

Not a benchmark itself (``make bench`` runs ``bench/bench_*.py``): the benchmarks import it.
Every field kind is filled (text, options, stakeholders, articles, method answers, dates),
sentences are drawn at random from a fictional vocabulary so no two entries are alike, and
one entry in five has a revision, so the journal's size and shape resemble years of use.
Entries are about 2 KB each as stored.
"""

from __future__ import annotations

import os
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reflect.model import ArticleRef, Entry, Option, Stakeholder, Status
from reflect.vault.journal import Journal
from reflect.vault.kdf import KdfParams

PASSPHRASE = "benchmark passphrase (fictional)"

# A fictional vocabulary of the work: no real person, place or case.
_VOCABULARY = (
    "jongere vertelt vertrouwen spanningen thuis vraagt uitdrukkelijk niets ouders door geven "
    "school belt vragen wijkteam zorg melding dossier gesprek moeder vader broer zus buurvrouw "
    "huisarts leerplicht budget schulden woning huur ontruiming veiligheid signaal twijfel "
    "collega leidinggevende afspraak toestemming geheimhouding beroepsgeheim autonomie "
    "bescherming risico inschatting afweging waarden belangen cliënt gezin netwerk hulp "
    "vrijwillig verplicht kader meldcode stappenplan overleg supervisie intervisie reflectie "
    "besluit verantwoording handelen nalaten grens rol verwachting teleurstelling boosheid "
    "schaamte angst hoop vertrouwelijk informatie delen navragen toetsen raadplegen wachten "
    "vandaag gisteren morgen week maand later eerder opnieuw samen alleen liever toch"
)
WORDS = _VOCABULARY.split()
METHODS = (None, "dilemmamethode", "nvmw-stappenplan", "gibbs", "starr")
STATUSES = (Status.DRAFT, Status.DECIDED, Status.EVALUATED)


def sentence(rng: random.Random, count: int) -> str:
    """``count`` fictional sentences of 8 to 24 words."""
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 24))).capitalize() + "."
        for _ in range(count)
    )


def make_entries(count: int, seed: int = 7) -> list[Entry]:
    """``count`` fictional entries, one every few days over the years, oldest first."""
    rng = random.Random(seed)
    start = datetime(1990, 1, 1, 9, tzinfo=UTC)
    entries = []
    for i in range(count):
        created = start + timedelta(days=i * 1.4, minutes=rng.randrange(600))
        method = rng.choice(METHODS)
        entries.append(
            Entry(
                created=created,
                updated=created,
                title=f"{sentence(rng, 1)[:50].rstrip('.')} ({i})",
                case_code=f"K-{rng.randrange(1, 400):03d}",
                situation=sentence(rng, 3),
                question=sentence(rng, 1),
                dilemma=sentence(rng, 1),
                options=[Option(sentence(rng, 1), rng.choice(WORDS)) for _ in range(2)],
                stakeholders=[
                    Stakeholder(rng.choice(WORDS), rng.choice(WORDS)) for _ in range(2)
                ],
                decision=sentence(rng, 1),
                rationale=sentence(rng, 1),
                feelings=sentence(rng, 1) if rng.random() < 0.5 else "",
                articles=[
                    ArticleRef("bpsw-2021", n, sentence(rng, 1) if rng.random() < 0.3 else "")
                    for n in rng.sample(range(1, 30), rng.randrange(1, 4))
                ],
                method=method,
                method_answers={"stap-1": sentence(rng, 1)} if method else {},
                follow_up=(created + timedelta(days=30)).date() if rng.random() < 0.2 else None,
                status=rng.choice(STATUSES),
            )
        )
    return entries


def cheap_kdf() -> KdfParams:
    """The KDF is a fixed, separately calibrated cost: the benchmarks leave it out."""
    return KdfParams(os.urandom(16), 64, 1, 1)


def build_journal(path: Path, count: int, seed: int = 7) -> int:
    """Write a journal of ``count`` fictional entries at ``path`` (one in five revised);
    return its size in bytes."""
    rng = random.Random(seed + 1)
    entries = make_entries(count, seed)
    journal, _ = Journal.create(path, PASSPHRASE, kdf=cheap_kdf())
    try:
        journal.add_many(entries)
        with journal.batch():
            for entry in entries[::5]:
                journal.update(replace(entry, decision=sentence(rng, 1)))
    finally:
        journal.close()
    return path.stat().st_size

