"""Own rules for identifiers made of words, on top of deduce: schools and institutions, places
deduce drops, first names on their own; and the organisations that never identify a client.

Why these on top of deduce: deduce (:mod:`reflect.privacy.deidentifier`) was made for
hospital records. It does not know school names ("OBS De Wilgenhoek", "Farel College"), it
reports only the place in "Veilig Thuis Zaanstreek-Waterland", it never reports a place or a
first name that is also an ordinary word ("in Haren", "Ee", "Storm", "Lot"), and it takes
brand names for persons ("Albert Heijn"). These rules fill those gaps; they also run without
deduce, so the instant check (``names=None``) finds most names too.

Where the words come from:

* places: ``data/places.txt``, the Dutch municipalities and residences (woonplaatsen) in their
  official spelling, generated from the lists in deduce 3.0.6 by ``data/make_lists.py``
  (which says how). Matched case-sensitively. A name that is also an ordinary word
  ("Best", "Putten", "Haren", "Ee", marked ``word`` in the file) is reported only after a word
  that announces a place ("in", "uit", "naar", "te", "bij"...). Countries and hamlets named
  after countries abroad ("Polen", "Egypte") are left out: in a note they are a country of
  origin, not where someone lives;
* first names: deduce's own list (``names/lst_first_name``, read from the installed deduce
  without importing it), less the names deduce itself excludes; deduce drops the ones that
  are also common words, these rules keep them when they are capitalised. A first name is
  reported with the particles and surname that follow it ("Jan de Vries"). One that is also
  an ordinary word (``data/name_words.txt``: "Storm", "Winter", "Lot", "Ben") is not reported
  on its own at the start of a sentence or in a title-cased heading, where any word is
  capitalised;
* schools and institutions: the patterns below;
* organisations, brands and countries (:data:`ORGANISATIONS`, :data:`SHOPS_AFTER_DE`,
  :data:`COUNTRIES`): never reported as a person, place or institution (:func:`refine`).

Every rule returns :class:`~reflect.privacy.rules.Match` objects; overlaps are resolved by
:mod:`reflect.privacy.check` (the longest finding wins). All example names in comments are
fictional.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from reflect.privacy.rules import Match

_DATA = Path(__file__).resolve().parent / "data"

# ---- words and helpers -----------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LETTER = r"[^\W\d_]"
_AFTER_WORD = r"(?![\w-]|['’]\w)"
# A capitalised word: "Regenboog", "Zaanstreek-Waterland", "IJsselland", "O'Neill", "Jansen-de".
_CAP = rf"(?:'s-)?[{_UP}]{_LETTER}*(?:['’]{_LETTER}+)?(?:-{_LETTER}+)*{_AFTER_WORD}"

# Capitalised words that never start or continue a name: pronouns, articles, conjunctions,
# days and months (capitalised in English), greetings, the field's own vocabulary, and the
# names of the institutions below. Compared exactly (case-sensitive).
_STOP_WORDS = """
    I Ik Je Jij U Hij Zij Ze Wij We Jullie Men Het De Een Dit Dat Deze Die Daar Hier Toen
    Nu Maar En Of Want Dus Omdat Als Toch Ook Wel Niet Geen Nee Ja Oké Ok Hoi Hallo Dag Doei
    Beste Groet Groeten Mvg Daarna Daarom Eerst Later Gisteren Vandaag Morgen Volgens Na Voor
    Met Bij In Op Uit Naar Van Aan Door Onder Over Per Tot Om Te Al Alle Mijn Jouw Zijn Haar
    Ons Onze Hun Wat Wie Waar Wanneer Hoe Waarom Welke Den Der Ter Ten
    He She They It You The A An This That These Those My Your His Her Our Their And Or But
    So If Then When What Who Where Why How Yes No Hi Hello Dear Regards Can Will May Done
    Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday Januari Februari Maart April Mei Juni Juli Augustus
    September Oktober November December January February March June July August October
    Pasen Kerst Kerstmis Sinterklaas Ramadan Suikerfeest Offerfeest God Allah Jezus
    Mevrouw Meneer Mevr Dhr Mw Mr Mrs Ms Dr Drs Ir Prof Juf Meester
    Moeder Vader Ouder Ouders Zoon Dochter Kind Kinderen Oma Opa Tante Oom Broer Zus Neef
    Nicht Partner Cliënt Client Cliente Casus Stap Fase Vraag Artikel Hoofdstuk Bijlage
    School Basisschool College Lyceum Gymnasium Wijkteam Buurtteam Jeugdteam Team Teamleider
    Collega Supervisor Intervisie Supervisie Gezinsvoogd Jeugdbescherming Kinderbescherming
    Raad Veilig Thuis GGD GGZ CJG RvdK Bureau Jeugdzorg Leger Wmo Jeugdwet Meldcode
    Beroepscode BPSW NVMW Moreel Beraad Balint Gibbs Kolb Starr Alact
    Nederland Holland Noord Oost Zuid West Midden Centrum
