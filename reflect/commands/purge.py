"""`reflect retention` and `reflect purge`: when entries are to be destroyed, and destroying
them.

Two acts, two commands. ``retention CASE_CODE DATE`` gives every entry of a case its
delete-after date (the professional relationship with that client ended); ``purge`` destroys
every entry past its date — its revisions and every backup copy with it — after showing
which and asking (``--yes`` for scripts, ``--dry-run`` to only look). The rule of what is
due lives in :mod:`reflect.operations.retention`, shared with ``list`` and the app.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reflect.commands.base import CommandContext, dump_json
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.model import parse_date
from reflect.operations.clock import local_today, today_in, user_zone
from reflect.operations.retention import (
    Due,
    Purged,
    configured_months,
    destroy_due,
    due_in_journal,
    set_case_delete_after,
)
from reflect.sanitize import visible
from reflect.textout import one_line

_YES = ("y", "yes", "j", "ja")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retention = sub.add_parser("retention", help=t("retention.cli.help.retention"))
    retention.add_argument("case_code", metavar="CASE_CODE")
    retention.add_argument("date", metavar="YYYY-MM-DD", nargs="?")
    retention.add_argument("--clear", action="store_true", help=t("retention.cli.help.clear"))
    retention.set_defaults(handler=run_retention)

    purge = sub.add_parser("purge", help=t("retention.cli.help.purge"))
    purge.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    purge.add_argument("--dry-run", action="store_true", help=t("retention.cli.help.dry_run"))
    purge.add_argument("--json", action="store_true", help=t("cli.help.json"))
    purge.set_defaults(handler=run_purge)


def run_retention(args: argparse.Namespace, ctx: CommandContext) -> int:
    # Checked before the journal is opened: a typo costs no passphrase prompt.
    if args.clear == (args.date is not None):
        raise UsageError(t("retention.cli.error.date_or_clear"))
    when = None if args.clear else parse_date(args.date)
    if not args.clear and when is None:
        raise UsageError(t("retention.cli.error.date_or_clear"))
    with ctx.open_journal() as journal:
        changed = set_case_delete_after(journal, args.case_code, when)
    case = visible(args.case_code.strip(), keep_newlines=False)
    if when is None:
        print(t("retention.cli.cleared", count=len(changed), case=case), file=ctx.out)
    else:
        print(
            t("retention.cli.set", count=len(changed), case=case, date=when.isoformat()),
            file=ctx.out,
        )
        if when <= local_today():
            print(t("retention.cli.due_now"), file=ctx.err)
    return 0


def due_line(due: Due) -> str:
    """One line of the purge list: id, written, delete-after date, title (shown inert)."""
    title = one_line(due.title, 50) if due.title.strip() else t("cli.untitled")
    after = t("retention.cli.after", date=due.destroy_on.isoformat())
    return f"{due.entry_id}  {due.created.isoformat()}  {after}  {title}"


def _as_json(due: list[Due], purged: Purged | None, dry_run: bool) -> dict[str, Any]:
    return {
        "due": [
            {
                "id": d.entry_id,
                "created": d.created.isoformat(),
                "delete_after": d.destroy_on.isoformat(),
                "title": d.title,
            }
            for d in due
        ],
        "dry_run": dry_run,
        "destroyed": purged.entries if purged else 0,
        "backups_cleaned": purged.backups.cleaned if purged else 0,
        "backups_dropped": purged.backups.dropped if purged else 0,
    }


def _confirmed(count: int, ctx: CommandContext) -> bool:
    """Asked on the terminal (the question on stderr, so stdout stays the list)."""
    ctx.err.write(t("retention.cli.confirm", count=count))
    ctx.err.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in _YES


def run_purge(args: argparse.Namespace, ctx: CommandContext) -> int:
    on_terminal = sys.stdin is not None and sys.stdin.isatty()
    if not (args.yes or args.dry_run or on_terminal):
        # Refused before the journal is even opened: a script gets the same answer
        # whether or not something happens to be due today.
        raise UsageError(t("retention.cli.error.needs_yes"))
    months = configured_months()
    zone = user_zone()  # once: it decides today and the day each entry was written
    today = today_in(zone)  # the user's calendar day, as for every "due"
    purged: Purged | None = None
    with ctx.open_journal() as journal:
        due = due_in_journal(journal, months, today, zone=zone)
        if due and not args.json:
            print(t("retention.cli.listing", count=len(due)), file=ctx.err)
            for item in due:
                print(due_line(item), file=ctx.out)
        if due and not args.dry_run:
            if not args.yes and not _confirmed(len(due), ctx):
                print(t("retention.cli.kept"), file=ctx.err)
                return 1
            purged = destroy_due(journal, [d.entry_id for d in due], months, today, zone=zone)
    if args.json:
        print(dump_json(_as_json(due, purged, args.dry_run)), file=ctx.out)
    if not due:
        print(t("retention.cli.nothing_due"), file=ctx.err)
    elif purged is None:
        print(t("retention.cli.dry_run", count=len(due)), file=ctx.err)
    elif not args.json:
        print(t("retention.cli.destroyed", count=purged.entries), file=ctx.out)
        print(backups_line(purged), file=ctx.out)
    return 0


def backups_line(purged: Purged) -> str:
    """What happened to the backup copies, in one line."""
    cleaned, dropped = purged.backups.cleaned, purged.backups.dropped
    if not purged.backups.copies:
        return t("retention.cli.backups_none")
    text = t("retention.cli.backups_cleaned", count=cleaned)
    if dropped:
        text += " " + t("retention.cli.backups_dropped", count=dropped)
    return text
