"""Recall and false alarms of the identifier check's own rules, on labelled sentences.

The sentences are in ``tests/data/privacy_recall.yaml``: realistic working notes, fictional
by construction (every person's name, street with house number, phone number, BSN and IBAN was
made up for that file; place and organisation names are real public names used as such).
Each sentence is written for one rule; the tests below check, per sentence, that the rule
itself finds exactly the labelled identifiers, that the whole check does (with and without
deduce), and that a sentence without identifiers raises nothing. Breaking a rule fails the
sentences written for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from privacy_labelled import RULE_KINDS, Labelled, load

from reflect.privacy import (
    NameDetector,
    Pseudonymizer,
    check_text,
    load_name_detector,
    redact_text,
)
from reflect.privacy.rules import Match, find_address, find_bsn, find_iban, find_phone
from reflect.privacy.words import (
    find_first_names,
    find_institutions,
    find_places,
    find_schools,
    refine,
)

SENTENCES = load()
CAUGHT = [(s.id(i), s) for i, s in enumerate(SENTENCES) if not s.clean]
CLEAN = [(s.id(i), s) for i, s in enumerate(SENTENCES) if s.clean]

# The rule a sentence is written for -> the function that implements it.
RULE_FUNCTIONS: dict[str, Callable[[str], Iterator[Match]]] = {
    "school": find_schools,
    "institution": find_institutions,
    "place": find_places,
    "first_name": find_first_names,
    "phone": find_phone,
    "bsn": find_bsn,
    "iban": find_iban,
    "house_number": find_address,
}


@pytest.fixture(scope="session")
def names() -> NameDetector:
    return load_name_detector()


def test_every_rule_has_sentences_it_catches_and_sentences_it_leaves_alone() -> None:
    caught = Counter(s.rule for _, s in CAUGHT)
    clean = Counter(s.rule for _, s in CLEAN)
    for rule in RULE_FUNCTIONS:
        assert caught[rule] >= 5, rule
        assert clean[rule] >= 3, rule
    assert clean["organisation"] >= 5


def _labelled_for_rule(sentence: Labelled) -> set[tuple[str, int, int]]:
    kind = RULE_KINDS[sentence.rule]
    return {(e.kind, e.start, e.end) for e in sentence.expect if e.kind == kind}


@pytest.mark.parametrize(
    "sentence", [s for _, s in CAUGHT if s.rule in RULE_FUNCTIONS], ids=lambda s: s.text[:40]
)
def test_the_rule_itself_finds_its_identifiers(sentence: Labelled) -> None:
    """The function of the rule finds the labelled spans of its kind: whatever it finds
    beyond (a shorter, overlapping candidate) must lie within a labelled span."""
    rule = RULE_FUNCTIONS[sentence.rule]
    found = [(m.kind, m.start, m.end) for m in refine(sentence.text, list(rule(sentence.text)))]
    assert _labelled_for_rule(sentence) <= set(found)
    labelled = [(e.start, e.end) for e in sentence.expect]
    for _, start, end in found:
        assert any(s <= start and end <= e for s, e in labelled), sentence.text[start:end]


@pytest.mark.parametrize(
    "sentence", [s for _, s in CLEAN if s.rule in RULE_FUNCTIONS], ids=lambda s: s.text[:40]
)
def test_the_rule_itself_raises_no_false_alarm(sentence: Labelled) -> None:
    rule = RULE_FUNCTIONS[sentence.rule]
    assert refine(sentence.text, list(rule(sentence.text))) == []


@pytest.mark.parametrize("sentence", [s for _, s in CAUGHT], ids=lambda s: s.text[:40])
def test_the_check_without_deduce_finds_exactly_the_labels(sentence: Labelled) -> None:
    """Our rules alone: every label not marked ``deduce`` is found with its kind and span,
    and nothing else is reported."""
    found = {(f.kind, f.start, f.end) for f in check_text(sentence.text, {}, None)}
    required = {(e.kind, e.start, e.end) for e in sentence.expect if not e.deduce_only}
    allowed = {(e.kind, e.start, e.end) for e in sentence.expect}
    assert required <= found, sentence.text
    assert found <= allowed, sentence.text


@pytest.mark.parametrize("sentence", [s for _, s in CLEAN], ids=lambda s: s.text[:40])
def test_the_check_without_deduce_leaves_clean_sentences_alone(sentence: Labelled) -> None:
    assert check_text(sentence.text, {}, None) == []


@pytest.mark.parametrize("sentence", [s for _, s in CAUGHT], ids=lambda s: s.text[:40])
def test_the_check_with_deduce_finds_exactly_the_labels(
    sentence: Labelled, names: NameDetector
) -> None:
    found = {(f.kind, f.start, f.end) for f in check_text(sentence.text, {}, names)}
    assert found == {(e.kind, e.start, e.end) for e in sentence.expect}, sentence.text


@pytest.mark.parametrize("sentence", [s for _, s in CLEAN], ids=lambda s: s.text[:40])
def test_the_check_with_deduce_leaves_clean_sentences_alone(
    sentence: Labelled, names: NameDetector
) -> None:
    assert check_text(sentence.text, {}, names) == []


@pytest.mark.parametrize("sentence", [s for _, s in CAUGHT], ids=lambda s: s.text[:40])
def test_a_redacted_sentence_checks_clean(sentence: Labelled, names: NameDetector) -> None:
    """What redaction leaves ("bij [Instelling 1] in [Plaats 1]") raises nothing again."""
    findings = check_text(sentence.text, {}, names)
    redacted = redact_text(sentence.text, findings, Pseudonymizer("nl"))
    assert check_text(redacted, {}, names) == [], redacted
