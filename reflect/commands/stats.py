"""`reflect stats`: the journal's patterns — articles and core values that recur, entries per
month, methods, and how many dilemmas are open, decided and evaluated.

The figures come from :func:`reflect.operations.stats.compute_patterns`, the same function
the app's patterns screen (f6) uses; this module only prints them: a readable table with a
bar per figure, or with ``--json`` the object scripts read. Months are calendar months in
the user's time zone (:func:`reflect.operations.clock.user_zone`).
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence
from datetime import date

from reflect.catalog import Catalog
from reflect.commands.base import CommandContext, dump_json
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.model import parse_date
from reflect.operations.stats import Patterns, bar, compute_patterns, figure_rows, headline
from reflect.textout import one_line

LABEL_WIDTH = 48  # the widest label column; longer article headings are cut with "…"
BAR_WIDTH = 24  # cells for the largest count of a table
NOTE_WIDTH = 80  # a note under a table is wrapped to a terminal's width


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("stats", help=t("patterns.cli.help.stats"))
    parser.add_argument("--since", metavar="YYYY-MM-DD", help=t("patterns.cli.help.since"))
    parser.add_argument("--until", metavar="YYYY-MM-DD", help=t("patterns.cli.help.until"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.json"))
    parser.set_defaults(handler=run)


def _period(args: argparse.Namespace) -> tuple[date | None, date | None]:
    since, until = parse_date(args.since), parse_date(args.until)
    if since is not None and until is not None and since > until:
        raise UsageError(
            t("patterns.cli.error.since_after_until", since=since.isoformat(), until=until)
        )
    return since, until


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from reflect.catalog import load_catalog
    from reflect.operations.clock import user_zone

    # Checked before the journal is opened: a typo costs no passphrase prompt.
    since, until = _period(args)
    zone = user_zone()
    catalog = load_catalog()
    with ctx.open_journal() as journal:
        patterns = compute_patterns(journal.documents(), catalog, zone, since=since, until=until)
    if args.json:
        print(dump_json(patterns.to_json()), file=ctx.out)
    else:
        print("\n".join(plain_lines(patterns, catalog, ctx.lang)), file=ctx.out)
    return 0


def _table(rows: Sequence[tuple[str, int]]) -> list[str]:
    """``label  count  bar`` lines, the labels cut to one column, the bars to one scale."""
    if not rows:
        return []
    labels = [one_line(label, LABEL_WIDTH) for label, _ in rows]
    width = max(len(label) for label in labels)
    digits = max(len(str(count)) for _, count in rows)
    most = max(count for _, count in rows)
    lines = []
    for label, (_, count) in zip(labels, rows, strict=True):
        drawn = bar(count, most, BAR_WIDTH)
        lines.append(f"  {label.ljust(width)}  {str(count).rjust(digits)}  {drawn}".rstrip())
    return lines


def plain_lines(patterns: Patterns, catalog: Catalog | None, lang: str) -> list[str]:
    """The figures as `reflect stats` prints them: a heading and a table per figure."""
    lines = [headline(patterns, lang)]
    if not patterns.entries:
        return [*lines, t("patterns.empty", lang)]
    rows = figure_rows(patterns, catalog, lang)
    note = textwrap.wrap(
        t("patterns.values.note", lang), NOTE_WIDTH, initial_indent="  ", subsequent_indent="  "
    )
    sections = [
        (t("patterns.section.status", lang), _table(rows["status"])),
        (
            t("patterns.section.articles", lang),
            _table(rows["article"]) or ["  " + t("patterns.no_articles", lang)],
        ),
        (t("patterns.section.values", lang), [*_table(rows["value"]), *note]),
        (t("patterns.section.methods", lang), _table(rows["method"])),
        (t("patterns.section.months", lang), _table(rows["month"])),
    ]
    for heading, body in sections:
        lines += ["", heading, *body]
    return lines
