"""The labelled dilemmas of tests/data/suggest_dilemmas.yaml and recall@5 over them.

Shared by tests/test_suggest_recall.py (which asserts the thresholds) and
bench/bench_suggest.py (which prints the figures). Every dilemma in the set is fictional.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from reflect.catalog import Catalog
from reflect.catalog.suggest import Suggestion, suggest

DATA = Path(__file__).parent / "data" / "suggest_dilemmas.yaml"
REGISTERS = ("formal", "informal", "english")
TOP = 5


@dataclass(frozen=True)
class Dilemma:
    id: str
    register: str
    text: str
    labels: tuple[str, ...]
    held_out: bool


def load_dilemmas(path: Path = DATA) -> list[Dilemma]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Dilemma(
            id=str(item["id"]),
            register=str(item["register"]),
            text=str(item["text"]),
            labels=tuple(str(label) for label in item["labels"]),
            held_out=bool(item.get("held_out", False)),
        )
        for item in data["dilemmas"]
    ]


def hits(label: str, found: Iterable[Suggestion], catalog: Catalog, code: str) -> bool:
    """Whether one label is among the suggestions."""
    found = list(found)
    if label.startswith("block:"):
        group_id = label.split(":", 1)[1]
        group = next(g for g in catalog.codes[code].groups if g.id == group_id)
        members = set(group.articles) | set(group.probable)
        return any(s.kind == "article" and s.number in members for s in found)
    if label.isdigit():
        return any(s.kind == "article" and s.number == int(label) for s in found)
    return any(s.kind == "framework" and s.framework_id == label for s in found)


@dataclass(frozen=True)
class Recall:
    found: int
    expected: int
    dilemmas: int
    per_dilemma: float  # the mean of each dilemma's own recall

    @property
    def pooled(self) -> float:
        return self.found / self.expected if self.expected else 0.0


def recall_at(
    dilemmas: Iterable[Dilemma],
    catalog: Catalog,
    code: str = "bpsw-2021",
    top: int = TOP,
    suggester: Callable[[str], list[Suggestion]] | None = None,
) -> Recall:
    """Recall@top: the share of expected labels found in the first ``top`` suggestions."""
    run = suggester or (lambda text: suggest(text, catalog, code=code, limit=top, lang="en"))
    found = expected = count = 0
    shares = 0.0
    for dilemma in dilemmas:
        ranked = run(dilemma.text)[:top]
        got = sum(hits(label, ranked, catalog, code) for label in dilemma.labels)
        found += got
        expected += len(dilemma.labels)
        shares += got / len(dilemma.labels)
        count += 1
    return Recall(found, expected, count, shares / count if count else 0.0)


def misses(
    dilemmas: Iterable[Dilemma], catalog: Catalog, code: str = "bpsw-2021", top: int = TOP
) -> list[tuple[str, list[str], list[str]]]:
    """Per dilemma with a miss: its id, the labels missed, and what came up instead."""
    result: list[tuple[str, list[str], list[str]]] = []
    for dilemma in dilemmas:
        ranked = suggest(dilemma.text, catalog, code=code, limit=top, lang="en")[:top]
        missed = [label for label in dilemma.labels if not hits(label, ranked, catalog, code)]
        if missed:
            result.append((dilemma.id, missed, [s.key for s in ranked]))
    return result
