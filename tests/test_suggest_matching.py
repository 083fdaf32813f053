"""How suggestions read ordinary wording (issue 12): wide phrase windows, separable verbs,
inflections and irregular forms, informal and English wording, the safety and secrecy
vocabulary, rules that combine signals, related articles, and the vocabulary file itself.

Every text here is a made-up fragment; none describes a real case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reflect.catalog import Catalog, load_catalog, shipped_dir
from reflect.catalog.suggest import Suggestion, suggest
from reflect.catalog.textmatch import WordForms, clauses_and_words, dutch_key
from reflect.catalog.vocabulary import VocabularyError, load_vocabulary, parse_vocabulary


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(user=tmp_path_factory.mktemp("config"))


def found(text: str, catalog: Catalog, limit: int = 8) -> dict[str, Suggestion]:
    """The suggestions by key: "bpsw-2021:10" for an article, the id for a framework."""
    return {s.key: s for s in suggest(text, catalog, limit=limit, lang="en")}


def top(text: str, catalog: Catalog, count: int = 5) -> list[str]:
    return [s.key for s in suggest(text, catalog, limit=count, lang="en")]


# ---- words and phrases --------------------------------------------------------------------


def test_dutch_keys_bring_inflections_together() -> None:
    assert dutch_key("vertell") == dutch_key("vertel")  # vertellen / vertel
    assert dutch_key("belov") == dutch_key("belof")  # beloven / beloof
    assert dutch_key("zegg") == "zeg"


def keys(forms: WordForms, lang: str, word: str) -> set[str]:
    """Every key a word of a text has."""
    return {key for c in forms.candidates(lang, word) for key in forms.keys_of(lang, c)}


def test_a_text_word_has_the_keys_of_its_other_forms() -> None:
    forms = WordForms({"nl": {"zei": "zeggen"}, "en": {"told": "tell"}}, ("door", "in"))
    assert forms.key("nl", "zeggen") in keys(forms, "nl", "zei")
    assert forms.key("en", "tell") in keys(forms, "en", "told")
    assert forms.key("nl", "vertellen") in keys(forms, "nl", "vertelt")
    assert forms.key("nl", "delen") in keys(forms, "nl", "gedeeld")
    assert forms.key("nl", "doorgeven") in keys(forms, "nl", "doorgegeven")
    assert forms.split_particle("doorvertellen") == ("door", "vertellen")
    assert forms.split_particle("door") is None


def test_contractions_are_written_out_and_sentences_end() -> None:
    contractions = (("n't", " not"), ("z'n", "zijn"))
    words = clauses_and_words("She doesn’t want it. Hij wil z'n moeder niet bellen", contractions)
    written = " ".join(w or "|" for w in words)
    assert written == "she does not want it | hij wil zijn moeder niet bellen"


def test_a_phrase_may_have_several_words_between_its_words(catalog: Catalog) -> None:
    result = found("Ze vraagt me om het niet aan haar moeder te vertellen.", catalog)
    assert "niet … vertellen" in result["bpsw-2021:10"].matched


def test_a_phrase_does_not_run_over_the_end_of_a_sentence(catalog: Catalog) -> None:
    result = found("Dat lukt me niet. Vertellen aan collega's gaat wel.", catalog)
    assert "bpsw-2021:10" not in result


def test_separable_verbs_are_recognised_split_in_two(catalog: Catalog) -> None:
    result = found("Hij vertelt het morgen door aan zijn broer.", catalog)
    assert "vertelt … door" in result["bpsw-2021:10"].matched
    result = found("Ze vroeg me het niet door te vertellen.", catalog)
    assert "bpsw-2021:10" in result
    result = found("Ik licht de school morgen in over de situatie.", catalog)
    assert "licht … in" in result["bpsw-2021:11"].matched


def test_inflected_and_irregular_forms_meet_the_keywords(catalog: Catalog) -> None:
    # "afgesproken" meets the keyword "afspraken"
    result = found("In het wijkteam is niets afgesproken over privacy.", catalog)
    assert "afgesproken" in result["bpsw-2021:20"].matched
    # "sloeg" is a form of "slaan", "ingelicht" of "inlichten"
    assert "meldcode" in found("Hij zei dat zijn vader hem sloeg en schopte.", catalog)
    assert "ingelicht" in found("Ik heb de huisarts ingelicht.", catalog)["bpsw-2021:11"].matched


def test_words_already_counted_in_a_phrase_do_not_count_again(catalog: Catalog) -> None:
    ten = found("Ze vroeg me het niet door te vertellen.", catalog)["bpsw-2021:10"]
    assert len(ten.matched) == 1  # one phrase, however many keywords cover the same words


# ---- the safety and secrecy vocabulary, and the rules ---------------------------------------


def test_secrecy_and_a_threat_to_someone_else_bring_up_the_conflict_of_duties(
    catalog: Catalog,
) -> None:
    text = "Mijn cliënt dreigt zijn buurman iets aan te doen. Hij wil dat ik het voor me houd."
    keys = top(text, catalog)
    assert {"conflict-van-plichten", "bpsw-2021:13", "bpsw-2021:10"} <= set(keys)
    duty = found(text, catalog)["conflict-van-plichten"]
    assert any("secrecy asked for while someone is in danger" in r for r in duty.reasons)


def test_self_harm_kept_secret_in_english(catalog: Catalog) -> None:
    text = "She told me she has been cutting herself and asked me to keep it to myself."
    assert {"conflict-van-plichten", "bpsw-2021:13", "bpsw-2021:10"} <= set(top(text, catalog))


def test_informal_secrecy_requests_are_recognised(catalog: Catalog) -> None:
    for text in (
        "ze liet me beloven dat ik het niet tegen haar vader zeg",
        "hij zei: dit blijft tussen ons he",
        "He made me promise not to tell anyone.",
        "Please keep it to yourself, she said.",
    ):
        assert "bpsw-2021:10" in found(text, catalog), text


def test_signs_of_neglect_bring_up_the_meldcode_first(catalog: Catalog) -> None:
    text = "Het kind komt met honger en in vieze kleren naar school en heeft brandwonden."
    assert top(text, catalog)[0] == "meldcode"
    assert "meldcode" in top("Moet ik dit bij het AMHK melden?", catalog)[:2]
    english = "The toddler is always hungry, wears dirty clothes and had a burn on his hand."
    assert top(english, catalog)[0] == "meldcode"


def test_secrecy_without_any_danger_is_not_a_conflict_of_duties(catalog: Catalog) -> None:
    text = "Ze vertelde me in vertrouwen dat ze gaat scheiden en wil dat ik het voor me houd."
    result = found(text, catalog)
    assert "bpsw-2021:10" in result
    assert "conflict-van-plichten" not in result and "meldcode" not in result


def test_breaking_confidentiality_brings_up_confidentiality(catalog: Catalog) -> None:
    text = "Ik overweeg mijn beroepsgeheim te doorbreken als uiterste middel."
    result = found(text, catalog)
    assert "bpsw-2021:13" in result and "bpsw-2021:10" in result
    assert any("Article 13" in reason for reason in result["bpsw-2021:10"].reasons)


def test_plain_texts_still_suggest_nothing(catalog: Catalog) -> None:
    for text in (
        "Vandaag heb ik de jaarplanning gemaakt en de printer was weer kapot.",
        "We had a quiet day at the office and planned next week's schedule.",
        "De koffieautomaat op de tweede verdieping doet het niet.",
    ):
        assert suggest(text, catalog) == [], text


# ---- the vocabulary file -----------------------------------------------------------------


def test_the_vocabulary_names_only_what_the_catalogue_has(catalog: Catalog) -> None:
    vocabulary = load_vocabulary()
    themes = set(catalog.themes)
    for code in catalog.codes.values():
        themes |= set(code.themes)
    assert vocabulary.rules and vocabulary.related
    for rule in vocabulary.rules:
        for line in rule.when:
            assert set(line) <= themes, rule.id
        assert set(rule.frameworks) <= set(catalog.frameworks), rule.id
        assert set(rule.themes) <= themes, rule.id
        for code_id, number in rule.articles:
            assert number in catalog.codes[code_id].articles, rule.id
    for related in vocabulary.related:
        articles = catalog.codes[related.code].articles
        assert related.target in articles and set(related.sources) <= set(articles)


def test_a_broken_vocabulary_is_refused_with_a_reason() -> None:
    good = yaml.safe_load((shipped_dir() / "vocabulary.yaml").read_text(encoding="utf-8"))
    assert parse_vocabulary(good).rules
    with pytest.raises(VocabularyError, match="schema"):
        parse_vocabulary({**good, "schema": 2})
    with pytest.raises(VocabularyError, match="unknown keys"):
        parse_vocabulary({**good, "extra": 1})
    broken_rule = {**good["rules"][0], "raise": {}}
    with pytest.raises(VocabularyError, match="raises nothing"):
        parse_vocabulary({**good, "rules": [broken_rule]})
    with pytest.raises(VocabularyError, match="two dictionary forms"):
        parse_vocabulary({**good, "forms": {"nl": {"zeggen": ["zei"], "zien": ["zei"]}}})


def test_a_missing_vocabulary_file_leaves_keyword_matching(tmp_path: Path) -> None:
    empty = load_vocabulary(tmp_path)
    assert empty.rules == () and empty.related == ()
