"""The labelled sentences of ``tests/data/privacy_recall.yaml``, read and checked.

Shared by ``tests/test_privacy_recall.py`` and ``bench/bench_recall.py``. The sentences are
fictional by construction (see the data file's header).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "privacy_recall.yaml"

# The rule a sentence is written for -> the kind that rule reports.
RULE_KINDS = {
    "school": "institution",
    "institution": "institution",
    "place": "place",
    "first_name": "person",
    "phone": "phone",
    "bsn": "bsn",
    "iban": "iban",
    "house_number": "address",
    "organisation": None,
    "mixed": None,
}


@dataclass(frozen=True)
class Expected:
    """One identifier in a sentence: its kind and where it is."""

    kind: str
    text: str
    start: int
    end: int
    deduce_only: bool = False


@dataclass(frozen=True)
class Labelled:
    """A sentence, the rule it tests, and every identifier in it (none: a clean sentence).

    ``heldout``: written after the rules were finished, to measure them on text they were not
    tuned on."""

    rule: str
    text: str
    expect: tuple[Expected, ...]
    heldout: bool = False

    @property
    def clean(self) -> bool:
        return not self.expect

    def id(self, index: int) -> str:
        return f"{self.rule}-{index}"


def _expected(text: str, item: list[Any]) -> Expected:
    if len(item) not in (2, 3) or (len(item) == 3 and item[2] != "deduce"):
        raise ValueError(f"bad label {item!r} in {text!r}")
    kind, span = str(item[0]), str(item[1])
    start = text.find(span)
    if start < 0:
        raise ValueError(f"{span!r} does not occur in {text!r}")
    return Expected(kind, span, start, start + len(span), deduce_only=len(item) == 3)


def load() -> list[Labelled]:
    """Every labelled sentence, in file order; a label that is not in its sentence, or an
    unknown rule, is an error (the set must not rot silently)."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    sentences = []
    for entry in raw["sentences"]:
        rule, text = str(entry["rule"]), str(entry["text"])
        if rule not in RULE_KINDS:
            raise ValueError(f"unknown rule {rule!r} for {text!r}")
        expect = tuple(_expected(text, item) for item in entry.get("expect") or [])
        sentences.append(Labelled(rule, text, expect, heldout=bool(entry.get("heldout"))))
    return sentences
