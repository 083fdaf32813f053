"""The suggestion vocabulary that is not tied to one article: ``articles/vocabulary.yaml``.

Word forms, separable particles and contractions decide how a text's words meet the
keywords; rules combine signals (a request for secrecy and a danger point at the conflict of
duties); related links let one article bring up another. Keeping them in a data file means
a new informal phrasing or an irregular verb is a one-line change that anyone can review,
not code. The file is reflect's own index, like the keywords, and quotes no code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from reflect.catalog.schema import Bilingual
from reflect.catalog.textmatch import WordForms, fold

VOCABULARY_FILE = "vocabulary.yaml"


class VocabularyError(ValueError):
    """The vocabulary file is not what the schema says (a shipped file: a bug to fix)."""


@dataclass(frozen=True)
class Rule:
    """Signals that together raise a framework or the articles of a theme."""

    id: str
    name: Bilingual
    when: tuple[tuple[str, ...], ...]  # every line must be met by one of its themes
    min_words: int
    frameworks: dict[str, float]
    themes: dict[str, float]
    articles: dict[tuple[str, int], float]


@dataclass(frozen=True)
class Related:
    """When an article of ``code`` in ``sources`` is suggested, ``target`` gets a share."""

    code: str
    sources: tuple[int, ...]
    target: int
    share: float


@dataclass(frozen=True)
class Vocabulary:
    contractions: tuple[tuple[str, str], ...]
    forms: WordForms
    rules: tuple[Rule, ...]
    related: tuple[Related, ...]


EMPTY = Vocabulary((), WordForms(), (), ())


def _fail(message: str) -> VocabularyError:
    return VocabularyError(f"{VOCABULARY_FILE}: {message}")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(f"{where} must be a mapping")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(f"{where} must be a list of words")
    return [fold(v) for v in value]


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _fail(f"{where} must be a positive number")
    return float(value)


def _bilingual(value: Any, where: str) -> Bilingual:
    data = _mapping(value, where)
    if not isinstance(data.get("nl"), str) or not isinstance(data.get("en"), str):
        raise _fail(f"{where} needs an nl and an en text")
    return Bilingual(data["nl"], data["en"])


def _forms(value: Any) -> dict[str, dict[str, str]]:
    forms: dict[str, dict[str, str]] = {}
    for lang, table in _mapping(value or {}, "forms").items():
        inverse: dict[str, str] = {}
        for base, variants in _mapping(table, f"forms.{lang}").items():
            for variant in _strings(variants, f"forms.{lang}.{base}"):
                if variant in inverse and inverse[variant] != fold(base):
                    raise _fail(f"forms.{lang}: {variant!r} has two dictionary forms")
                inverse[variant] = fold(base)
        forms[str(lang)] = inverse
    return forms


def _rule(item: Any, index: int) -> Rule:
    data = _mapping(item, f"rules[{index}]")
    where = f"rule {data.get('id', index)!r}"
    ident = data.get("id")
    if not isinstance(ident, str) or not ident:
        raise _fail(f"{where} needs an id")
    when = data.get("when")
    if not isinstance(when, list) or not when:
        raise _fail(f"{where}: 'when' must be a list of theme lists")
    lines = tuple(tuple(_strings(line, f"{where}.when")) for line in when)
    min_words = data.get("min_words", 1)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
        raise _fail(f"{where}: min_words must be a whole number of at least 1")
    raise_ = _mapping(data.get("raise"), f"{where}.raise")
    frameworks = {
        str(k): _number(v, f"{where}.raise.frameworks.{k}")
        for k, v in _mapping(raise_.get("frameworks") or {}, f"{where}.raise.frameworks").items()
    }
    themes = {
        str(k): _number(v, f"{where}.raise.themes.{k}")
        for k, v in _mapping(raise_.get("themes") or {}, f"{where}.raise.themes").items()
    }
    articles: dict[tuple[str, int], float] = {}
    for k, v in _mapping(raise_.get("articles") or {}, f"{where}.raise.articles").items():
        code, _, number = str(k).rpartition(":")
        if not code or not number.isdigit():
            raise _fail(f"{where}.raise.articles: {k!r} is not CODE:NUMBER")
        articles[(code, int(number))] = _number(v, f"{where}.raise.articles.{k}")
    if not frameworks and not themes and not articles:
        raise _fail(f"{where} raises nothing")
    name = _bilingual(data.get("name"), f"{where}.name")
    return Rule(ident, name, lines, min_words, frameworks, themes, articles)


def _related(item: Any, index: int) -> Related:
    data = _mapping(item, f"related[{index}]")
    code, sources, target = data.get("code"), data.get("from"), data.get("to")
    if not isinstance(code, str) or not isinstance(target, int) or not isinstance(sources, list):
        raise _fail(f"related[{index}] needs a code, a list 'from' and a number 'to'")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in sources):
        raise _fail(f"related[{index}]: 'from' must list article numbers")
    share = _number(data.get("share"), f"related[{index}].share")
    return Related(code, tuple(sources), target, share)


def parse_vocabulary(data: Any) -> Vocabulary:
    """Check and build a vocabulary from the parsed YAML; raises VocabularyError."""
    top = _mapping(data, "the file")
    known = {"schema", "contractions", "forms", "particles", "rules", "related"}
    unknown = sorted(set(top) - known)
    if unknown:
        raise _fail(f"unknown keys {', '.join(unknown)}")
    if top.get("schema") != 1:
        raise _fail("schema must be 1")
    contractions: list[tuple[str, str]] = []
    for pair in top.get("contractions") or []:
        is_pair = isinstance(pair, list) and len(pair) == 2
        if not is_pair or not all(isinstance(part, str) for part in pair):
            raise _fail("each contraction is a pair [short, written out]")
        contractions.append((fold(pair[0]), fold(pair[1])))
    particles = _mapping(top.get("particles") or {}, "particles")
    forms = WordForms(
        _forms(top.get("forms")),
        tuple(_strings(particles.get("nl", []), "particles.nl")),
    )
    rules = tuple(_rule(item, i) for i, item in enumerate(top.get("rules") or []))
    related = tuple(_related(item, i) for i, item in enumerate(top.get("related") or []))
    return Vocabulary(tuple(contractions), forms, rules, related)


@lru_cache(maxsize=4)
def _load(path: Path) -> Vocabulary:
    if not path.is_file():
        return EMPTY  # a stripped-down install still suggests, by keywords alone
    return parse_vocabulary(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_vocabulary(folder: Path | None = None) -> Vocabulary:
    """The vocabulary in ``folder`` (default: the shipped catalogue), read once."""
    from reflect.catalog.loader import shipped_dir

    return _load(((folder or shipped_dir()) / VOCABULARY_FILE).resolve())