"""
_STOP = frozenset(_STOP_WORDS.split())
_NOT_STOP = "(?!(?:" + "|".join(sorted(_STOP, key=len, reverse=True)) + rf"){_AFTER_WORD})"
# A word of a name: capitalised and not a stop word; later words may be Roman numerals
# ("Koning Willem I College").
# (The look-ahead for a capital first: most words are not, and the stop-word test is long.)
_NAME_FIRST = rf"(?=['{_UP}]){_NOT_STOP}{_CAP}"
_NAME_NEXT = rf"(?:(?:I{{1,3}}|IV|VI{{0,3}}|IX|X){_AFTER_WORD}|(?=['{_UP}]){_NOT_STOP}{_CAP})"
_ARTICLE = r"(?:De|de|Het|het|'t|'T|Den)"
# A word of a region or district: as a name word, or a compass word ("Hollands Midden",
# "buurtteam Oost", "Montessori College Oost"), which the stop list otherwise keeps out.
_COMPASS_WORD = r"(?:Noord|Oost|Zuid|West|Midden|Centrum)"
_REGION_WORD = rf"(?:{_COMPASS_WORD}{_AFTER_WORD}|(?=['{_UP}]){_NOT_STOP}{_CAP})"


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: the name patterns are large (every stop word, several times
    over), and importing this module should cost nothing until a text is checked."""
    return re.compile(pattern)


def _name(joins: str, words: int, first: str = _NAME_FIRST) -> str:
    """Up to ``words`` name words, with up to two lower-case ``joins`` between them."""
    return rf"{first}(?:[ \t]+(?:(?:{joins})[ \t]+){{0,2}}{_NAME_NEXT}){{0,{words - 1}}}"


_OPENERS = " \t\"'‘’“”(*•·–—-["


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or a list item."""
    # A window, not the whole text before: this runs for many words of a long entry.
    before = text[max(0, start - 80) : start].rstrip(_OPENERS)
    if not before or before[-1] in ".!?:;\n":
        return True
    return bool(re.search(r"(?:^|\n)[ \t]*\d+[.)]$", before))


def _line_of(text: str, start: int) -> str:
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin : end if end >= 0 else len(text)]


def title_cased(text: str, start: int) -> bool:
    """Whether the line around ``start`` is a heading in title case ("Step One: What I Did"),
    where capitals say nothing about names: at least three words after the first, two in
    three of them capitalised."""
    words = re.findall(r"[^\W\d_]{2,}", _line_of(text, start))[1:]
    if len(words) < 3:
        return False
    capitals = sum(1 for word in words if word[0].isupper())
    return 3 * capitals >= 2 * len(words)


def _read_list(path: Path) -> list[str]:
    """Lines of a list file, without comments and blank lines (a missing file: none)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.rstrip() for line in lines if line.strip() and not line.startswith("#")]


# ---- places ----------------------------------------------------------------------------------

