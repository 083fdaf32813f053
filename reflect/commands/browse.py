"""`reflect list`, `search` and `show`: read the journal.

``list --filter QUERY`` and ``search QUERY`` are one selection: the entry query of
:mod:`reflect.operations.query`, the same the app's filter and the export use, parsed
strictly (a mistyped ``status:`` token is an error, not a word that matches nothing).
``list`` and ``search`` mark entries past their delete-after date and say on stderr how many
there are (``reflect purge`` destroys them; the rule is :mod:`reflect.operations.retention`).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from reflect.commands.base import CommandContext
from reflect.i18n import t
from reflect.model import Entry
from reflect.operations.entry_input import entry_json
from reflect.operations.query import find_entries, parse_query
from reflect.operations.retention import (
    configured_months,
    due_in_journal,
    entry_destroy_date,
    is_due,
)
from reflect.sanitize import visible
from reflect.textout import entry_row, entry_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = sub.add_parser("list", help=t("cli.help.list"))
    listing.add_argument("--filter", metavar="QUERY", default="", help=t("cli.help.filter"))
    listing.add_argument("--json", action="store_true", help=t("cli.help.json"))
    listing.set_defaults(handler=run_list)

    search = sub.add_parser("search", help=t("cli.help.search"))
    # Several words, quoted or not, are one query: `reflect search status:draft #10`.
    search.add_argument("text", nargs="+", metavar="QUERY")
    search.add_argument("--json", action="store_true", help=t("cli.help.json"))
    search.set_defaults(handler=run_search)

    show = sub.add_parser("show", help=t("cli.help.show"))
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help=t("cli.help.json"))
    show.add_argument("--revisions", action="store_true", help=t("cli.help.revisions"))
    show.set_defaults(handler=run_show)


def dump_json(data: Any) -> str:
    # ensure_ascii=False keeps Dutch text readable; control characters are still escaped.
    return json.dumps(data, ensure_ascii=False, indent=2)


def _print_entries(
    entries: list[Entry],
    query_text: str,
    as_json: bool,
    ctx: CommandContext,
    retention: tuple[int, date],
) -> None:
    if as_json:
        print(dump_json([entry_json(e) for e in entries]), file=ctx.out)
    elif entries:
        months, today = retention
        for entry in entries:
            row = entry_row(entry)
            destroy_on = entry_destroy_date(entry, months)
            if destroy_on is not None and is_due(destroy_on, today):
                row += "  " + t("retention.cli.mark", date=destroy_on.isoformat())
            print(row, file=ctx.out)
    elif query_text.strip():
        print(t("cli.list.no_match", query=visible(query_text, keep_newlines=False)), file=ctx.err)
    else:
        print(t("cli.list.empty"), file=ctx.err)


def _list_matching(query_text: str, as_json: bool, ctx: CommandContext) -> int:
    # Parsed before the journal is opened: a mistyped query costs no passphrase prompt.
    months, today = configured_months(), date.today()
    query = parse_query(query_text, today, strict=True, retention_months=months)
    with ctx.open_journal() as journal:
        entries = find_entries(journal, query)
        due = len(due_in_journal(journal, months, today))
    _print_entries(entries, query_text, as_json, ctx, (months, today))
    if due:
        print(t("retention.cli.hint", count=due), file=ctx.err)
    return 0


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _list_matching(args.filter, args.json, ctx)


def run_search(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _list_matching(" ".join(args.text), args.json, ctx)


def run_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        entry = journal.get(args.id)
        revisions = journal.revisions(entry.id)
    if args.json:
        data = entry_json(entry)
        if args.revisions:
            data["revisions"] = [
                {"saved": r.saved.isoformat(), "entry": entry_json(r.entry)} for r in revisions
            ]
        print(dump_json(data), file=ctx.out)
    else:
        print(entry_text(entry, revisions if args.revisions else None), file=ctx.out)
    return 0
