"""What an entry is linked to outside itself: the reflection meetings it was brought to and
the learning goals it serves. One function for `reflect show` and the entry screen."""

from __future__ import annotations

from dataclasses import dataclass

from reflect.i18n import t
from reflect.operations.goals import Goal, goals_of
from reflect.operations.meetings import Meeting, form_label, list_meetings
from reflect.vault.journal import Journal


@dataclass(frozen=True)
class Links:
    meetings: tuple[Meeting, ...] = ()
    goals: tuple[Goal, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.meetings or self.goals)


def links_of(journal: Journal, entry_id: str) -> Links:
    meetings = tuple(m for m in list_meetings(journal) if entry_id in m.entries)
    return Links(meetings, tuple(goals_of(journal, entry_id)))


def links_lines(links: Links) -> list[str]:
    """One line per kind, as `reflect show` and the entry screen print them (user text — the
    goal's words and the meeting's code — is for the caller to show inert)."""
    lines = []
    if links.meetings:
        shown = "; ".join(
            f"{m.day.isoformat()} {form_label(m.form)}" + (f" ({m.code})" if m.code else "")
            for m in links.meetings
        )
        lines.append(f"{t('goals.links.meetings')}: {shown}")
    if links.goals:
        shown = "; ".join(g.text for g in links.goals)
        lines.append(f"{t('goals.links.goals')}: {shown}")
    return lines


def links_json(links: Links) -> dict[str, list[dict[str, str]]]:
    return {
        "meetings": [
            {"id": m.id, "date": m.day.isoformat(), "form": m.form, "code": m.code}
            for m in links.meetings
        ],
        "goals": [{"id": g.id, "text": g.text} for g in links.goals],
    }