# Words that announce a place, so that an ordinary word after them is the place ("in Best",
# "uit Haren", "richting Ee"); also a postcode ("9751 AB Haren"). Case-insensitive.
_PLACE_CUE = re.compile(
    r"(?:(?<![\w'’-])(?i:in|uit|naar|te|nabij|bij|richting|rond|rondom|omgeving|gemeente|regio|"
    r"dorp|stad|plaats|woonplaats|vanuit|via|buiten|from|to|near|around|towards|village|town)"
    r"|\b[1-9]\d{3}[ ]?[A-Z]{2},?)[ \t]+$"
)


@cache
def _places() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Places by their first word (longest name first), and the names that are also words."""
    by_first: dict[str, list[str]] = {}
    ordinary: set[str] = set()
    for line in _read_list(_DATA / "places.txt"):
        name, _, flag = line.partition("\t")
        by_first.setdefault(name.split(" ")[0], []).append(name)
        if flag == "word":
            ordinary.add(name)
    index = {
        first: tuple(sorted(names, key=len, reverse=True)) for first, names in by_first.items()
    }
    return index, frozenset(ordinary)


# A word of the text, as the first word of a place name can be: "Amersfoort", "'s-Gravenhage",
# "'t" ("'t Harde"), "Alphen-Chaam", "Amsterdam-Noord", "2e Exloërmond". Every name in the
# list starts with one of these; lower-case words are skipped at once.
_TOKEN = re.compile(
    rf"(?<![\w'’-])(?:'[tT](?=[ \t])|(?:'s-)?[{_UP}][\w'’]*(?:-[\w'’]+)*|\de(?=[ \t]))"
)


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] in "'’_")


def find_places(text: str) -> Iterator[Match]:
    """Dutch municipalities and residences, case-sensitively; ordinary words after a cue."""
    index, ordinary = _places()
    norm = text.replace("’", "'")  # one character for one: offsets stay valid
    for token in _TOKEN.finditer(norm):
        start, word = token.start(), token.group()
        for name in index.get(word, ()):
            end = start + len(name)
            if not norm.startswith(name, start) or not _ends_word(norm, end):
                continue
            if name in ordinary and not _PLACE_CUE.search(norm, max(0, start - 40), start):
                continue
            yield Match("place", start, end)
            break
        else:
            # "Amsterdam-Noord", "Leiden-Noord": a district written onto a place.
            head = word.partition("-")[0]
            cued = head not in ordinary or _PLACE_CUE.search(norm, max(0, start - 40), start)
            if head != word and head in index.get(head, ()) and cued:
                yield Match("place", start, token.end())


# ---- first names -----------------------------------------------------------------------------


def _deduce_lists() -> Path | None:
    """deduce's source lists in the installed package, found without importing deduce (which
    configures logging and loads all its modules)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"


@cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    """deduce's first names less its exceptions, and those that are ordinary words."""
    src = _deduce_lists()
    names: set[str] = set()
    if src is not None:
        folder = src / "names" / "lst_first_name"
        names = set(_read_list(folder / "items.txt")) - set(_read_list(folder / "exceptions.txt"))
    names = {name for name in names if len(name) >= 2 and name not in _STOP}
    return frozenset(names), frozenset(_read_list(_DATA / "name_words.txt"))


_NAME_TOKEN = re.compile(rf"(?<![\w'’-])[{_UP}]{_LETTER}+(?:-[{_UP}]{_LETTER}+)*{_AFTER_WORD}")
# What may follow a first name in a full name: more first names, particles and a surname
# ("Jan de Vries", "Sanne Bakker", "Fatima el Amrani", "Anne Marie van der Berg").
_PERSON_JOINS = r"van|de|der|den|ter|ten|te|'t|el|al|ben|bin|da|di|du|la|le"
_REST_OF_NAME = rf"(?:[ \t]+(?:(?:{_PERSON_JOINS})[ \t]+){{0,3}}{_NAME_NEXT}){{0,3}}"


def _is_first_name(word: str, names: frozenset[str]) -> bool:
    if word in names:
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(part in names for part in parts)


