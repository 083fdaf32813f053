"""`reflect similar ID`: the entries most like one entry, with what was decided in each.

The ranking is :mod:`reflect.operations.earlier`, the same the app's pane uses. The
similarity index is built in memory for this one run and never stored.
"""

from __future__ import annotations

import argparse
import textwrap

from reflect.commands.base import CommandContext, dump_json
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.operations.earlier import DEFAULT_LIMIT, Earlier, earlier_for_entry
from reflect.sanitize import visible
from reflect.textout import one_line

TITLE_WIDTH = 50
LINE_WIDTH = 78
DECISION_LINES = 3  # a long decision is cut after this many lines: `show ID` has it all
INDENT = "      "


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    similar = sub.add_parser("similar", help=t("similar.cli.help"))
    similar.add_argument("id", metavar="ID")
    similar.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help=t("similar.cli.limit")
    )
    similar.add_argument("--json", action="store_true", help=t("cli.help.json"))
    similar.set_defaults(handler=run_similar)


def run_similar(args: argparse.Namespace, ctx: CommandContext) -> int:
    # Checked before the journal is opened: a typo costs no passphrase prompt.
    if args.limit < 1:
        raise UsageError(t("similar.cli.bad_limit"))
    with ctx.open_journal() as journal:
        entry = journal.get(args.id)
        found = earlier_for_entry(journal, entry, limit=args.limit)
    if args.json:
        print(dump_json([e.to_json() for e in found]), file=ctx.out)
        return 0
    if not found:
        title = visible(" ".join(entry.title.split()), keep_newlines=False)
        print(t("similar.cli.none", id=entry.id, title=title), file=ctx.err)
        return 0
    print("\n\n".join(_block(e) for e in found), file=ctx.out)
    return 0


def _block(found: Earlier) -> str:
    """One found entry: id, date, status, likeness and title; then the decision and the
    first line of its reasons, each on a line of its own."""
    status = t(f"cli.status.{found.status}")
    title = one_line(found.title, TITLE_WIDTH) if found.title.strip() else t("cli.untitled")
    percent = f"{round(found.similarity * 100):>3}%"
    created = found.created.date().isoformat()
    lines = [f"{percent}  {found.entry_id}  {created}  {status:<10} {title}"]
    if found.shared_articles:
        numbers = ", ".join(f"{code} {number}" for code, number in found.shared_articles)
        lines.append(INDENT + t("similar.cli.shared", articles=visible(numbers)))
    decision = " ".join(visible(found.decision, keep_newlines=False).split())
    said = t("similar.cli.decision", text=decision or t("similar.none_decided"))
    lines += _wrapped(said, DECISION_LINES)
    reason = found.rationale_first_line
    if reason:
        lines += _wrapped(t("similar.cli.rationale", text=visible(reason)), 1)
    return "\n".join(lines)


def _wrapped(text: str, most: int) -> list[str]:
    return textwrap.wrap(
        text,
        LINE_WIDTH,
        initial_indent=INDENT,
        subsequent_indent=INDENT + "  ",
        max_lines=most,
        placeholder=" …",
    )
