"""`reflect new`, `edit` and `delete`: change entries without the app.

A thin face of the application layer: the options are generated from the field table
(:mod:`reflect.fields`), and every value, from an option or from ``--json-input``, is parsed
and checked by :mod:`reflect.operations.entry_input`. A field added to the table gets its
option here without a change to this module.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from reflect import fields
from reflect.commands.base import CommandContext, report_backups
from reflect.errors import UsageError
from reflect.fields import FieldSpec, Kind
from reflect.i18n import current_language, t
from reflect.model import Entry, Status
from reflect.operations.entries import save_entry
from reflect.operations.entry_input import apply_changes, changes_from_json, changes_from_options

if TYPE_CHECKING:
    from reflect.catalog import Catalog

# What each kind of option takes, as shown in --help.
_METAVARS = {
    Kind.LINE: "TEXT",
    Kind.TEXT: "TEXT",
    Kind.DATE: "YYYY-MM-DD",
    Kind.STATUS: "|".join(s.value for s in Status),
    Kind.METHOD: "ID",
    Kind.ARTICLES: "N[:NOTE]",
    Kind.ANSWERS: "STEP=TEXT",
}
_REPEATABLE = (Kind.PAIRS, Kind.ARTICLES, Kind.ANSWERS)
# The field's label, plus how the option of these kinds is written (help texts).
_HELP_KEYS = {
    Kind.PAIRS: "cli.help.field.pairs",
    Kind.ARTICLES: "cli.help.field.articles",
    Kind.ANSWERS: "cli.help.field.answers",
    Kind.METHOD: "cli.help.field.method",
    Kind.DATE: "cli.help.field.date",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = sub.add_parser("new", help=t("cli.help.new"))
    add_field_options(new, editing=False)
    new.set_defaults(handler=run_new)

    edit = sub.add_parser("edit", help=t("cli.help.edit"))
    edit.add_argument("id")
    add_field_options(edit, editing=True)
    edit.set_defaults(handler=run_edit)

    delete = sub.add_parser("delete", help=t("cli.help.delete"))
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    delete.set_defaults(handler=run_delete)


def add_field_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    """One option per field of the table (read when the parser is built), by its kind."""
    lang = current_language()
    for spec in fields.FIELDS:
        parser.add_argument(
            spec.option,
            dest=spec.name,
            action="append" if spec.kind in _REPEATABLE else "store",
            metavar=_metavar(spec),
            help=_help(spec, lang),
        )
        if spec.kind is Kind.ARTICLES and editing:
            parser.add_argument(
                f"--clear-{spec.name.replace('_', '-')}",
                dest=f"clear_{spec.name}",
                action="store_true",
                help=t("cli.help.clear_articles"),
            )
    # No default here: the catalogue (a tenth of a second of imports) is not needed to build
    # the parser, nor to save an entry without articles (see _default_code).
    parser.add_argument("--code", help=t("cli.help.code"))
    parser.add_argument("--json-input", action="store_true", help=t("cli.help.json_input"))


def _metavar(spec: FieldSpec) -> str:
    if spec.kind is Kind.PAIRS and spec.pair_keys:
        first, second = (key.upper() for key in spec.pair_keys)
        return f"{first}[::{second}]"
    return _METAVARS[spec.kind]


def _help(spec: FieldSpec, lang: str) -> str:
    label = spec.label.text(lang)
    key = _HELP_KEYS.get(spec.kind)
    text = t(key, label=label) if key else label
    return text.replace("%", "%%")  # argparse formats help texts with %


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """What each field's option received (None when not given)."""
    return {spec.name: getattr(args, spec.name, None) for spec in fields.FIELDS}


def _gives_articles(args: argparse.Namespace, data: Any) -> bool:
    """Whether the options or the JSON input tag articles: only they need the default
    catalogue's code (the only value of the field table that does)."""
    names = [spec.name for spec in fields.FIELDS if spec.kind is Kind.ARTICLES]
    in_json = isinstance(data, Mapping) and any(name in data for name in names)
    return in_json or any(getattr(args, name, None) for name in names)


def _cleared(args: argparse.Namespace) -> set[str]:
    return {spec.name for spec in fields.FIELDS if getattr(args, f"clear_{spec.name}", False)}


class _CatalogueOnDemand:
    """The catalogue, loaded when a value first needs it (an article, a method): the tenth
    of a second that ``reflect new --title`` should not have to wait."""

    @cached_property
    def _catalog(self) -> Catalog:
        from reflect.catalog import load_catalog

        return load_catalog()

    @cached_property
    def default_code(self) -> str:
        from reflect.catalog import DEFAULT_CODE

        return DEFAULT_CODE

    @property
    def codes(self) -> Mapping[str, Any]:
        return self._catalog.codes

    @property
    def methods(self) -> Mapping[str, Any]:
        return self._catalog.methods

    def article(self, code: str, number: int) -> Any:
        return self._catalog.article(code, number)


def _read_json_input(args: argparse.Namespace) -> Any:
    """The JSON value on stdin with --json-input (for long texts: argv is limited to
    ~128 KB), else None. Read before the journal is opened, as a pipe is read once."""
    if not args.json_input:
        return None
    try:
        return json.load(sys.stdin)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise UsageError(t("cli.error.bad_json", problem=str(exc))) from None


def changed_entry(entry: Entry, data: Any, args: argparse.Namespace, *, is_new: bool) -> Entry:
    """``entry`` with the JSON input (if any), then the options, applied; raises UsageError,
    naming the field and what it accepts, before anything is stored."""
    catalog = _CatalogueOnDemand()
    code = args.code or (catalog.default_code if _gives_articles(args, data) else "")
    if data is not None:
        current = None if is_new else entry
        entry = apply_changes(entry, changes_from_json(data, current, catalog, code))
    changes = changes_from_options(_given(args), entry, catalog, code, cleared=_cleared(args))
    return apply_changes(entry, changes)


def run_new(args: argparse.Namespace, ctx: CommandContext) -> int:
    # Checked before the journal is opened: a typo costs no passphrase prompt.
    entry = changed_entry(Entry(), _read_json_input(args), args, is_new=True)
    with ctx.open_journal() as journal:
        stored = save_entry(journal, entry, is_new=True)
    print(stored.id, file=ctx.out)
    return 0


def run_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    data = _read_json_input(args)
    with ctx.open_journal() as journal:
        current = journal.get(args.id)
        save_entry(journal, changed_entry(current, data, args, is_new=False), is_new=False)
    print(current.id, file=ctx.out)
    return 0


def run_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        entry = journal.get(args.id)
        if not args.yes:
            if not (sys.stdin is not None and sys.stdin.isatty()):
                raise UsageError(t("cli.error.delete_needs_yes"))
            answer = input(t("cli.delete.confirm", id=entry.id))
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                print(t("cli.delete.kept"), file=ctx.err)
                return 1
        cleaned = journal.delete(entry.id)
    print(t("cli.delete.done", id=entry.id), file=ctx.out)
    report_backups(cleaned, ctx.out)
    return 0