def find_first_names(text: str) -> Iterator[Match]:
    """A first name on its own or starting a full name, capitalised. One that is also an
    ordinary word is not reported on its own at the start of a sentence, nor in a
    title-cased heading."""
    names, ordinary = _first_names()
    if not names:
        return
    position = 0
    for m in _NAME_TOKEN.finditer(text):
        word = m.group()
        if m.start() < position or word in _STOP or not _is_first_name(word, names):
            continue
        rest = _regex(_REST_OF_NAME).match(text, m.end())
        end = rest.end() if rest else m.end()
        if word in ordinary or word.split("-")[0] in ordinary:
            # "Storm en regen...", "Winter is...": a word that starts the sentence. With a
            # surname after it ("Storm de Wit belde") it is a name all the same.
            if title_cased(text, m.start()):
                continue
            if end == m.end() and sentence_initial(text, m.start()):
                continue
        position = end
        yield Match("person", m.start(), end)


# ---- schools and institutions ----------------------------------------------------------------

_SCHOOL_JOINS = r"van|de|der|den|het|ter|ten|'t|voor"
# "De School met de Bijbel" is a name; "De Regenboog met de intern begeleider" is not.
_SCHOOL_NAME = (
    rf"(?:{_ARTICLE}[ \t]+)?{_name(_SCHOOL_JOINS, 5)}(?:[ \t]+met de Bijbel{_AFTER_WORD})?"
)

# A school type written before the name: "basisschool De Regenboog", "OBS De Wilgenhoek",
# "CBS 't Startblok", "kindcentrum Het Palet", "school 'De Vlinder'". Abbreviations in
# capitals only ("SO" is a school, "so" is not).
_SCHOOL_TYPE_WORDS = (
    "basisschool|school|kindcentrum|integraal kindcentrum|montessorischool|daltonschool|"
    "jenaplanschool|vrije school|vrijeschool|brede school|speciale school|mytylschool|"
    "tyltylschool|praktijkschool|scholengemeenschap|scholengroep|kinderopvang|"
    "kinderdagverblijf|peuterspeelzaal|peuteropvang|buitenschoolse opvang|hogeschool|"
    "universiteit|mbo-school"
)
_SCHOOL_TYPE_ABBREVIATIONS = (
    "OBS|CBS|PCBS|RKBS|KBS|RBS|ICBS|PCB|IKC|KC|SBO|SBaO|SO|VSO|ZMLK|SG|CSG|RSG|OSG|ISG|ROC|"
    "BSO|KDV|PSZ"
)
_SCHOOL_TYPE_FIRST = (
    # (The look-ahead on the first letter spares trying every type at every word.)
    rf"(?<![\w'’-])(?=[bBsSkKiImMdDjJvVtTpPhHuUOCRZ])"
    rf"(?:(?i:{_SCHOOL_TYPE_WORDS})|{_SCHOOL_TYPE_ABBREVIATIONS})"
    rf"[ \t]+(?P<q>[\"‘“]|'(?=[{_UP}]))?{_SCHOOL_NAME}(?(q)[\"'’”]?)"
)
# A school type after the name, perhaps with a place: "Farel College", "Christelijk Lyceum
# Zeist", "Stedelijk Gymnasium Leiden", "Koning Willem I College", "Montessori College Oost";
# or before a name: "Gymnasium Camphusianum".
_SCHOOL_KINDS = r"College|Lyceum|Gymnasium|Scholengemeenschap|Academie"
_SCHOOL_TYPE_AFTER = (
    rf"(?<![\w'’-]){_name(_SCHOOL_JOINS, 4)}[ \t]+(?:{_SCHOOL_KINDS}){_AFTER_WORD}"
    rf"(?:[ \t]+{_REGION_WORD})?"
)
_SCHOOL_KIND_FIRST = rf"(?<![\w'’-])(?:{_SCHOOL_KINDS})[ \t]+{_name(_SCHOOL_JOINS, 4)}"
# One word: "Wilhelminaschool", "Stanislascollege", "Vossiusgymnasium", "Sint-Jozefschool".
_SCHOOL_COMPOUND = re.compile(
    rf"(?<![\w'’-])[{_UP}][\w'’-]*?(?:school|college|lyceum|gymnasium){_AFTER_WORD}"
)
# Compounds that name a kind of school or lesson, not one school.
_GENERIC_SCHOOL_WORDS = """
    basisschool hogeschool middelbareschool montessorischool daltonschool jenaplanschool
    vrijeschool praktijkschool rijschool muziekschool dansschool zwemschool taalschool
    kunstschool zondagsschool huishoudschool ambachtsschool kostschool dagschool avondschool
    zomerschool mytylschool tyltylschool brugklasschool internaatschool vakschool
    voetbalschool bijbelschool koranschool moskeeschool weekendschool topsportschool
    kleuterschool lagereschool mbo-school vmbo-school havo-school ouderschool
    schoolcollege werkcollege hoorcollege responsiecollege gastcollege
"""
_GENERIC_SCHOOLS = frozenset(_GENERIC_SCHOOL_WORDS.split())


