"""The word rules (reflect.privacy.words): their data files, their helpers, and refine().

All persons in these tests are fictional by construction; place and organisation names are
real public names, used as such.
"""

from __future__ import annotations

import pytest

from reflect.privacy import Pseudonymizer, check_text, redact_text
from reflect.privacy.rules import Match
from reflect.privacy.words import (
    _DATA,
    _first_names,
    _places,
    find_first_names,
    find_places,
    refine,
    sentence_initial,
    title_cased,
)


def places_file() -> list[tuple[str, str]]:
    """(name, flag) for every line of places.txt."""
    lines = (_DATA / "places.txt").read_text(encoding="utf-8").splitlines()
    rows = []
    for line in lines:
        if not line.startswith("#"):
            name, _, flag = line.partition("\t")
            rows.append((name, flag))
    return rows


def test_places_are_in_their_official_spelling_once_each() -> None:
    names = [name for name, _ in places_file()]
    assert len(names) == len(set(names)) > 6000
    for name in ("'s-Hertogenbosch", "Alphen aan den Rijn", "Bergen op Zoom", "Den Haag", "Ee"):
        assert name in names
    assert not [n for n in names if "(" in n or " Aan " in n or n.startswith("'S")]
    for country in ("Nederland", "Polen", "Engeland", "Egypte"):
        assert country not in names


def test_places_that_are_ordinary_words_are_marked() -> None:
    _, ordinary = _places()
    assert {"Best", "Haren", "Ee", "Putten", "Echt"} <= ordinary
    assert not {"Amersfoort", "Zeist", "'s-Hertogenbosch"} & ordinary


def test_first_names_come_from_the_installed_deduce() -> None:
    names, ordinary = _first_names()
    assert len(names) > 10_000  # the rule is silently empty without them
    assert {"Sanne", "Bram", "Storm", "Fatima"} <= names
    assert {"Storm", "Winter", "Lot", "Ben"} <= ordinary
    assert not {"Bram", "Jan", "Sanne"} & ordinary


@pytest.mark.parametrize(
    ("text", "word", "initial"),
    [
        ("Storm belde.", "Storm", True),
        ("Eerst dit. Storm belde.", "Storm", True),
        ("Stap 2: Storm belde.", "Storm", True),
        ("1. Storm belde.", "Storm", True),
        ("- Storm belde.", "Storm", True),
        ("Ik belde Storm.", "Storm", False),
        ("(zie ook) Storm", "Storm", False),
    ],
)
def test_sentence_initial(text: str, word: str, initial: bool) -> None:
    assert sentence_initial(text, text.index(word)) is initial


def test_title_cased_lines() -> None:
    text = "Step One: What Can I Do\nIk sprak Storm en Lot over school."
    assert title_cased(text, text.index("Can"))
    assert not title_cased(text, text.index("Storm"))


def test_ordinary_first_names_need_more_than_a_capital_at_a_sentence_start() -> None:
    def found(text: str) -> list[str]:
        return [text[m.start : m.end] for m in find_first_names(text)]

    assert found("Storm en regen.") == []
    assert found("Storm de Wit belde.") == ["Storm de Wit"]  # a surname makes it a name
    assert found("Bram belde.") == ["Bram"]  # not an ordinary word
    assert found("Ik belde Storm.") == ["Storm"]


def test_places_that_are_words_need_a_word_that_announces_a_place() -> None:
    def found(text: str) -> list[str]:
        return [text[m.start : m.end] for m in find_places(text)]

    assert found("Ze woont in Haren.") == ["Haren"]
    assert found("Postadres: 9751 AB Haren.") == ["Haren"]
    assert found("Haren is een mooi dorp.") == []
    assert found("Amersfoort is een stad.") == ["Amersfoort"]
    assert found("Ze woont in Amsterdam-Noord.") == ["Amsterdam-Noord"]
    assert found("Ze woont in ’s-Hertogenbosch.") == ["’s-Hertogenbosch"]


def spans_of(text: str, matches: list[Match]) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in matches]


def test_refine_drops_organisations_brands_and_countries() -> None:
    text = "Ze werkt bij de Albert Heijn, komt uit Polen en bestelt bij van Bol.com."
    matches = [
        Match("person", text.index("Albert"), text.index("Albert") + len("Albert Heijn")),
        Match("person", text.index("Albert"), text.index("Albert") + len("Albert")),
        Match("place", text.index("Polen"), text.index("Polen") + len("Polen")),
        Match("person", text.index("van Bol"), text.index("van Bol") + len("van Bol")),
    ]
    assert refine(text, matches) == []


def test_refine_keeps_an_institution_with_its_region() -> None:
    text = "De gezinsvoogd van Jeugdbescherming west en Veilig Thuis Utrecht."
    start = text.index("Jeugdbescherming")
    vt = text.index("Veilig")
    matches = [
        Match("institution", start, start + len("Jeugdbescherming west")),
        Match("institution", vt, vt + len("Veilig Thuis Utrecht")),
    ]
    assert refine(text, matches) == matches


def test_refine_trims_words_that_are_not_part_of_a_name() -> None:
    text = "Volgens Winter gaat het goed. Mevrouw Jansen belde. What Can"
    matches = [
        Match("person", 0, len("Volgens Winter")),
        Match("person", text.index("Mevrouw"), text.index("Mevrouw") + len("Mevrouw Jansen")),
        Match("person", text.index("What"), len(text)),
    ]
    assert spans_of(text, refine(text, matches)) == [("person", "Winter"), ("person", "Jansen")]


def test_refine_drops_an_ordinary_word_place_that_starts_a_sentence() -> None:
    text = "Best lastig. Ze woont in Best."
    first, second = Match("place", 0, 4), Match("place", text.rindex("Best"), len(text) - 1)
    assert refine(text, [first, second]) == [second]


def test_a_name_that_is_also_a_place_checks_and_redacts_cleanly() -> None:
    # "Anna Paulowna" is a first name and a surname-like word, and a village.
    text = "Anna Paulowna belde over haar dochter, die in Anna Paulowna woont."
    findings = check_text(text, {}, None)
    assert [f.text for f in findings] == ["Anna Paulowna", "Anna Paulowna"]
    assert "Anna" not in redact_text(text, findings, Pseudonymizer("nl"))
