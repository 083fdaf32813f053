"""Plain-text output of entries for the terminal.

User text can hold anything, including terminal escape sequences pasted from elsewhere.
Printed raw they could recolour, move the cursor or retitle the terminal, so human output
passes every piece of user text through :func:`reflect.sanitize.visible` (control and bidi
characters become visible, inert symbols). ``--json`` is the byte-exact path.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from reflect.fields import FIELDS, FieldSpec, Kind, label
from reflect.i18n import current_language, t
from reflect.model import Entry, Revision
from reflect.operations.clock import USER_ZONE, ZoneChoice, day_in, moment_in, resolve_zone
from reflect.sanitize import visible


def one_line(text: str, width: int) -> str:
    """``text`` on one line (runs of whitespace become one space), cut to ``width`` characters."""
    flat = visible(" ".join(text.split()), keep_newlines=False)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def articles_short(entry: Entry) -> str:
    return ", ".join(str(a.number) for a in entry.articles)


def entry_row(entry: Entry, *, zone: tzinfo | None) -> str:
    """One line of `reflect list`: id, date, status, title, articles. The date is the day
    the entry was written in ``zone`` (the user's, resolved once by the caller for every
    row: :func:`reflect.operations.clock.user_zone`; None: the system's zone)."""
    status = t(f"cli.status.{entry.status.value}")
    title = entry.title or t("cli.untitled")
    day = day_in(entry.created, zone).isoformat()
    row = f"{entry.id}  {day}  {status:<11} {one_line(title, 40)}"
    if entry.articles:
        row += f"  [{articles_short(entry)}]"
    return row


# Shown in the header line, not as sections of their own.
_IN_HEADER = ("title", "status")


def field_text(spec: FieldSpec, value: Any) -> str:
    """A field's value as plain text, lists one item a line; empty when there is none."""
    if spec.kind is Kind.PAIRS and spec.pair_keys:
        first, second = spec.pair_keys
        rows = [row.to_dict() for row in value]
        return "\n".join(f"- {r[first]}" + (f": {r[second]}" if r[second] else "") for r in rows)
    if spec.kind is Kind.ARTICLES:
        return "\n".join(
            f"- {a.code} {a.number}" + (f": {a.note}" if a.note else "") for a in value
        )
    if spec.kind is Kind.ANSWERS:
        return "\n".join(f"- {step}: {text}" for step, text in value.items())
    if spec.kind is Kind.DATE:
        return value.isoformat() if value else ""
    return str(value or "")


def entry_text(
    entry: Entry, revisions: list[Revision] | None = None, *, zone: ZoneChoice = USER_ZONE
) -> str:
    """The whole entry as readable text; empty fields are left out. Times are on the clock
    of ``zone`` (default: the user's zone, read once for this entry)."""
    found = resolve_zone(zone)
    title = visible(" ".join(entry.title.split()), keep_newlines=False)  # a header: one line
    lines = [f"{title or t('cli.untitled')}  ({entry.id})"]
    lang = current_language()
    lines.append(
        f"{label('status', lang)}: {t(f'cli.status.{entry.status.value}')}   "
        f"{t('cli.field.created')}: {moment_in(entry.created, found):%Y-%m-%d %H:%M}   "
        f"{t('cli.field.updated')}: {moment_in(entry.updated, found):%Y-%m-%d %H:%M}"
    )
    for spec in FIELDS:
        value = "" if spec.name in _IN_HEADER else field_text(spec, getattr(entry, spec.name))
        if value.strip():
            lines += ["", f"{spec.label.text(lang)}:", visible(value)]
    if revisions:
        lines += ["", f"{t('cli.field.revisions')}:"]
        lines += [
            f"- {moment_in(r.saved, found):%Y-%m-%d %H:%M:%S}  {one_line(r.entry.title, 50)}"
            for r in revisions
        ]
    return "\n".join(lines)