def find_schools(text: str) -> Iterator[Match]:
    """Schools by name: "basisschool De Regenboog", "OBS De Wilgenhoek", "Farel College",
    "Stedelijk Gymnasium Leiden", "Wilhelminaschool". The whole name is one finding."""
    for pattern in (_SCHOOL_TYPE_FIRST, _SCHOOL_TYPE_AFTER, _SCHOOL_KIND_FIRST):
        for m in _regex(pattern).finditer(text):
            yield Match("institution", m.start(), m.end())
    for m in _SCHOOL_COMPOUND.finditer(text):
        if m.group().casefold() not in _GENERIC_SCHOOLS:
            yield Match("institution", m.start(), m.end())


# Institutions named after their region or place: "Veilig Thuis Zaanstreek-Waterland",
# "Jeugdbescherming Regio Amsterdam", "Jeugdbescherming west", "Raad voor de
# Kinderbescherming regio Midden-Nederland", "GGD Hollands Noorden", "wijkteam Kanaleneiland".
# Without a region or place ("Veilig Thuis", "de Raad voor de Kinderbescherming") they are
# national organisations: see ORGANISATIONS.
_INSTITUTION_NAMES = (
    r"Veilig Thuis|Jeugdbescherming|Raad voor de Kinderbescherming|RvdK|GGD|"
    r"Centrum voor Jeugd en Gezin|CJG|Bureau Jeugdzorg|Leger des Heils|"
    r"(?i:sociaal wijkteam|wijkteam|buurtteam|jeugdteam|jeugd- en gezinsteam|sociaal team|"
    r"gebiedsteam|dorpsteam|wijkzorgteam)"
)
_REGION_JOINS = r"en|aan|de|den|op|van|der|bij"
# "Gooi en Vechtstreek", "Noord- en Oost-Gelderland", "Hollands Midden".
_REGION = (
    rf"(?:{_REGION_WORD}|{_COMPASS_WORD}- en {_CAP})"
    rf"(?:[ \t]+(?:(?:{_REGION_JOINS})[ \t]+){{0,2}}{_REGION_WORD}){{0,3}}"
)
_COMPASS = r"(?:noord|oost|zuid|west|midden|noordoost|noordwest|zuidoost|zuidwest|centrum)"
_INSTITUTION = (
    rf"(?<![\w'’-])(?=[VJRGCBLsSwWbBjJgGdD])(?:{_INSTITUTION_NAMES})"
    r"(?:[ \t]+(?:[Rr]egio|afdeling|locatie|vestiging|team|gemeente))?"
    rf"[ \t]+(?:{_COMPASS}{_AFTER_WORD}|{_REGION})"
)


def find_institutions(text: str) -> Iterator[Match]:
    """Veilig Thuis, Jeugdbescherming, the Raad voor de Kinderbescherming, GGD, CJG, wijk- and
    buurtteams followed by a region or place: the whole stretch is one finding."""
    for m in _regex(_INSTITUTION).finditer(text):
        yield Match("institution", m.start(), m.end())


# ---- organisations and brands that are never an identifier -----------------------------------

