"""What a catalogue is made of: codes, articles, themes, frameworks and methods.

Plain frozen dataclasses, built only by :mod:`reflect.catalog.validate` from checked YAML.
The field names mirror the YAML keys documented in ``docs/CATALOG.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from reflect.fields import FIELDS, Kind

LANGS = ("nl", "en")

# Kinds of entry field a method step may fill: free text, and the three lists (options and
# stakeholders as pairs, tagged articles). The method id, the answers by step id, the status
# and the dates are set by other means. The names come from the entry's field table rather
# than a list of our own, so a field added there is fillable at once and the two can never
# disagree. A step that fills none of them keeps its answer in Entry.method_answers[step.id].
FILLABLE_KINDS: frozenset[Kind] = frozenset({Kind.LINE, Kind.TEXT, Kind.PAIRS, Kind.ARTICLES})
FILLABLE_FIELDS: frozenset[str] = frozenset(
    spec.name for spec in FIELDS if spec.kind in FILLABLE_KINDS
)


class ArticleStatus(StrEnum):
    """How much of an article we know, and how sure we are."""

    VERIFIED = "verified"  # heading (and norm) seen in a source that quotes the code
    TOPIC_ONLY = "topic-only"  # only the subject is known, from summaries; no heading
    UNKNOWN = "unknown"  # nothing is known: shown as "Artikel N"


class Certainty(StrEnum):
    """How sure we are of a statement that is not an article (values, groups, sources)."""

    VERIFIED = "verified"  # seen in the source itself, or in one that quotes it
    SECOND_HAND = "second-hand"  # seen in a summary or a copy of the source
    INFERRED = "inferred"  # reflect's own reading of sourced facts: no source states it
    UNVERIFIED = "unverified"  # from a source whose standing could not be checked


@dataclass(frozen=True)
class Bilingual:
    """A text shown in the UI, in Dutch and English; a missing language falls back."""

    nl: str | None = None
    en: str | None = None

    def text(self, lang: str = "en") -> str:
        first, second = (self.nl, self.en) if lang == "nl" else (self.en, self.nl)
        return first or second or ""

    def to_dict(self) -> dict[str, str]:
        return {lang: value for lang, value in (("nl", self.nl), ("en", self.en)) if value}

    def __str__(self) -> str:
        return self.text()


Keywords = dict[str, tuple[str, ...]]
"""Search words by language (``"nl"``, ``"en"``): each language is stemmed its own way."""


@dataclass(frozen=True)
class Source:
    """Where statements in a file come from, so anyone can check them.

    ``status`` says how far the source itself could be checked (a training company's page is
    ``unverified``, a copy of a handout ``second-hand``); None when the file does not say.
    """

    id: str
    title: str
    url: str | None = None
    note: str | None = None
    status: Certainty | None = None

    def to_dict(self) -> dict[str, str]:
        data = {"id": self.id, "title": self.title}
        if self.url:
            data["url"] = self.url
        if self.note:
            data["note"] = self.note
        if self.status is not None:
            data["status"] = self.status.value
        return data


@dataclass(frozen=True)
class Theme:
    """A subject that drives suggestions: reflect's own index, not part of any code."""

    id: str
    name: Bilingual
    keywords: Keywords = field(default_factory=dict, hash=False)
    description: Bilingual | None = None


@dataclass(frozen=True)
class Statement:
    """A sourced sentence about a code (its scope, its history)."""

    text: Bilingual
    source: str


@dataclass(frozen=True)
class CoreValue:
    """One of a code's core values."""

    id: str
    name: Bilingual
    status: Certainty
    source: str


@dataclass(frozen=True)
class Group:
    """A block of articles on one subject.

    ``articles`` are members whose verified heading puts them there; ``probable`` are members
    only suggested by their position. ``size`` is the number of articles a source counts in
    the block, when one does. ``status`` says how sure the block itself is (that it exists,
    its size); ``membership`` how sure the list of its members is: ``inferred`` when no
    source names them and the lists are reflect's own reading.
    """

    id: str
    name: Bilingual
    articles: tuple[int, ...]
    probable: tuple[int, ...]
    size: int | None
    themes: tuple[str, ...]
    status: Certainty
    source: str
    membership: Certainty


