"""Supervision exports grouped by learning goal (``reflect export --by-goal``).

A supervisor reads material per learning goal of the learning agreement. The werkverslag
puts a goal's heading before the entries linked to it; the reflectieverslag lists what was
worked on under each goal. An entry linked to two goals appears under both — each goal's
part is then complete on its own, which is what a supervisor leafs through — and entries
linked to no goal come last, under "Without a learning goal". Goals with none of the
selected entries are left out. Goal texts are the user's words: headings marked as user
text, so the identifier check and redaction see them like entry text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from reflect.export.document import Item, Paragraph, Section, items
from reflect.i18n import t
from reflect.model import Entry

# A learning goal as an export sees it: its text and the ids of its linked entries, in the
# order of the goal list (reflect.operations.goals).
GoalGroup = tuple[str, tuple[str, ...]]


def grouped(
    entries: Sequence[Entry], goals: Sequence[GoalGroup]
) -> list[tuple[str | None, list[int]]]:
    """Per goal (None: no goal) the positions in ``entries`` of its entries, in their order."""
    position = {e.id: n for n, e in enumerate(entries)}
    out: list[tuple[str | None, list[int]]] = []
    linked: set[int] = set()
    for text, ids in goals:
        mine = sorted(position[i] for i in set(ids) if i in position)
        if mine:
            out.append((text, mine))
            linked.update(mine)
    rest = [n for n in range(len(entries)) if n not in linked]
    if rest:
        out.append((None, rest))
    return out


def _goal_heading(text: str | None, count: int, lang: str) -> Section:
    note = t("goals.export.note", lang, count=count)
    if text is None:
        heading, user = t("goals.ungrouped", lang), False
    else:
        heading, user = text, True
    # Counted as an entry by the paged formats, so each goal after the first starts a new
    # page; its first entry then follows on that page (see parts_by_goal).
    return Section(heading, (Paragraph(note, user=False, note=True),), 2, user, entry=True)


def parts_by_goal(
    entries: Sequence[Entry], parts: Sequence[Section], goals: Sequence[GoalGroup], lang: str
) -> list[Section]:
    """The werkverslag's entry parts (one per entry, in order) under their goals' headings."""
    out: list[Section] = []
    for text, positions in grouped(entries, goals):
        out.append(_goal_heading(text, len(positions), lang))
        for k, n in enumerate(positions):
            out.append(replace(parts[n], entry=k > 0))
    return out


def worked_on_by_goal(
    entries: Sequence[Entry],
    goals: Sequence[GoalGroup],
    heading: str,
    item_of: Callable[[Entry], Item],
    lang: str,
) -> Section | None:
    """The reflectieverslag's "worked on" with a subsection per goal."""
    subsections = []
    for text, positions in grouped(entries, goals):
        listed = items(item_of(entries[n]) for n in positions)
        if not listed:
            continue
        if text is None:
            subsections.append(Section(t("goals.ungrouped", lang), listed, 3))
        else:
            subsections.append(Section(text, listed, 3, heading_user=True))
    return Section(heading, (), 2, subsections=tuple(subsections)) if subsections else None
