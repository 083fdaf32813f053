"""Own detectors for identifiers that follow a fixed shape: numbers, addresses, dates, ages.

Why our own rules and not deduce's: these shapes can be *validated* (the BSN eleven test,
the IBAN mod-97 check, a real calendar date), which keeps false alarms on ordinary numbers
down, and they run in microseconds, so the app can check a text before the de-identifier for
names has finished loading. Every rule returns :class:`Match` objects with character offsets
into the text it was given.

All example values in comments are fictional.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Match:
    """A stretch of text that looks like an identifier of ``kind``."""

    kind: str
    start: int
    end: int


# ---- BSN (burgerservicenummer) ---------------------------------------------------------------

_BSN = re.compile(r"(?<![\w.-])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w-]|\.\d)")


def elfproef(digits: str) -> bool:
    """The BSN eleven test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def find_bsn(text: str) -> Iterator[Match]:
    for m in _BSN.finditer(text):
        if elfproef(re.sub(r"\D", "", m.group(1))):
            yield Match("bsn", m.start(1), m.end(1))


# ---- IBAN ------------------------------------------------------------------------------------

_IBAN = re.compile(
    r"(?<![\w])([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?![\w])", re.IGNORECASE
)


def iban_valid(raw: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97."""
    iban = raw.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34:
        return False
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def find_iban(text: str) -> Iterator[Match]:
    for m in _IBAN.finditer(text):
        if iban_valid(m.group(1)):
            yield Match("iban", m.start(1), m.end(1))


# ---- e-mail ----------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")


def find_email(text: str) -> Iterator[Match]:
    for m in _EMAIL.finditer(text):
        yield Match("email", m.start(), m.end())


# ---- phone numbers (Dutch formats) -----------------------------------------------------------

# A trunk prefix (0, +31, 0031, optionally with "(0)") followed by nine digits that may be
# separated by single spaces or hyphens: 06-12345678, 06 1234 5678, +31 6 12345678,
# 020-123 45 67. A landline area code may also be in brackets: (020) 123 45 67.
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?|0)[1-9](?:[ -]?\d){8}"
    r"|\(0[1-9]\d{1,2}\)[ -]?\d(?:[ -]?\d){5,6}"
    r")(?![\w])"
)


def _phone_digit_count_ok(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("310"):  # +31 (0)6...
        digits = digits[2:]
    elif digits.startswith("31") and raw.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def find_phone(text: str) -> Iterator[Match]:
    for m in _PHONE.finditer(text):
        if _phone_digit_count_ok(m.group()):
            yield Match("phone", m.start(), m.end())


# ---- postcode --------------------------------------------------------------------------------

# 1234 AB. Upper-case letters only: "2024 en" in running text is a year and a word.
# SA, SD and SS are never issued.
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w])")


def find_postcode(text: str) -> Iterator[Match]:
    for m in _POSTCODE.finditer(text):
        yield Match("postcode", m.start(), m.end())


# ---- street addresses ------------------------------------------------------------------------

_STREET_SUFFIXES = (
    "straat",
    "straatweg",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "steeg",
    "dreef",
    "hof",
    "pad",
    "markt",
    "baan",
    "plantsoen",
    "wal",
    "erf",
    "zijde",
    "kant",
    "park",
    "veld",
    "haven",
    "boulevard",
    "allee",
    "hoven",
)
# Not "ring" (vergadering), "dam" or "burg" (town names followed by a year), "wijk" (same).
_SUFFIX = "|".join(sorted(_STREET_SUFFIXES, key=len, reverse=True))
_SUFFIX_WORD = "|".join(s.capitalize() for s in sorted(_STREET_SUFFIXES, key=len, reverse=True))
# "Kerkstraat 12", "Van Goghstraat 5a", "Burgemeester de Withlaan 3-II", "Oude Gracht 10 bis".
# Lower-case particles only inside a name, so "woont aan de Kerkstraat 12" yields the street.
# A four-digit number that looks like a year ("Stadspark 2024") is not a house number.
_ADDRESS = re.compile(
    r"(?<![\w])"
    r"(?:[A-Z][\w'.-]*\s+(?:(?:van|de|der|den|het|ter|ten|'t)\s+){0,2}){0,2}"
    rf"(?:[A-Z][a-zà-ÿ'-]*(?:{_SUFFIX})|{_SUFFIX_WORD})"
    r"\s+(?!(?:19|20)\d\d(?!\d))\d{1,4}(?:\s?[a-zA-Z](?![\w])|-\d{1,3}|-[IVX]+|\s?(?:bis|hs|huis))?"
    r"(?![\w])"
)


def find_address(text: str) -> Iterator[Match]:
    for m in _ADDRESS.finditer(text):
        yield Match("address", m.start(), m.end())


# ---- dates and dates of birth ----------------------------------------------------------------

_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "jan": 1,
    "feb": 2,
    "mrt": 3,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_NUMERIC = re.compile(
    r"(?<![\w/.-])(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})(?![\w/-]|\.\d)"
)
_DATE_ISO = re.compile(r"(?<![\w/.-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?![\w/-]|\.\d)")
_DATE_WORDS = re.compile(
    rf"(?<![\w])(\d{{1,2}})\s+({_MONTH_NAMES})\.?\s+((?:19|20)\d{{2}})(?![\w])", re.IGNORECASE
)
_DATE_WORDS_EN = re.compile(
    rf"(?<![\w])({_MONTH_NAMES})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d{{2}})(?![\w])", re.IGNORECASE
)
_BIRTH_YEAR = re.compile(
    r"(?<![\w])(?:geboren|geb\.|geboortejaar|born)\s+(?:in\s+|op\s+|on\s+)?((?:19|20)\d{2})(?![\w-])",
    re.IGNORECASE,
)
_BIRTH_CONTEXT = re.compile(
    r"(?:geboren|geb\.|geboortedatum|geboortedag|born|date of birth|birth date|d\.o\.b\.|dob|°)"
    r"\W{0,3}(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _date_spans(text: str) -> Iterator[tuple[int, int]]:
    for m in _DATE_NUMERIC.finditer(text):
        if _real_date(int(m.group(3)), int(m.group(2)), int(m.group(1))):
            yield m.start(), m.end()
    for m in _DATE_ISO.finditer(text):
        if _real_date(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            yield m.start(), m.end()
    for m in _DATE_WORDS.finditer(text):
        month = _MONTHS[m.group(2).lower()]
        if _real_date(int(m.group(3)), month, int(m.group(1))):
            yield m.start(), m.end()
    for m in _DATE_WORDS_EN.finditer(text):
        month = _MONTHS[m.group(1).lower()]
        if _real_date(int(m.group(3)), month, int(m.group(2))):
            yield m.start(), m.end()


def find_dates(text: str) -> Iterator[Match]:
    """Full dates (day, month and year). A date right after "geboren"/"born" is a birth date.

    A date without a year ("12 maart") is left alone: it rarely identifies anyone and is
    common in working notes.
    """
    for start, end in _date_spans(text):
        before = text[max(0, start - 40) : start]
        kind = "birthdate" if _BIRTH_CONTEXT.search(before) else "date"
        yield Match(kind, start, end)
    for m in _BIRTH_YEAR.finditer(text):
        yield Match("birthdate", m.start(1), m.end(1))


# ---- ages ------------------------------------------------------------------------------------

# "is 15 jaar", "een 15-jarige", "15 jaar oud", "(15 jr)", "15 years old", "a 15-year-old",
# "aged 15". Not "al 3 jaar in beeld", "2 jaar geleden" or "een traject van 2 jaar".
_AGE_PATTERNS = (
    re.compile(r"(?<![\w])(\d{1,3})[ -]?jarige?n?(?![\w])", re.IGNORECASE),
    re.compile(r"(?<![\w])(\d{1,3})\s+jaar\s+oud(?![\w])", re.IGNORECASE),
    re.compile(r"(?<=\()(\d{1,3})\s*(?:jaar|jr\.?|j\.)(?=[),;])", re.IGNORECASE),
    re.compile(r"(?<![\w])(\d{1,3})\s?jr\.?(?=\W|$)", re.IGNORECASE),
    re.compile(
        r"(?<![\w])(?:is|was|wordt|werd|ben|bent|zijn|waren|net|pas|bijna)\s+(?:net\s+|pas\s+|bijna\s+|ruim\s+)?"
        r"(\d{1,3})\s+jaar(?![\w])"
        r"(?!\s+(?:geleden|lang|later|eerder|terug|getrouwd|samen|werkzaam|bezig|in|bij|na|"
        r"onder|uit|op|niet|dakloos|verslaafd|verbleef)(?![\w]))",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\w])(?:leeftijd\s+van|aged|age)\s+(\d{1,3})(?![\w])", re.IGNORECASE),
    re.compile(r"(?<![\w])(\d{1,3})[ -]years?[ -]old(?![\w])", re.IGNORECASE),
)


def find_ages(text: str) -> Iterator[Match]:
    for pattern in _AGE_PATTERNS:
        for m in pattern.finditer(text):
            if 0 <= int(m.group(1)) <= 120:
                # From the number on: "is 15 jaar" redacts to "is [leeftijd]".
                yield Match("age", m.start(1), m.end())


RULES: tuple[Callable[[str], Iterator[Match]], ...] = (
    find_bsn,
    find_iban,
    find_email,
    find_phone,
    find_postcode,
    find_address,
    find_dates,
    find_ages,
)


def find_all(text: str) -> list[Match]:
    """Every rule's matches, unmerged (overlaps are resolved by :mod:`reflect.privacy.check`)."""
    return [match for rule in RULES for match in rule(text)]
