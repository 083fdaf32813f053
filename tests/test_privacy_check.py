"""The identifier check on realistic Dutch texts, with deduce loaded once per session.

Every person, place, number and address below is fictional.
"""

from __future__ import annotations

import itertools
import threading

import pytest

from reflect.privacy import (
    NameDetector,
    Pseudonymizer,
    check_text,
    load_name_detector,
    loaded_name_detector,
    redact_text,
)


@pytest.fixture(scope="session")
def names() -> NameDetector:
    return load_name_detector()


# Realistic working notes without identifiers (fictional), full of the field's vocabulary.
CLEAN_TEXTS = [
    "Moeder belde het wijkteam omdat ze zich zorgen maakte over haar zoon. Ik heb overlegd met "
    "Veilig Thuis en met mijn teamleider. Volgens artikel 13 van de beroepscode moet ik de "
    "veiligheid van het kind voorop stellen. De school gaf aan dat de jongen vaak afwezig is.",
    "In de intervisie gebruikten we de Balintmethode; vorige keer de incidentmethode en de "
    "roddelmethode. Artikel 10 en artikel 7 zijn relevant. De Raad voor de Kinderbescherming "
    "is nog niet in beeld. De huisarts en de GGZ zijn betrokken.",
    "Stap 1: signalen in kaart brengen. Stap 2: collegiale consultatie. Ik twijfelde of ik de "
    "meldcode moest volgen. Ik voelde me machteloos en ook een beetje boos op mezelf.",
    "Het gezin is al 3 jaar in beeld. Twee jaar geleden is vader vertrokken. De cliënt gaf "
    "toestemming om informatie te delen. Beroepsgeheim, autonomie en zorgvuldigheid botsen hier.",
    "Mevrouw K. vertelde dat haar ex-partner dreigde. Ik heb het besproken in moreel beraad en "
    "met de aandachtsfunctionaris. Mijn leerdoel: eerder grenzen aangeven.",
    "Schoon begin vandaag. Mooi dat moeder kwam. Stap 3 is gezet.",
    "I discussed the case with my supervisor. My question is how to stay in my role when the "
    "mother asks me to keep a secret. Article 13 applies.",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_no_false_alarms_on_ordinary_social_work_text(text: str, names: NameDetector) -> None:
    assert check_text(text, {}, names) == []


IDENTIFYING = (
    "Jan de Vries (15 jaar, geboren 12-03-2009) woont aan de Kerkstraat 12 in Amersfoort, "
    "3811 AB. Hij zit op het Farel College. Bel 06-12345678 of mail jan@example.nl. "
    "BSN 111222333, rekening NL91 ABNA 0417 1643 00."
)


def test_identifiers_in_a_realistic_text_are_all_found(names: NameDetector) -> None:
    found = {(f.kind, f.text) for f in check_text(IDENTIFYING, {}, names)}
    assert {
        ("person", "Jan de Vries"),
        ("age", "15 jaar"),
        ("birthdate", "12-03-2009"),
        ("address", "Kerkstraat 12"),
        ("place", "Amersfoort"),
        ("postcode", "3811 AB"),
        ("phone", "06-12345678"),
        ("email", "jan@example.nl"),
        ("bsn", "111222333"),
        ("iban", "NL91 ABNA 0417 1643 00"),
    } <= found


def test_findings_do_not_overlap_and_carry_context(names: NameDetector) -> None:
    findings = check_text(IDENTIFYING, {}, names, where="situatie")
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start
    first = findings[0]
    assert f"»{first.text}«" in first.context and first.where == "situatie"
    assert "situatie" in first.describe("nl")


def test_aliases_are_findings_whole_word_any_case() -> None:
    aliases = {"Sanne": "cliënt S."}
    found = check_text("sanne belde. Sannes moeder niet. SANNE wel.", aliases, None)
    assert [(f.kind, f.text, f.pseudonym) for f in found] == [
        ("alias", "sanne", "cliënt S."),
        ("alias", "SANNE", "cliënt S."),
    ]


def test_redaction_round_trip_is_stable_and_checks_clean(names: NameDetector) -> None:
    aliases = {"Sanne Bakker": "cliënt S."}
    text = (
        "Sanne Bakker belde. Jan de Vries, haar oom uit Amersfoort, was er ook. "
        "Later sprak ik Jan de Vries opnieuw, en daarna De Vries alleen. BSN 111222333."
    )
    findings = check_text(text, aliases, names)
    redacted = redact_text(text, findings, Pseudonymizer("nl"))
    assert redacted.count("[Persoon 1]") == 3  # same person, also by surname only
    assert "cliënt S." in redacted and "[Plaats 1]" in redacted and "[BSN]" in redacted
    for real in ("Sanne", "Bakker", "Vries", "Amersfoort", "111222333"):
        assert real not in redacted
    assert check_text(redacted, aliases, names) == []


def test_pseudonyms_follow_the_language() -> None:
    finding = check_text("BSN 111222333", {}, None)
    assert redact_text("BSN 111222333", finding, Pseudonymizer("en")) == "BSN [BSN]"
    aliases = {"Piet": "P."}
    assert "P." in redact_text("Piet", check_text("Piet", aliases, None), Pseudonymizer("en"))


def test_redact_refuses_findings_from_another_text() -> None:
    findings = check_text("BSN 111222333", {}, None)
    with pytest.raises(ValueError):
        redact_text("something else entirely", findings, Pseudonymizer("nl"))


def test_loading_is_shared_between_threads(names: NameDetector) -> None:
    assert loaded_name_detector() is names
    results: list[NameDetector] = []
    steps: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(load_name_detector(lambda s, n, m: steps.append(s)))
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r is names for r in results) and steps == [3, 3, 3]
