"""Benchmark: the identifier check on a generated 2,000-word Dutch entry (not a unit test).

Run: ``.venv/bin/python bench/bench_privacy.py``. Prints the time to load the de-identifier
(once per process), then the median of several checks with our own rules only, with deduce,
and a full redaction. The generated text is fictional; it mixes ordinary working-note
sentences with a few identifiers so every detector has work to do.
"""

from __future__ import annotations

import random
import statistics
import time

from reflect.privacy import Pseudonymizer, check_text, load_name_detector, redact_text

SENTENCES = [
    "Moeder belde het wijkteam omdat ze zich zorgen maakte over haar zoon.",
    "Ik heb overlegd met mijn teamleider en met Veilig Thuis.",
    "Volgens artikel 13 van de beroepscode weegt de veiligheid van het kind zwaar.",
    "De school gaf aan dat de jongen vaak afwezig is.",
    "Ik voelde me klem zitten tussen loyaliteit en zorg.",
    "In de intervisie bespraken we de casus volgens de incidentmethode.",
    "Het gezin is al drie jaar in beeld en het contact is wisselend.",
    "Vader wil geen hulp, moeder twijfelt.",
    "Mijn leerdoel is eerder mijn grenzen aan te geven.",
    "We spraken af om over twee weken te evalueren.",
]
IDENTIFYING = [  # fictional
    "Jan de Vries (15 jaar) woont aan de Kerkstraat 12 in Amersfoort.",
    "Bel 06-12345678 of mail j.devries@example.nl.",
    "BSN 111222333, postcode 3811 AB, geboren op 12-03-2009.",
]


def generate(words: int = 2000, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(IDENTIFYING if rng.random() < 0.05 else SENTENCES)
        parts.append(sentence)
        count += len(sentence.split())
    return " ".join(parts)


def median_ms(fn: object, repeat: int = 7) -> float:
    assert callable(fn)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    text = generate()
    print(f"entry: {len(text.split())} words, {len(text)} characters")
    start = time.perf_counter()
    names = load_name_detector()
    print(f"load de-identifier (this process): {time.perf_counter() - start:8.2f} s")
    aliases = {"Sanne Bakker": "cliënt S."}
    print(
        f"check, own rules + aliases only:   {median_ms(lambda: check_text(text, aliases)):8.1f} ms"
    )
    with_names = median_ms(lambda: check_text(text, aliases, names))
    print(f"check, with deduce:                {with_names:8.1f} ms")
    findings = check_text(text, aliases, names)

    def redact() -> None:
        redact_text(text, findings, Pseudonymizer("nl"))

    print(f"redact {len(findings)} findings:              {median_ms(redact):8.1f} ms")


if __name__ == "__main__":
    main()
