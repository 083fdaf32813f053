"""`reflect list`, `search` and `show`: read the journal."""

from __future__ import annotations

import argparse
import json
from typing import Any

from reflect.commands.base import CommandContext
from reflect.i18n import t
from reflect.model import Entry
from reflect.textout import entry_row, entry_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = sub.add_parser("list", help=t("cli.help.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.help.json"))
    listing.set_defaults(handler=run_list)

    search = sub.add_parser("search", help=t("cli.help.search"))
    search.add_argument("text")
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


def _print_entries(entries: list[Entry], as_json: bool, ctx: CommandContext) -> None:
    if as_json:
        print(dump_json([e.to_dict() for e in entries]), file=ctx.out)
    elif not entries:
        print(t("cli.list.empty"), file=ctx.err)
    else:
        for entry in entries:
            print(entry_row(entry), file=ctx.out)


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        _print_entries(journal.list_entries(), args.json, ctx)
    return 0


def run_search(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        _print_entries(journal.search(args.text), args.json, ctx)
    return 0


def run_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        entry = journal.get(args.id)
        revisions = journal.revisions(entry.id)
    if args.json:
        data = entry.to_dict()
        if args.revisions:
            data["revisions"] = [
                {"saved": r.saved.isoformat(), "entry": r.entry.to_dict()} for r in revisions
            ]
        print(dump_json(data), file=ctx.out)
    else:
        print(entry_text(entry, revisions if args.revisions else None), file=ctx.out)
    return 0
