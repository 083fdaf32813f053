"""Comparing two versions of an entry, field by field, and restoring an earlier one.

Both read the field table, so a new field is compared and restored like every other.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from reflect.fields import FIELDS, FieldSpec, Kind
from reflect.model import Entry


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its text before and after, and the changed lines."""

    name: str
    before: str
    after: str

    def lines(self) -> list[tuple[str, str]]:
        """``("-", line)`` for a line only before, ``("+", line)`` only after, ``(" ", line)``
        for a line both have: what a reader needs to see what changed."""
        out: list[tuple[str, str]] = []
        for line in difflib.ndiff(self.before.splitlines(), self.after.splitlines()):
            tag, text = line[:1], line[2:]
            if tag in ("-", "+", " "):
                out.append((tag, text))
        return out


def field_text(entry: Entry, spec: FieldSpec) -> str:
    """A field's value as lines of text, for comparing versions."""
    value = getattr(entry, spec.name)
    if spec.kind is Kind.PAIRS:
        assert spec.pair_keys is not None
        first, second = spec.pair_keys
        return "\n".join(
            f"{getattr(row, first)} — {getattr(row, second)}".rstrip(" —") for row in value
        )
    if spec.kind is Kind.ARTICLES:
        return "\n".join(f"{a.code} {a.number}: {a.note}".rstrip(": ") for a in value)
    if spec.kind is Kind.ANSWERS:
        return "\n".join(f"{step}: {text}" for step, text in value.items())
    if spec.kind is Kind.DATE:
        return value.isoformat() if value else ""
    if spec.kind is Kind.STATUS:
        return str(value.value)
    return str(value or "")


def changes(older: Entry, newer: Entry) -> list[FieldChange]:
    """The fields that differ between two versions, in the field table's order."""
    found = []
    for spec in FIELDS:
        before, after = field_text(older, spec), field_text(newer, spec)
        if before != after:
            found.append(FieldChange(spec.name, before, after))
    return found


def restored(current: Entry, version: Entry) -> Entry:
    """``current`` with every field of the earlier ``version``; id and dates stay the
    current entry's, and saving it keeps the current text as a revision."""
    values = {spec.name: getattr(version, spec.name) for spec in FIELDS}
    return replace(current, **values)
