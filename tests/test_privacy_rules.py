"""Own identifier rules: validated shapes, and no alarms on ordinary numbers and words.

All names, numbers and addresses in these tests are fictional.
"""

from __future__ import annotations

import pytest

from reflect.privacy import check_text
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
    # The account number inside is no phone number: phonenumbers validates the number range.
    assert kinds("Rekening NL91 ABNA 0417 1643 00 graag.") == [("iban", "NL91 ABNA 0417 1643 00")]


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


# ---- notations people use (issue 11): all numbers below are made up -----------------------


@pytest.mark.parametrize(
    "bsn", ["111222333", "1112.22.333", "111 222 333", "111.222.333", "111-222-333", "11 12 22 333"]
)
def test_bsn_with_spaces_dots_and_dashes(bsn: str) -> None:
    assert kinds(f"BSN {bsn} van moeder.") == [("bsn", bsn)]


@pytest.mark.parametrize(
    "text",
    [
        "BSN 11 1222 333 niet.",  # no usual grouping
        "BSN 111 222.333 niet.",  # two kinds of separator
        "nummer 0 111 222 333",  # the tail of a longer number
        "+31 (0)20 123 4567",  # the tail of a phone number
    ],
)
def test_bsn_groupings_that_are_not_a_bsn(text: str) -> None:
    assert "bsn" not in [k for k, _ in kinds(text)]


@pytest.mark.parametrize(
    "iban",
    [
        "NL91.ABNA.0417.1643.00",
        "nl91 abna 0417 1643 00",
        "NL18-TRIO-0391-2345-67",
        "NL22 SNSB 091234 5678",
    ],
)
def test_iban_with_spaces_dots_dashes_any_case(iban: str) -> None:
    # (A group of digits inside may also look like a phone number; the check keeps the
    # longest finding, the IBAN.)
    assert ("iban", iban) in kinds(f"Rekening {iban}, graag.")
    assert [(f.kind, f.text) for f in check_text(f"Rekening {iban}, graag.")] == [("iban", iban)]


def test_iban_follows_its_country_format() -> None:
    # The mod-97 check passes, but a Dutch IBAN has four letters for the bank.
    assert iban_valid("NL91ABNA0417164300")
    assert not iban_valid("NL0212340417164300")
    assert kinds("Kenmerk NL91 ABNA 0417 1643 01 klopt niet.") == []


@pytest.mark.parametrize(
    "phone",
    ["06.12.34.56.78", "06 - 123 456 78", "06 12 34 56 78", "(06) 123 456 78", "+32 470 12 34 56"],
)
def test_phone_numbers_grouped_any_way(phone: str) -> None:
    assert kinds(f"Bel {phone} na vijven.") == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "Bel de Kindertelefoon op 0800-0432.",  # freephone
        "Politie zonder spoed: 0900-8844.",  # premium rate
        "Dossier 0123 4567 89 is gesloten.",  # no such area code
        "Om 14.30 uur, 45 minuten.",
    ],
)
def test_public_and_impossible_numbers_are_not_phone_numbers(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "address",
    [
        "Dorpsstraat 12-A",
        "Dorpsstraat 12-a",
        "Dorpsstraat 12 A",
        "Kerkweg 4 bis",
        "Molenweg 12-bis",
        "Vondelstraat 27-III",
        "Stationsweg 7hs",
        "Kerkstraat 12a-3",
        "Bloemgracht 112-2",
    ],
)
def test_house_numbers_with_letters_and_additions(address: str) -> None:
    assert kinds(f"Ze woont op {address}, sinds mei.") == [("address", address)]
