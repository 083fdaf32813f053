"""Own detectors for identifiers that follow a fixed shape: numbers, addresses, dates, ages.

Why our own rules and not deduce's: these shapes can be *validated* (the BSN eleven test,
the IBAN mod-97 check, a real calendar date), which keeps false alarms on ordinary numbers
down, and they run in microseconds, so the app can check a text before the de-identifier for
names has finished loading. Every rule returns :class:`Match` objects with character offsets
into the text it was given.

Numbers are matched however people write them: a BSN or IBAN with spaces, dots or dashes
between its groups, a phone number in any of the notations :mod:`phonenumbers` recognises
(Dutch and foreign), a house number with a letter or an addition ("12a", "12-A", "12 bis").
IBANs are checked against their country's format by :mod:`stdnum`. Rules for identifiers made
of words (schools, institutions, places, first names) are in :mod:`reflect.privacy.words`.

All example values in comments are fictional.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import iban as stdnum_iban


@dataclass(frozen=True)
class Match:
    """A stretch of text that looks like an identifier of ``kind``."""

    kind: str
    start: int
    end: int


# ---- BSN (burgerservicenummer) ---------------------------------------------------------------

# Nine digits, possibly grouped as people write a BSN, by one kind of separator (space, dot
# or dash): 111222333, 1112.22.333, 111 222 333, 111.222.333, 11 12 22 333, 111-222-333.
# Not the tail of a longer number ("0 111 222 333", "+31 (0)20 123 4567") nor its head.
_BSN = re.compile(r"(?<![\w.,+)-])(?<!\d[ .-])(\d(?:[ .-]?\d){8})(?![\w]|[.,-]\d|[ .-]\d)")
_BSN_GROUPINGS = frozenset({(9,), (3, 3, 3), (4, 2, 3), (2, 2, 2, 3)})


def elfproef(digits: str) -> bool:
    """The BSN eleven test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def _bsn_grouping_ok(raw: str) -> bool:
    """A usual grouping with one kind of separator: "111 222 333", not "11 1222 333"."""
    separators = set(re.sub(r"\d", "", raw))
    groups = tuple(len(group) for group in re.split(r"[ .-]", raw))
    return len(separators) <= 1 and groups in _BSN_GROUPINGS


def find_bsn(text: str) -> Iterator[Match]:
    for m in _BSN.finditer(text):
        raw = m.group(1)
        if _bsn_grouping_ok(raw) and elfproef(re.sub(r"\D", "", raw)):
            yield Match("bsn", m.start(1), m.end(1))


# ---- IBAN ------------------------------------------------------------------------------------

# A country code and two check digits, then letters and digits, which may be grouped by single
# spaces, dots or dashes anywhere: NL91ABNA0417164300, NL91 ABNA 0417 1643 00,
# nl91.abna.0417.1643.00. Where the number ends is decided by validation (below).
_IBAN_START = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?=[ .-]?[A-Z0-9])", re.IGNORECASE)
_IBAN_MAX = 34
_SEPARATORS = " .-"


def iban_valid(raw: str) -> bool:
    """ISO 13616 check (move the first four characters to the end, letters to numbers,
    mod 97) and the country's own length and format, through :mod:`stdnum`."""
    compact = re.sub(r"[ .-]", "", raw).upper()
    if not 15 <= len(compact) <= _IBAN_MAX or not compact.isalnum():
        return False
    return bool(stdnum_iban.is_valid(compact))


def _iban_ends(text: str, start: int) -> list[int]:
    """Offsets where an IBAN that starts at ``start`` could end: after a character that is
    followed by a separator, punctuation or the end of the text. Longest first."""
    ends: list[int] = []
    count = 0
    i = start
    while i < len(text) and count < _IBAN_MAX:
        ch = text[i]
        if ch.isascii() and ch.isalnum():
            count += 1
            i += 1
            nxt = text[i] if i < len(text) else ""
            if count >= 15 and not (nxt.isascii() and nxt.isalnum()):
                ends.append(i)
            continue
        # One separator between two groups; anything else ends the number.
        if (
            ch in _SEPARATORS
            and i + 1 < len(text)
            and text[i + 1].isascii()
            and text[i + 1].isalnum()
        ):
            i += 1
            continue
        break
    return ends[::-1]


