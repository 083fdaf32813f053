"""`reflect new`, `edit` and `delete`: change entries without the TUI."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import Any

from reflect.catalog import DEFAULT_CODE, load_catalog
from reflect.commands.base import CommandContext
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.model import (
    TEXT_FIELDS,
    ArticleRef,
    Entry,
    Option,
    Stakeholder,
    parse_date,
    parse_status,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = sub.add_parser("new", help=t("cli.help.new"))
    _add_field_options(new)
    new.set_defaults(handler=run_new)

    edit = sub.add_parser("edit", help=t("cli.help.edit"))
    edit.add_argument("id")
    _add_field_options(edit)
    edit.add_argument("--clear-articles", action="store_true", help=t("cli.help.clear_articles"))
    edit.set_defaults(handler=run_edit)

    delete = sub.add_parser("delete", help=t("cli.help.delete"))
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    delete.set_defaults(handler=run_delete)


def _add_field_options(parser: argparse.ArgumentParser) -> None:
    for name in TEXT_FIELDS:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="TEXT")
    parser.add_argument(
        "--article", action="append", default=[], metavar="N[:NOTE]", help=t("cli.help.article")
    )
    parser.add_argument("--code", default=DEFAULT_CODE, help=t("cli.help.code"))
    parser.add_argument("--method", metavar="ID", help=t("cli.help.method"))
    parser.add_argument("--status", help="draft | decided | evaluated")
    parser.add_argument("--follow-up", dest="follow_up", metavar="YYYY-MM-DD")
    parser.add_argument("--json-input", action="store_true", help=t("cli.help.json_input"))


def parse_article(raw: str, code: str) -> ArticleRef:
    number, _, note = raw.partition(":")
    if not number.strip().isdigit() or int(number) < 1:
        raise UsageError(t("cli.error.bad_article", value=raw))
    _check_known_article(code, int(number))
    return ArticleRef(code=code, number=int(number), note=note.strip())


def _check_known_article(code: str, number: int) -> None:
    """Refuse article numbers the catalogue does not have (when the catalogue is there)."""
    catalog = load_catalog()
    if code not in catalog.codes:
        raise UsageError(t("cli.error.unknown_code", code=code))
    if catalog.article(code, number) is None:
        raise UsageError(t("cli.error.unknown_article", code=code, number=number))


def _check_known_method(method: str) -> None:
    if method not in load_catalog().methods:
        raise UsageError(t("cli.error.unknown_method", method=method))


def _json_fields() -> dict[str, Any]:
    """Fields from a JSON object on stdin: for long texts (argv is limited to ~128 KB)."""
    try:
        data = json.load(sys.stdin)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(t("cli.error.bad_json", problem=str(exc))) from None
    if not isinstance(data, dict):
        raise UsageError(t("cli.error.bad_json", problem="expected an object"))
    return data


def _changes_from_json(data: dict[str, Any], code: str) -> dict[str, Any]:
    """Entry fields from the JSON object given with --json-input."""
    changes: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in data:
            changes[name] = str(data[name] or "")
    if "options" in data:
        changes["options"] = [Option.from_dict(o) for o in data["options"]]
    if "stakeholders" in data:
        changes["stakeholders"] = [Stakeholder.from_dict(s) for s in data["stakeholders"]]
    if "method_answers" in data:
        changes["method_answers"] = {str(k): str(v) for k, v in data["method_answers"].items()}
    if "articles" in data:
        changes["articles"] = [
            parse_article(f"{a['number']}:{a.get('note', '')}", str(a.get("code", code)))
            for a in data["articles"]
        ]
    return changes


def apply_options(entry: Entry, args: argparse.Namespace) -> Entry:
    """The entry with every field the user gave on the command line or on stdin."""
    changes: dict[str, Any] = {}
    if args.json_input:
        try:
            changes.update(_changes_from_json(_json_fields(), args.code))
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise UsageError(
                t("cli.error.bad_json", problem=f"{type(exc).__name__}: {exc}")
            ) from None
    for name in TEXT_FIELDS:
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    if args.article:
        existing = list(changes.get("articles", entry.articles))
        if getattr(args, "clear_articles", False):
            existing = []
        for raw in args.article:
            ref = parse_article(raw, args.code)
            existing = [a for a in existing if (a.code, a.number) != (ref.code, ref.number)]
            existing.append(ref)
        changes["articles"] = existing
    elif getattr(args, "clear_articles", False):
        changes["articles"] = []
    if args.method is not None:
        if args.method:
            _check_known_method(args.method)
        changes["method"] = args.method or None
    if args.status is not None:
        changes["status"] = parse_status(args.status)
    if args.follow_up is not None:
        changes["follow_up"] = parse_date(args.follow_up)
    return replace(entry, **changes)


def run_new(args: argparse.Namespace, ctx: CommandContext) -> int:
    entry = apply_options(Entry(), args)
    with ctx.open_journal() as journal:
        stored = journal.add(entry)
    print(stored.id, file=ctx.out)
    return 0


def run_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        current = journal.get(args.id)
        journal.update(apply_options(current, args))
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
        journal.delete(entry.id)
    print(t("cli.delete.done", id=entry.id), file=ctx.out)
    return 0
