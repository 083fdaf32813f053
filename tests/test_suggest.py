"""Article suggestions on realistic Dutch (and English) dilemma texts.

A professional writes freely; the app proposes the articles and frameworks the text most
likely touches. These tests pin what a user relies on: the right articles come up for the
classic dilemmas, the meldcode comes up for suspected abuse and not for a confidentiality
question without violence, unrelated text suggests nothing, and every suggestion says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.catalog import Catalog, reload_catalog
from reflect.catalog.suggest import Suggestion, suggest

CONFIDENTIALITY_TOWARDS_PARENT = """\
Een meisje van 15 vertelt me in vertrouwen dat ze zwanger is en dat ze overweegt een
abortus te laten doen. Ze vraagt me nadrukkelijk om het niet aan haar moeder te vertellen.
Een dag later belt haar moeder: ze wil weten waarom haar dochter zo stil is en of ik iets
weet. Ik twijfel of ik de moeder moet inlichten, ook zonder toestemming van het meisje, want
ik maak me zorgen over haar veiligheid als ze hier alleen voor staat.
"""

SUSPECTED_ABUSE = """\
Tijdens het huisbezoek zag ik blauwe plekken op de bovenarmen van een jongen van acht. Zijn
moeder zei dat hij van de trap was gevallen, maar hij keek weg toen ik ernaar vroeg. De
leerkracht had al eerder gezegd dat hij vaak hongerig en in vuile kleren op school komt.
Ik heb een vermoeden van kindermishandeling en weet niet of ik al contact moet opnemen met
Veilig Thuis, of eerst met moeder in gesprek moet gaan.
"""

COOPERATION = """\
In het wijkteam willen de collega's van de GGZ dat ik in het casusoverleg alle gegevens van
mijn cliënt deel. Er zijn geen duidelijke afspraken over wie de regie heeft en wie wat doet.
"""

UNRELATED = """\
Vandaag was het rustig op kantoor. Ik heb mijn agenda voor volgende week gepland en de
printer op de tweede verdieping was weer kapot.
"""


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalog:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    return reload_catalog()


def articles(found: list[Suggestion]) -> list[int]:
    return [s.number for s in found if s.kind == "article" and s.number is not None]


def frameworks(found: list[Suggestion]) -> list[str]:
    return [s.framework_id for s in found if s.kind == "framework" and s.framework_id]


def test_confidentiality_towards_a_parent(catalog: Catalog) -> None:
    found = suggest(CONFIDENTIALITY_TOWARDS_PARENT, catalog)
    assert {10, 11, 13} <= set(articles(found)[:4])
    assert "conflict-van-plichten" in frameworks(found)
    assert "meldcode" not in frameworks(found)  # no violence in this text
    assert all(s.code == "bpsw-2021" for s in found if s.kind == "article")


def test_suspected_abuse_brings_up_the_meldcode_first(catalog: Catalog) -> None:
    found = suggest(SUSPECTED_ABUSE, catalog)
    assert frameworks(found)[0] == "meldcode"
    meldcode = next(s for s in found if s.framework_id == "meldcode")
    assert meldcode.score == max(s.score for s in found)
    assert meldcode.number is None and meldcode.code is None


def test_cooperation_in_a_neighbourhood_team(catalog: Catalog) -> None:
    found = suggest(COOPERATION, catalog)
    assert set(articles(found)[:3]) == {19, 20, 21}
    assert frameworks(found) == []


def test_unrelated_or_empty_text_suggests_nothing(catalog: Catalog) -> None:
    assert suggest(UNRELATED, catalog) == []
    assert suggest("", catalog) == []
    assert suggest("   \n", catalog) == []


def test_each_suggestion_says_which_words_led_to_it(catalog: Catalog) -> None:
    found = suggest(CONFIDENTIALITY_TOWARDS_PARENT, catalog, lang="en")
    eleven = next(s for s in found if s.number == 11)
    assert "toestemming" in eleven.matched
    assert any("toestemming" in reason for reason in eleven.reasons)
    thirteen = next(s for s in found if s.number == 13)
    assert "zonder toestemming" in thirteen.matched  # a phrase, not two loose words
    assert all(0 < s.score < 1 for s in found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_reasons_follow_the_language(catalog: Catalog) -> None:
    dutch = suggest(COOPERATION, catalog, lang="nl")
    english = suggest(COOPERATION, catalog, lang="en")
    assert any(r.startswith("noemt") for s in dutch for r in s.reasons)
    assert any(r.startswith("mentions") for s in english for r in s.reasons)


def test_dutch_compounds_and_inflections_match(catalog: Catalog) -> None:
    # "geheimhoudingsbelofte" and "samenwerkingsafspraken" are in no keyword list.
    assert 10 in articles(suggest("Ze vroeg me om een geheimhoudingsbelofte.", catalog))
    found = suggest("De samenwerkingsafspraken met de ketenpartners rammelen.", catalog)
    assert 19 in articles(found)


def test_case_and_accents_do_not_matter(catalog: Catalog) -> None:
    lower = suggest("de cliënt wil geen toestemming geven", catalog)
    upper = suggest("DE CLIENT WIL GEEN TOESTEMMING GEVEN", catalog)
    assert [(s.number, s.score) for s in lower] == [(s.number, s.score) for s in upper]
    assert 11 in articles(lower)


def test_english_text_is_understood_too(catalog: Catalog) -> None:
    text = "The mother asked me to share information about her son without his consent."
    found = suggest(text, catalog)
    assert 11 in articles(found)
    assert 13 in articles(found)


def test_articles_with_an_unknown_heading_are_only_tentative(catalog: Catalog) -> None:
    text = "De cliënt vraagt inzage in zijn dossier en wil dat ik mijn aantekeningen vernietig."
    found = suggest(text, catalog)
    probable = [s for s in found if s.number in (14, 15, 16, 17, 18)]
    assert probable, "the case-files block should be offered"
    assert all(s.tentative for s in probable)
    assert not any(s.tentative for s in suggest(COOPERATION, catalog))


def test_suggestions_for_another_code(catalog: Catalog) -> None:
    found = suggest("I shared a photo of a client on social media.", catalog, code="ifsw-2018")
    assert articles(found)[0] == 8
    assert all(s.code == "ifsw-2018" for s in found if s.kind == "article")


def test_limit_is_respected(catalog: Catalog) -> None:
    text = CONFIDENTIALITY_TOWARDS_PARENT + SUSPECTED_ABUSE + COOPERATION
    assert len(suggest(text, catalog, limit=3)) == 3
    assert suggest(text, catalog, limit=0) == []


def test_the_index_is_built_once_per_code(catalog: Catalog) -> None:
    suggest(COOPERATION, catalog)
    index = catalog._indexes["bpsw-2021"]
    suggest(SUSPECTED_ABUSE, catalog)
    assert catalog._indexes["bpsw-2021"] is index