def find_iban(text: str) -> Iterator[Match]:
    position = 0
    while True:
        m = _IBAN_START.search(text, position)
        if m is None:
            return
        for end in _iban_ends(text, m.start()):
            if iban_valid(text[m.start() : end]):
                yield Match("iban", m.start(), end)
                position = end
                break
        else:
            position = m.end()


# ---- e-mail ----------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w])")


def find_email(text: str) -> Iterator[Match]:
    for m in _EMAIL.finditer(text):
        yield Match("email", m.start(), m.end())


# ---- phone numbers ---------------------------------------------------------------------------

# Numbers anyone may publish and call: freephone (0800), premium rate (0900, 0906, 0909) and
# shared cost (084/087). Kindertelefoon, Veilig Thuis, the police non-emergency line: never
# an identifier of a client. (Names of phonenumbers.PhoneNumberType members.)
_PUBLIC_NUMBER_TYPES = ("TOLL_FREE", "PREMIUM_RATE", "SHARED_COST")


# Where a phone number may be: a run of digits and the characters that group them, starting as
# a dialled number does (0, + or a bracket). Only these stretches, not the whole text, are given
# to phonenumbers, whose matcher slows down badly on long texts full of numbers.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|\(|0)[\d ().\-–/]{6,24}\d")


@lru_cache(maxsize=4096)
def _phones_in(window: str) -> tuple[tuple[int, int], ...]:
    """The phone numbers in a short stretch of text (cached: a long entry repeats them)."""
    # Imported here: it takes a tenth of a second, which starting the app need not pay.
    import phonenumbers

    public = {getattr(phonenumbers.PhoneNumberType, name) for name in _PUBLIC_NUMBER_TYPES}
    spans = []
    for found in phonenumbers.PhoneNumberMatcher(
        window, "NL", leniency=phonenumbers.Leniency.VALID
    ):
        raw = str(found.raw_string)
        dialled = raw[1:] if raw.startswith("(") else raw
        if not dialled.startswith(("0", "+")):
            continue
        if phonenumbers.number_type(found.number) in public:
            continue
        spans.append((int(found.start), int(found.end)))
    return tuple(spans)


def _library_phones(text: str) -> Iterator[tuple[int, int]]:
    """Phone numbers as :mod:`phonenumbers` finds them: any grouping by spaces, dots, dashes
    and brackets, Dutch numbers and foreign ones written with their country code. A number
    must start as a dialled number does (0, +, 00 or a bracket): nine bare digits are more
    likely a file number, and a BSN is checked by its own rule."""
    for candidate in _PHONE_CANDIDATE.finditer(text):
        # One character of context on either side: the matcher looks at what surrounds a
        # number ("ABNA 0417 1643 00" is part of an IBAN, not a phone number).
        offset = max(0, candidate.start() - 1)
        for start, end in _phones_in(text[offset : candidate.end() + 1]):
            yield offset + start, offset + end


def find_phone(text: str) -> Iterator[Match]:
    for start, end in _library_phones(text):
        yield Match("phone", start, end)


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
# The house number keeps its addition, however it is written: a letter ("12a", "12 A",
# "12-A", "12-a"), a floor or flat ("3-II", "3 III", "12-1", "12a-3"), "bis", "hs", "huis",
# "rd", "bg", "zw" ("12 bis", "12-bis", "12hs").
_HOUSE_NUMBER_ADDITION = (
    r"(?:"
    r"[ -]?(?:bis|hs|huis|rd|bg|zw|boven|beneden|sous)(?![\w])"
    r"|[ -]?[a-zA-Z](?![\w])(?:-\d{1,3}(?![\w]))?"
    r"|-\d{1,3}(?![\w])"
    r"|[ -](?:I{1,3}|IV|V|VI{1,3})(?![\w])"
    r")?"
)
_ADDRESS = re.compile(
    r"(?<![\w])"
    r"(?:[A-Z][\w'.-]*\s+(?:(?:van|de|der|den|het|ter|ten|'t)\s+){0,2}){0,2}"
    rf"(?:[A-Z][a-zà-ÿ'-]*(?:{_SUFFIX})|{_SUFFIX_WORD})"
    r"\s+(?!(?:19|20)\d\d(?!\d))\d{1,4}" + _HOUSE_NUMBER_ADDITION + r"(?![\w])"
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
