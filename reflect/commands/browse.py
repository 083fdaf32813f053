"""`reflect list`, `search` and `show`: read the journal.

``list --filter QUERY`` and ``search QUERY`` are one selection: the entry query of
:mod:`reflect.operations.query`, the same the app's filter and the export use, parsed
strictly (a mistyped ``status:`` token is an error, not a word that matches nothing).
``list`` and ``search`` mark entries past their delete-after date and say on stderr how many
there are (``reflect purge`` destroys them; the rule is :mod:`reflect.operations.retention`).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from reflect.commands.base import CommandContext, dump_json
from reflect.i18n import t
from reflect.model import Entry, Status
from reflect.operations.clock import day_in, today_in, user_zone
from reflect.operations.entry_input import entry_json
from reflect.operations.query import find_documents, parse_query
from reflect.operations.retention import (
    configured_months,
    document_destroy_date,
    due_in_journal,
    is_due,
)
from reflect.sanitize import visible
from reflect.textout import entry_text, one_line


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


def document_row(doc: Mapping[str, Any], *, zone: tzinfo | None) -> str:
    """:func:`reflect.textout.entry_row` of a stored document, without building the Entry
    (at 10,000 rows that was most of a list's cost); a test holds the two to the same text.
    The date is the day it was written in ``zone`` (resolved once by the caller)."""
    status = t(f"cli.status.{Status(doc.get('status', Status.DRAFT.value)).value}")
    title = str(doc.get("title") or "") or t("cli.untitled")
    day = day_in(datetime.fromisoformat(doc["created"]), zone).isoformat()
    row = f"{doc['id']}  {day}  {status:<11} {one_line(title, 40)}"
    articles = doc.get("articles") or []
    if articles:
        row += f"  [{', '.join(str(int(a['number'])) for a in articles)}]"
    return row


def _print_entries(
    docs: list[Mapping[str, Any]],
    query_text: str,
    as_json: bool,
    ctx: CommandContext,
    retention: tuple[int, date],
    zone: tzinfo | None,
) -> None:
    if as_json:
        print(dump_json([entry_json(Entry.from_dict(dict(d))) for d in docs]), file=ctx.out)
    elif docs:
        months, today = retention
        for doc in docs:
            row = document_row(doc, zone=zone)
            destroy_on = document_destroy_date(doc, months, zone=zone)
            if destroy_on is not None and is_due(destroy_on, today):
                row += "  " + t("retention.cli.mark", date=destroy_on.isoformat())
            print(row, file=ctx.out)
    elif query_text.strip():
        print(t("cli.list.no_match", query=visible(query_text, keep_newlines=False)), file=ctx.err)
    else:
        print(t("cli.list.empty"), file=ctx.err)


def _list_matching(query_text: str, as_json: bool, ctx: CommandContext) -> int:
    # Parsed before the journal is opened: a mistyped query costs no passphrase prompt.
    # The user's zone, once: it decides today and the day each entry was written.
    zone = user_zone()
    months, today = configured_months(), today_in(zone)  # the user's calendar day
    query = parse_query(query_text, today, strict=True, retention_months=months)
    with ctx.open_journal() as journal:
        docs = find_documents(journal, query, zone=zone, listing=not as_json)
        due = len(due_in_journal(journal, months, today, zone=zone))
    _print_entries(docs, query_text, as_json, ctx, (months, today), zone)
    if due:
        print(t("retention.cli.hint", count=due), file=ctx.err)
    return 0


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _list_matching(args.filter, args.json, ctx)


def run_search(args: argparse.Namespace, ctx: CommandContext) -> int:
    return _list_matching(" ".join(args.text), args.json, ctx)


def run_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    # Imported here: `list` and `search` share this module and need neither.
    from reflect.operations.evaluation import follows_link, link_text
    from reflect.operations.links import links_lines, links_of

    with ctx.open_journal() as journal:
        entry = journal.get(args.id)
        revisions = journal.revisions(entry.id)
        link = follows_link(journal, entry)
        linked = links_of(journal, entry.id)  # meetings it was brought to, learning goals
    if args.json:
        data = entry_json(entry)
        if args.revisions:
            data["revisions"] = [
                {"saved": r.saved.isoformat(), "entry": entry_json(r.entry)} for r in revisions
            ]
        print(dump_json(data), file=ctx.out)
    else:
        zone = user_zone()  # the user's zone, once: created, updated and every revision
        shown = entry_text(entry, revisions if args.revisions else None, zone=zone)
        print(shown, file=ctx.out)
        if link is not None:  # the entry this one is the next cycle of (or that it is gone)
            print("\n" + visible(link_text(link), keep_newlines=False), file=ctx.out)
        if linked:
            lines = [visible(line, keep_newlines=False) for line in links_lines(linked)]
            print("\n" + "\n".join(lines), file=ctx.out)
    return 0