# Well-known organisations, public bodies and brands that deduce (or a first-name rule) takes
# for a person or a place. A finding of a name, place or institution that lies within one of
# these is dropped. Case-sensitive, whole words. A region or place written after an
# institution ("Veilig Thuis Utrecht") makes a longer finding, which is kept.
ORGANISATIONS: tuple[str, ...] = (
    # shops and brands
    "Albert Heijn",
    "AH",
    "Jumbo",
    "Lidl",
    "Aldi",
    "Plus",
    "Coop",
    "Spar",
    "Vomar",
    "Dekamarkt",
    "Action",
    "Kruidvat",
    "Etos",
    "Hema",
    "HEMA",
    "Wibra",
    "Primark",
    "Ikea",
    "IKEA",
    "Gamma",
    "Praxis",
    "Karwei",
    "MediaMarkt",
    "Coolblue",
    "Bol.com",
    "Zalando",
    "Wehkamp",
    "Marktplaats",
    "Thuisbezorgd",
    "McDonald's",
    "Burger King",
    "KFC",
    "Philips",
    "Heineken",
    "Shell",
    "Ziggo",
    "KPN",
    "Vodafone",
    "Odido",
    "Lebara",
    "Lycamobile",
    "PostNL",
    "DHL",
    "Eneco",
    "Essent",
    "Vattenfall",
    "Greenchoice",
    "Netflix",
    "Google",
    "WhatsApp",
    "Instagram",
    "Facebook",
    "TikTok",
    "Snapchat",
    "YouTube",
    "Microsoft Teams",
    "Zoom",
    # banks and insurers
    "Rabobank",
    "ING",
    "ABN AMRO",
    "ABN Amro",
    "SNS",
    "ASN Bank",
    "Triodos",
    "Zilveren Kruis",
    "Menzis",
    "VGZ",
    "CZ",
    "Achmea",
    "Nationale-Nederlanden",
    # public bodies and national organisations
    "Belastingdienst",
    "UWV",
    "SVB",
    "DUO",
    "CAK",
    "CJIB",
    "Kadaster",
    "Rijksoverheid",
    "Nationale Ombudsman",
    "Autoriteit Persoonsgegevens",
    "College Bescherming Persoonsgegevens",
    "College voor de Rechten van de Mens",
    "Inspectie Gezondheidszorg en Jeugd",
    "Veilig Thuis",
    "Jeugdbescherming",
    "Raad voor de Kinderbescherming",
    "Centrum voor Jeugd en Gezin",
    "Kindertelefoon",
    "De Kindertelefoon",
    "Slachtofferhulp Nederland",
    "Leger des Heils",
    "Rode Kruis",
    "Humanitas",
    "Voedselbank",
    "Stichting Leergeld",
    "Jeugdfonds Sport & Cultuur",
    "Nibud",
    "Sociaal Werk Nederland",
    "Nederlands Jeugdinstituut",
    "NJi",
    "Movisie",
    "Augeo",
    "Kwaliteitsregister Jeugd",
    "SKJ",
    "BPSW",
    "NVMW",
    "William Schrikker Groep",
    "Nederlandse Spoorwegen",
    "NS",
)


# Shops whose name is also a surname, a first name or a place ("mevrouw Zeeman", "Dirk",
# "in Hoogvliet"): only with the article shoppers use ("bij de Zeeman", "naar de Dirk").
SHOPS_AFTER_DE: tuple[str, ...] = (
    "Zeeman",
    "Blokker",
    "Hoogvliet",
    "Dirk",
    "Dirk van den Broek",
    "Jan Linders",
)

# Countries, which deduce's lists hold as the names of Dutch hamlets: in a note they are where
# someone comes from or goes on holiday, not where they live.
COUNTRIES: tuple[str, ...] = (
    "Nederland",
    "Holland",
    "America",
    "Amerika",
    "Californië",
    "Denemarken",
    "Egypte",
    "Engeland",
    "Frankrijk",
    "Oostenrijk",
    "Palestina",
    "Polen",
    "Siberië",
)


