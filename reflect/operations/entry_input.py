"""Entry fields handed in from outside: a JSON object, or command-line options.

JSON in is JSON out: :func:`changes_from_json` accepts exactly the object that
``reflect show --json`` emits (:func:`entry_json`), so ``show --json | edit --json-input``
changes nothing. A key that is not a field, or a value a field cannot take, is refused with
the key's name and what it accepts; nothing is stored then.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from reflect.errors import UsageError
from reflect.fields import BY_NAME, FIELDS, READ_ONLY, FieldSpec, Kind
from reflect.i18n import t
from reflect.model import ArticleRef, Entry
from reflect.operations.values import (
    Catalogue,
    answer_from_option,
    answers_value,
    articles_value,
    date_value,
    method_value,
    pair_from_option,
    pairs_value,
    refuse,
    status_value,
    text_value,
)


def entry_json(entry: Entry) -> dict[str, Any]:
    """The entry as ``show --json`` gives it (and ``--json-input`` takes it back)."""
    return entry.to_dict()


def field_value(spec: FieldSpec, raw: Any, catalog: Catalogue, default_code: str) -> Any:
    """``raw`` (as JSON has it) parsed into the model's value for the field."""
    kind = spec.kind
    if kind in (Kind.LINE, Kind.TEXT):
        return text_value(spec, raw)
    if kind is Kind.DATE:
        return date_value(spec, raw)
    if kind is Kind.STATUS:
        return status_value(spec, raw)
    if kind is Kind.METHOD:
        return method_value(spec, raw, catalog)
    if kind is Kind.ARTICLES:
        return articles_value(spec, raw, default_code, catalog)
    if kind is Kind.PAIRS:
        return pairs_value(spec, raw)
    if kind is Kind.ANSWERS:
        return answers_value(spec, raw)
    raise AssertionError(f"unhandled kind {kind}")


def changes_from_json(
    data: Any, current: Entry | None, catalog: Catalogue, default_code: str
) -> dict[str, Any]:
    """The field changes in a JSON object; ``current`` is the entry being edited (or None).

    ``id``, ``created`` and ``updated`` are set by the journal: they may be present (as
    ``show --json`` emits them) and are ignored, but an ``id`` naming another entry is refused
    so a pipe from the wrong entry cannot overwrite this one. Keys an entry keeps from a newer
    version of reflect (``Entry.extra``) round-trip unchanged.
    """
    if not isinstance(data, Mapping):
        raise UsageError(t("ops.error.json_object"))
    known_extra = set(current.extra) if current is not None else set()
    unknown = sorted(k for k in data if k not in BY_NAME and k not in READ_ONLY)
    unknown = [k for k in unknown if k not in known_extra]
    if unknown:
        raise UsageError(
            t("ops.error.unknown_fields", keys=", ".join(map(str, unknown)), allowed=allowed_keys())
        )
    if current is not None and "id" in data and data["id"] != current.id:
        raise refuse("id", t("ops.error.other_id", given=data["id"], id=current.id))
    changes = {
        name: field_value(BY_NAME[name], value, catalog, default_code)
        for name, value in data.items()
        if name in BY_NAME
    }
    extra = {k: v for k, v in data.items() if k in known_extra}
    if extra and current is not None:
        changes["extra"] = {**current.extra, **extra}
    return changes


def changes_from_options(
    given: Mapping[str, Any],
    current: Entry,
    catalog: Catalogue,
    default_code: str,
    *,
    cleared: Collection[str] = (),
) -> dict[str, Any]:
    """The field changes in command-line options, for ``current`` (a new entry or the one
    being edited).

    ``given`` maps a field's name to what its option received: a string, or for the
    repeatable options (lists, answers) the list of strings; ``None`` or absent when the
    option was not given. The option syntax (``N:NOTE``, ``TEXT::HARM``, ``STEP=TEXT``) is
    turned into the JSON shape and parsed by :func:`field_value`, so an option and the same
    JSON key accept the same values and fail with the same message. ``cleared`` names list
    fields to empty first (``--clear-articles``).
    """
    changes: dict[str, Any] = {}
    for spec in FIELDS:
        raw = given.get(spec.name)
        if raw is not None:
            changes[spec.name] = _option_value(spec, raw, current, catalog, default_code, cleared)
        elif spec.name in cleared:
            changes[spec.name] = []
    return changes


def _option_value(
    spec: FieldSpec,
    raw: Any,
    current: Entry,
    catalog: Catalogue,
    default_code: str,
    cleared: Collection[str],
) -> Any:
    if spec.kind is Kind.PAIRS:
        # Given rows replace the list: a list cannot be edited row by row on a command line.
        return field_value(spec, [pair_from_option(spec, r) for r in raw], catalog, default_code)
    if spec.kind is Kind.ANSWERS:
        # One step's answer changes; the others stay (an empty TEXT removes that step's).
        answers = dict(getattr(current, spec.name))
        answers.update(answer_from_option(spec, r) for r in raw)
        return field_value(spec, answers, catalog, default_code)
    if spec.kind is Kind.ARTICLES:
        # Added to the tagged ones (an article given again gets the new note). Only the new
        # ones are checked: an article tagged earlier stays even if its catalogue is gone.
        added: list[ArticleRef] = field_value(spec, list(raw), catalog, default_code)
        kept = [] if spec.name in cleared else getattr(current, spec.name)
        replaced = {(a.code, a.number) for a in added}
        return [a for a in kept if (a.code, a.number) not in replaced] + added
    return field_value(spec, raw, catalog, default_code)


def allowed_keys() -> str:
    return ", ".join([*READ_ONLY, *BY_NAME])


def apply_changes(entry: Entry, changes: Mapping[str, Any]) -> Entry:
    return replace(entry, **changes)
