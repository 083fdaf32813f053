"""`reflect alias list|add|remove`: the per-journal table of real names and their pseudonyms.

Real names are never command-line arguments — they would land in the shell history and be
visible in the process list. ``add`` asks for the real name on the terminal, or reads the
first line of standard input when it is piped; ``remove`` works by pseudonym.
The table lives inside the encrypted journal.

Names and pseudonyms are cleaned of control characters on the way in and shown through
:func:`reflect.sanitize.visible` on the way out: a table saved by an older version (or edited
elsewhere) may still hold escape sequences.
"""

from __future__ import annotations

import argparse
import sys

from reflect.commands.base import CommandContext
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.sanitize import clean_input, visible


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("alias", help=t("privacy.help.alias"))
    actions = parser.add_subparsers(dest="alias_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=t("privacy.help.alias_list"))
    listing.set_defaults(handler=run_list)
    add = actions.add_parser("add", help=t("privacy.help.alias_add"))
    add.add_argument("pseudonym", help=t("privacy.help.pseudonym"))
    add.set_defaults(handler=run_add)
    remove = actions.add_parser("remove", help=t("privacy.help.alias_remove"))
    remove.add_argument("pseudonym", help=t("privacy.help.pseudonym"))
    remove.set_defaults(handler=run_remove)
    parser.set_defaults(handler=run_list)


def read_real_name(ctx: CommandContext) -> str:
    """The real name from a prompt on a terminal, else the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        print(t("privacy.alias.prompt_real"), end="", file=ctx.err, flush=True)
        name = sys.stdin.readline()
    else:
        name = sys.stdin.readline() if sys.stdin is not None else ""
    name = clean_input(name, multiline=False).strip()
    if not name:
        raise UsageError(t("privacy.alias.no_name"))
    return name


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        aliases = journal.aliases()
    if not aliases:
        print(t("privacy.alias.empty"), file=ctx.err)
        return 0
    shown = sorted(
        (
            (visible(real, keep_newlines=False), visible(pseudonym, keep_newlines=False))
            for real, pseudonym in aliases.items()
        ),
        key=lambda pair: pair[0].casefold(),
    )
    width = max(len(real) for real, _ in shown)  # measured on what is printed
    for real, pseudonym in shown:
        print(f"{real:<{width}}  →  {pseudonym}", file=ctx.out)
    return 0


def run_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    pseudonym = clean_input(args.pseudonym, multiline=False).strip()
    if not pseudonym:
        raise UsageError(t("privacy.alias.no_name"))
    with ctx.open_journal() as journal:
        real = read_real_name(ctx)
        journal.set_alias(real, pseudonym)
    shown = visible(pseudonym, keep_newlines=False)  # bidi controls are kept on input
    print(t("privacy.alias.added", pseudonym=shown), file=ctx.err)
    return 0


def run_remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    pseudonym = args.pseudonym.strip()
    with ctx.open_journal() as journal:
        names = [real for real, alias in journal.aliases().items() if alias == pseudonym]
        if not names:
            raise UsageError(t("privacy.alias.not_found", pseudonym=pseudonym))
        for real in names:
            journal.remove_alias(real)
    shown = visible(pseudonym, keep_newlines=False)
    print(t("privacy.alias.removed", count=len(names), pseudonym=shown), file=ctx.err)
    return 0
