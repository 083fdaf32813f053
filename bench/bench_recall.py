"""Benchmark: recall and false alarms of the identifier check on the labelled sentences.

Run: ``.venv/bin/python bench/bench_recall.py``. Reads ``tests/data/privacy_recall.yaml``
(realistic working notes, fictional by construction) and prints, once with our own rules only
(the instant check, ``names=None``) and once with deduce loaded (what an export runs):

* recall: of the labelled identifiers, the share that is fully covered by findings (so it
  would be redacted), and the share found exactly (same kind, same span);
* false alarms: the share of clean sentences (no identifier) with any finding, and the
  findings in labelled sentences that touch no labelled identifier;
* both per rule the sentences were written for, and again for the held-out sentences alone
  (written after the rules were finished, so not tuned on: the more honest estimate).

``--own`` skips deduce (no loading: a second or two).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from privacy_labelled import Labelled, load

from reflect.privacy import NameDetector, check_text, load_name_detector


@dataclass
class Tally:
    """Counts for one group of sentences."""

    labels: int = 0
    covered: int = 0
    exact: int = 0
    clean: int = 0
    clean_alarmed: int = 0
    stray: int = 0
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.labels += other.labels
        self.covered += other.covered
        self.exact += other.exact
        self.clean += other.clean
        self.clean_alarmed += other.clean_alarmed
        self.stray += other.stray
        self.missed += other.missed
        self.alarms += other.alarms


def score(sentence: Labelled, names: NameDetector | None) -> Tally:
    findings = check_text(sentence.text, {}, names)
    tally = Tally()
    if sentence.clean:
        tally.clean = 1
        tally.clean_alarmed = int(bool(findings))
        tally.alarms += [f"{f.kind}: {f.text!r} in {sentence.text!r}" for f in findings]
        return tally
    for label in sentence.expect:
        tally.labels += 1
        covered = set()
        for f in findings:
            covered |= set(range(max(f.start, label.start), min(f.end, label.end)))
        if covered == set(range(label.start, label.end)):
            tally.covered += 1
        else:
            tally.missed.append(f"{label.kind}: {label.text!r} in {sentence.text!r}")
        if any((f.kind, f.start, f.end) == (label.kind, label.start, label.end) for f in findings):
            tally.exact += 1
    for f in findings:
        if not any(f.start < e.end and e.start < f.end for e in sentence.expect):
            tally.stray += 1
            tally.alarms.append(f"{f.kind}: {f.text!r} in {sentence.text!r}")
    return tally


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def report(title: str, sentences: list[Labelled], names: NameDetector | None) -> Tally:
    by_rule: dict[str, Tally] = defaultdict(Tally)
    for sentence in sentences:
        by_rule[sentence.rule].add(score(sentence, names))
    total = Tally()
    print(f"\n== {title}")
    print(
        f"{'rule':<14}{'labels':>7}{'recall':>8}{'exact':>8}{'clean':>7}{'alarmed':>9}{'stray':>7}"
    )
    for rule, tally in by_rule.items():
        total.add(tally)
        print(
            f"{rule:<14}{tally.labels:>7}{percent(tally.covered, tally.labels):>8}"
            f"{percent(tally.exact, tally.labels):>8}{tally.clean:>7}"
            f"{percent(tally.clean_alarmed, tally.clean):>9}{tally.stray:>7}"
        )
    print(
        f"{'all':<14}{total.labels:>7}{percent(total.covered, total.labels):>8}"
        f"{percent(total.exact, total.labels):>8}{total.clean:>7}"
        f"{percent(total.clean_alarmed, total.clean):>9}{total.stray:>7}"
    )
    print(
        f"recall {percent(total.covered, total.labels).strip()} "
        f"(exact {percent(total.exact, total.labels).strip()}), "
        f"false-alarm rate {percent(total.clean_alarmed, total.clean).strip()} of clean "
        f"sentences, {total.stray} stray findings in labelled sentences"
    )
    for line in total.missed:
        print(f"  missed  {line}")
    for line in total.alarms:
        print(f"  alarm   {line}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--own", action="store_true", help="our own rules only, no deduce")
    args = parser.parse_args()
    sentences = load()
    labelled = sum(1 for s in sentences if not s.clean)
    clean = len(sentences) - labelled
    print(f"{len(sentences)} sentences: {labelled} with identifiers, {clean} clean")
    heldout = [s for s in sentences if s.heldout]
    report("own rules only (names=None)", sentences, None)
    report("own rules only, held-out sentences", heldout, None)
    if not args.own:
        start = time.perf_counter()
        names = load_name_detector()
        print(f"\n(deduce loaded in {time.perf_counter() - start:.1f} s)")
        report("own rules + deduce (as an export checks)", sentences, names)
        report("own rules + deduce, held-out sentences", heldout, names)


if __name__ == "__main__":
    main()
