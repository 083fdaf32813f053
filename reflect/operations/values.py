"""One parser per kind of field, shared by the command line's options and its JSON input.

Every value a user hands in (a date, a status, an article, a list of options) passes through
exactly one of these, so ``--status x`` and ``{"status": "x"}`` fail with the same message,
which names the field and what it accepts. Nothing is stored when one of them refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from reflect.errors import UsageError
from reflect.fields import FieldSpec, Kind
from reflect.i18n import t
from reflect.model import ArticleRef, Option, Stakeholder, Status
from reflect.sanitize import clean_input


class Catalogue(Protocol):
    """What checking articles and methods needs of the catalogue. Read-only properties, so a
    stand-in that loads the catalogue on first use (the command line) fits as well."""

    @property
    def codes(self) -> Mapping[str, Any]: ...

    @property
    def methods(self) -> Mapping[str, Any]: ...

    def article(self, code: str, number: int) -> Any: ...


def refuse(spec_name: str, problem: str) -> UsageError:
    return UsageError(t("ops.error.field", field=spec_name, problem=problem))


def text_value(spec: FieldSpec, raw: Any) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise refuse(spec.name, t("ops.error.want_text"))
    return clean_input(raw, multiline=spec.kind is Kind.TEXT)


def date_value(spec: FieldSpec, raw: Any) -> date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise refuse(spec.name, t("ops.error.want_date", value=raw))


def status_value(spec: FieldSpec, raw: Any) -> Status:
    allowed = ", ".join(s.value for s in Status)
    if isinstance(raw, str):
        try:
            return Status(raw.strip().lower())
        except ValueError:
            pass
    raise refuse(spec.name, t("ops.error.want_one_of", value=raw, allowed=allowed))


def method_value(spec: FieldSpec, raw: Any, catalog: Catalogue) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and raw in catalog.methods:
        return raw
    allowed = ", ".join(sorted(catalog.methods))
    raise refuse(spec.name, t("ops.error.want_one_of", value=raw, allowed=allowed))


def article_value(spec: FieldSpec, raw: Any, default_code: str, catalog: Catalogue) -> ArticleRef:
    """One article: ``{"code", "number", "note"}`` from JSON, or ``N[:NOTE]`` from an option."""
    number_text: Any
    note: Any
    code: Any
    if isinstance(raw, str):
        number_text, _, note = raw.partition(":")
        code = default_code
    elif isinstance(raw, Mapping):
        _refuse_unknown_keys(spec, raw, ("code", "number", "note"))
        number_text, note, code = raw.get("number"), raw.get("note") or "", raw.get("code")
        code = default_code if code is None else code
    else:
        raise refuse(spec.name, t("ops.error.want_article", value=raw))
    number = _article_number(number_text)
    if number is None or not isinstance(code, str) or not isinstance(note, str):
        raise refuse(spec.name, t("ops.error.want_article", value=raw))
    if code not in catalog.codes:
        allowed = ", ".join(sorted(catalog.codes))
        raise refuse(spec.name, t("ops.error.unknown_code", code=code, allowed=allowed))
    if catalog.article(code, number) is None:
        allowed = number_ranges(getattr(catalog.codes[code], "articles", {}))
        raise refuse(
            spec.name, t("ops.error.unknown_article", code=code, number=number, allowed=allowed)
        )
    return ArticleRef(code=code, number=number, note=clean_input(note.strip()))


def _article_number(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 1 else None
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if isinstance(raw, str) and raw.strip().isdecimal() and int(raw) >= 1:
        return int(raw)
    return None


def number_ranges(numbers: Iterable[int]) -> str:
    """``1–12, 14, 16–29``: the numbers a code has, short enough for one error line."""
    spans: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if spans and number == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _refuse_unknown_keys(spec: FieldSpec, raw: Mapping[Any, Any], allowed: Sequence[str]) -> None:
    """A misspelled key would otherwise drop its value silently (``desc`` for
    ``description``): refuse it, naming the keys the field's rows have."""
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        raise refuse(
            spec.name,
            t("ops.error.unknown_keys", keys=", ".join(unknown), allowed=", ".join(allowed)),
        )


def articles_value(
    spec: FieldSpec, raw: Any, default_code: str, catalog: Catalogue
) -> list[ArticleRef]:
    if not isinstance(raw, list):
        raise refuse(spec.name, t("ops.error.want_list"))
    refs: list[ArticleRef] = []
    for item in raw:
        ref = article_value(spec, item, default_code, catalog)
        # One tag per article: a later one replaces an earlier one (its note wins).
        refs = [r for r in refs if (r.code, r.number) != (ref.code, ref.number)]
        refs.append(ref)
    return refs


def pairs_value(spec: FieldSpec, raw: Any) -> list[Option] | list[Stakeholder]:
    """Rows of two texts, as JSON objects with the field's two keys (``description``/``harm``,
    ``who``/``values``). Empty rows are dropped."""
    assert spec.pair_keys is not None
    first, second = spec.pair_keys
    if not isinstance(raw, list):
        raise refuse(spec.name, t("ops.error.want_list"))
    rows: list[tuple[str, str]] = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise refuse(spec.name, t("ops.error.want_pair", first=first, second=second))
        _refuse_unknown_keys(spec, item, (first, second))
        a, b = item.get(first) or "", item.get(second) or ""
        if not isinstance(a, str) or not isinstance(b, str):
            raise refuse(spec.name, t("ops.error.want_pair", first=first, second=second))
        a, b = clean_input(a), clean_input(b)
        if a.strip() or b.strip():
            rows.append((a, b))
    if spec.name == "options":
        return [Option(a, b) for a, b in rows]
    return [Stakeholder(a, b) for a, b in rows]


def pair_from_option(spec: FieldSpec, raw: str) -> dict[str, str]:
    """A row from a command-line option: ``TEXT`` or ``TEXT::SECOND`` (``::`` is rare in
    prose, where a single colon is common)."""
    assert spec.pair_keys is not None
    a, _, b = raw.partition("::")
    return {spec.pair_keys[0]: a.strip(), spec.pair_keys[1]: b.strip()}


def answer_from_option(spec: FieldSpec, raw: str) -> tuple[str, str]:
    """One answer from a command-line option: ``STEP=TEXT`` (an empty TEXT removes it)."""
    step, equals, text = raw.partition("=")
    if not equals or not step.strip():
        raise refuse(spec.name, t("ops.error.want_answer", value=raw))
    return step.strip(), text


def answers_value(spec: FieldSpec, raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise refuse(spec.name, t("ops.error.want_answers"))
    return {k: clean_input(v) for k, v in raw.items() if v.strip()}