@dataclass(frozen=True)
class Article:
    """One numbered article (or principle) of a code."""

    code: str
    number: int
    heading: str | None
    paraphrase: Bilingual | None
    themes: tuple[str, ...]
    keywords: Keywords = field(hash=False)
    status: ArticleStatus
    source: str | None
    label_word: Bilingual = field(default=Bilingual("Artikel", "Article"))
    # The code's own words: only ever present in a user's imported copy, never shipped.
    norm: str | None = None
    explanation: str | None = None

    @property
    def known(self) -> bool:
        return self.status is not ArticleStatus.UNKNOWN

    def label(self, lang: str = "nl") -> str:
        """``Artikel 10 – Vertrouwelijkheid``; without a known heading just ``Artikel 12``."""
        base = f"{self.label_word.text(lang)} {self.number}"
        return f"{base} – {self.heading}" if self.heading else base

    def to_dict(self) -> dict[str, Any]:
        """The article as JSON output shows it."""
        data: dict[str, Any] = {
            "code": self.code,
            "number": self.number,
            "heading": self.heading,
            "status": self.status.value,
            "label": {lang: self.label(lang) for lang in LANGS},
            "paraphrase": self.paraphrase.to_dict() if self.paraphrase else None,
            "themes": list(self.themes),
            "keywords": {lang: list(words) for lang, words in self.keywords.items()},
            "source": self.source,
        }
        if self.norm is not None:
            data["norm"] = self.norm
        if self.explanation is not None:
            data["explanation"] = self.explanation
        return data


@dataclass(frozen=True)
class Code:
    """A professional code: its articles, values, groups and the themes it adds."""

    id: str
    name: Bilingual
    source: str
    edition: str
    language: str
    sources: tuple[Source, ...]
    values: list[CoreValue]
    groups: list[Group]
    themes: dict[str, Theme]
    articles: dict[int, Article]
    about: tuple[Statement, ...] = ()
    description: Bilingual | None = None
    label_word: Bilingual = field(default=Bilingual("Artikel", "Article"))
    origin: str = "shipped"  # "shipped" or "user": where the file was found
    path: str | None = None

    def article(self, number: int) -> Article | None:
        return self.articles.get(number)

    def to_summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name.to_dict(),
            "source": self.source,
            "edition": self.edition,
            "language": self.language,
            "origin": self.origin,
            "articles": len(self.articles),
        }


@dataclass(frozen=True)
class Step:
    """One step of a framework or method: what to think about, and help to do it."""

    id: str
    title: Bilingual
    prompt: Bilingual
    help: Bilingual
    source: str
    number: str | None = None  # the step's number in the source, when it differs from order
    phase: Bilingual | None = None


@dataclass(frozen=True)
class FrameworkStep(Step):
    """A checklist item of a framework."""


@dataclass(frozen=True)
class MethodStep(Step):
    """A step of a reflection method, and the entry field its answer fills (or None).

    ``group`` marks a step that presumes a group session (ground rules, a round of questions
    from colleagues, a dialogue). Someone working alone may skip it, or follow the solo
    wording its prompt and help give.
    """

    fills: str | None = None
    group: bool = False


@dataclass(frozen=True)
class Framework:
    """A checklist offered when a dilemma touches its themes (safety, breaking confidentiality)."""

    id: str
    name: Bilingual
    summary: Bilingual
    applies_when: tuple[str, ...]
    keywords: Keywords = field(hash=False)
    steps: list[FrameworkStep]
    sources: tuple[Source, ...]
    source: str
    origin: str = "shipped"
    path: str | None = None


@dataclass(frozen=True)
class Method:
    """A guided way to think a dilemma through, step by step.

    ``complete`` is False when the source's steps could not all be recovered; ``missing``
    then says what is missing, and the app shows the method as incomplete.
    """

    id: str
    name: Bilingual
    summary: Bilingual
    steps: list[MethodStep]
    sources: tuple[Source, ...]
    source: str
    origin: str = "shipped"
    path: str | None = None
    complete: bool = True
    missing: Bilingual | None = None

    def step(self, step_id: str) -> MethodStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def main_source(self) -> Source | None:
        """The source the method as a whole comes from (its ``source``)."""
        return next((s for s in self.sources if s.id == self.source), None)

    @property
    def unverified(self) -> bool:
        """The method's own source could not be checked: the app says so where it is chosen."""
        main = self.main_source
        return main is not None and main.status is Certainty.UNVERIFIED