def _alternatives(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


@cache
def _organisations() -> re.Pattern[str]:
    anywhere = _alternatives(ORGANISATIONS + COUNTRIES)
    after_de = _alternatives(SHOPS_AFTER_DE)
    # (Every name starts with a capital: checking that first spares trying them all.)
    return re.compile(
        rf"(?<![\w'’-])(?=[A-Z])(?:{anywhere})(?![\w'’-])"
        rf"|(?<=\b[Dd]e )(?=[A-Z])(?:{after_de})(?![\w'’-])"
    )


def allowed_spans(text: str) -> list[tuple[int, int]]:
    """Where :data:`ORGANISATIONS`, :data:`COUNTRIES` and :data:`SHOPS_AFTER_DE` (after
    "de") occur: no person, place or institution is reported inside them."""
    return [m.span() for m in _organisations().finditer(text)]


_LEADING_STOP = re.compile(r"(?:(?:'s-)?[^\W\d_]+\.?[ \t]+)")


def _trim_leading_stop_words(text: str, match: Match) -> Match | None:
    """deduce extends a name to the capitalised word before it: "Volgens Winter",
    "Mevrouw Jansen", "What Can". The words of :data:`_STOP` are not part of a name."""
    start = match.start
    while start < match.end:
        m = _LEADING_STOP.match(text, start, match.end)
        if m is None or m.group().strip().rstrip(".") not in _STOP:
            break
        start = m.end()
    if start == match.start:
        return match
    rest = text[start : match.end]
    if not rest.strip() or rest.strip().rstrip(".") in _STOP:
        return None
    return Match(match.kind, start, match.end)


def _within_organisation(text: str, match: Match, start: int, end: int) -> bool:
    """Whether ``match`` is (part of) the organisation at ``start:end``: inside it, or a
    person overlapping it with nothing but lower-case words outside ("van Bol" in "van
    Bol.com"; deduce reads "van" as the start of a surname). An institution with its region
    ("Jeugdbescherming west") is longer than the organisation and stays."""
    if start <= match.start and match.end <= end:
        return True
    if match.kind != "person" or match.end <= start or end <= match.start:
        return False
    outside = (
        text[match.start : max(match.start, start)] + " " + text[min(match.end, end) : match.end]
    )
    return all(not word[:1].isupper() for word in outside.split())


def _organisation_near(never: list[tuple[int, int]], match: Match) -> list[tuple[int, int]]:
    """The organisations (sorted, disjoint spans) that overlap ``match``: found by bisection,
    since a long entry can name the same organisation a thousand times."""
    i = bisect.bisect_left(never, (match.end, match.end))
    near = []
    while i > 0 and never[i - 1][1] > match.start:
        near.append(never[i - 1])
        i -= 1
    return near


def refine(text: str, matches: list[Match]) -> list[Match]:
    """Names, places and institutions from these rules and from deduce, less what is known
    not to identify anyone: findings within (or around) an organisation, brand or country
    ("Albert Heijn", "van Bol" in "van Bol.com"); leading stop words ("Volgens Winter" is
    "Winter"); and a place that is also an ordinary word at the start of a sentence with
    nothing that announces a place ("Best lastig vond ik het")."""
    never = allowed_spans(text)
    _, ordinary_places = _places()
    kept: list[Match] = []
    for match in matches:
        near = _organisation_near(never, match)
        if any(_within_organisation(text, match, start, end) for start, end in near):
            continue
        if match.kind == "person":
            trimmed = _trim_leading_stop_words(text, match)
            if trimmed is None:
                continue
            match = trimmed
        found = text[match.start : match.end].replace("’", "'")
        if (
            match.kind == "place"
            and found in ordinary_places
            and sentence_initial(text, match.start)
            and not _PLACE_CUE.search(text, max(0, match.start - 40), match.start)
        ):
            continue
        kept.append(match)
    return kept


# ---- all word rules --------------------------------------------------------------------------

WORD_RULES: tuple[Callable[[str], Iterator[Match]], ...] = (
    find_schools,
    find_institutions,
    find_places,
    find_first_names,
)


def find_words(text: str) -> list[Match]:
    """Every word rule's matches, unmerged (overlaps are resolved by the check)."""
    return [match for rule in WORD_RULES for match in rule(text)]
