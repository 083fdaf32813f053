"""Own identifier rules: validated shapes, and no alarms on ordinary numbers and words.

All names, numbers and addresses in these tests are fictional.
"""

from __future__ import annotations

import pytest

from reflect.privacy.rules import elfproef, find_all, iban_valid


def kinds(text: str) -> list[tuple[str, str]]:
    return sorted((m.kind, text[m.start : m.end]) for m in find_all(text))


def test_elfproef_accepts_valid_and_rejects_near_misses() -> None:
    assert elfproef("111222333")
    assert elfproef("123456782")
    assert not elfproef("123456789")
    assert not elfproef("000000000")
    assert not elfproef("12345678")


@pytest.mark.parametrize("text", ["BSN 111222333.", "bsn: 1234.56.782", "nr 123 456 782"])
def test_bsn_found_in_common_notations(text: str) -> None:
    assert [k for k, _ in kinds(text)] == ["bsn"]


def test_nine_digits_that_fail_the_eleven_test_are_not_a_bsn() -> None:
    assert kinds("dossiernummer 123456789") == []


def test_iban_mod97() -> None:
    assert iban_valid("NL91ABNA0417164300")
    assert iban_valid("NL91 ABNA 0417 1643 00")
    assert not iban_valid("NL92ABNA0417164300")
    assert kinds("Rekening NL91 ABNA 0417 1643 00 graag.") == [
        ("iban", "NL91 ABNA 0417 1643 00"),
        ("phone", "0417 1643 00"),  # overlap is resolved by the check, longest wins
    ]


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "06 1234 5678",
        "+31 6 12345678",
        "0031 6 12345678",
        "020-1234567",
        "(020) 123 45 67",
        "+31 (0)20 123 4567",
    ],
)
def test_dutch_phone_formats(phone: str) -> None:
    assert kinds(f"Bel {phone} na vijven.") == [("phone", phone)]


def test_email_postcode_address() -> None:
    text = "Mail naar j.devries@example.nl; adres Van Goghstraat 5a, 3811 AB."
    assert kinds(text) == [
        ("address", "Van Goghstraat 5a"),
        ("email", "j.devries@example.nl"),
        ("postcode", "3811 AB"),
    ]


def test_address_starts_at_the_street_not_at_the_preposition() -> None:
    assert kinds("Hij woont aan de Kerkstraat 12.") == [("address", "Kerkstraat 12")]


def test_dates_and_dates_of_birth() -> None:
    text = "Geboren op 12-03-1985; gesprek op 4 maart 2024 en 2024-03-05; geboren in 1987."
    assert kinds(text) == [
        ("birthdate", "12-03-1985"),
        ("birthdate", "1987"),
        ("date", "2024-03-05"),
        ("date", "4 maart 2024"),
    ]


def test_impossible_dates_are_not_dates() -> None:
    assert kinds("versie 31-02-2024 en 13/13/2020") == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("De jongen is 15 jaar.", "15 jaar"),
        ("een 15-jarige", "15-jarige"),
        ("Sanne (15 jaar) kwam", "15 jaar"),
        ("a 7-year-old boy", "7-year-old"),
        ("he is aged 7", "7"),
    ],
)
def test_ages(text: str, age: str) -> None:
    assert kinds(text) == [("age", age)]


@pytest.mark.parametrize(
    "text",
    [
        "Het gezin is al 3 jaar in beeld bij het wijkteam.",
        "Twee jaar geleden is moeder verhuisd.",
        "Een traject van 2 jaar, artikel 13 en artikel 10 van de beroepscode.",
        "In 2023 hadden we 12 gesprekken; week 12 was zwaar. Vergadering 3 ging over school.",
        "Op 12 maart sprak ik de huisarts. Stap 1: signalen in kaart brengen.",
        "Ik werk 32 uur per week en ben 5 jaar werkzaam als maatschappelijk werker.",
    ],
)
def test_ordinary_texts_raise_no_alarm(text: str) -> None:
    assert kinds(text) == []
