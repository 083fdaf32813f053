"""`reflect goals`: learning goals for supervision, and the entries linked to them.

``add`` makes a goal, ``list`` shows them with the number of linked entries, ``link`` and
``unlink`` tie entries to a goal, ``done`` closes a goal (``reopen`` opens it again),
``rename`` changes its words, ``remove`` deletes it (its entries stay). Goals and entries are
named by id or a unique prefix of four characters or more. The rules are
:mod:`reflect.operations.goals`.
"""

from __future__ import annotations

import argparse

from reflect.commands.base import CommandContext, dump_json
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.operations.clock import local_today  # the user's calendar day
from reflect.operations.goals import (
    Goal,
    add_goal,
    clean_goal_text,
    close_goal,
    goal_json,
    link_entries,
    list_goals,
    remove_goal,
    rename_goal,
    reopen_goal,
    unlink_entries,
)
from reflect.textout import one_line


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    goals = sub.add_parser("goals", help=t("goals.cli.help"))
    actions = goals.add_subparsers(dest="goals_command", metavar="ACTION", required=True)
    goals.set_defaults(handler=_usage)

    add = actions.add_parser("add", help=t("goals.cli.help.add"))
    add.add_argument("text", nargs="+", metavar="TEXT")
    add.add_argument("--json", action="store_true", help=t("cli.help.json"))
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help=t("goals.cli.help.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.help.json"))
    listing.set_defaults(handler=run_list)

    for name, handler in (("link", run_link), ("unlink", run_unlink)):
        command = actions.add_parser(name, help=t(f"goals.cli.help.{name}"))
        command.add_argument("goal", metavar="GOAL")
        command.add_argument("entries", nargs="+", metavar="ENTRY")
        command.set_defaults(handler=handler)

    for name, handler in (("done", run_done), ("reopen", run_reopen), ("remove", run_remove)):
        command = actions.add_parser(name, help=t(f"goals.cli.help.{name}"))
        command.add_argument("goal", metavar="GOAL")
        command.set_defaults(handler=handler)

    rename = actions.add_parser("rename", help=t("goals.cli.help.rename"))
    rename.add_argument("goal", metavar="GOAL")
    rename.add_argument("text", nargs="+", metavar="TEXT")
    rename.set_defaults(handler=run_rename)


def _usage(args: argparse.Namespace, ctx: CommandContext) -> int:
    raise UsageError(t("goals.cli.help"))


def goal_row(goal: Goal) -> str:
    """One line of `reflect goals list`: id, state, linked entries, the goal's words."""
    state = t("goals.state.open") if goal.is_open else t("goals.state.closed")
    count = t("goals.cli.entries", count=len(goal.entries))
    return f"{goal.id}  {state:<8} {count:<12} {one_line(goal.text, 60)}"


def _said(key: str, goal: Goal, ctx: CommandContext) -> int:
    print(t(key, id=goal.id, text=one_line(goal.text, 60), count=len(goal.entries)), file=ctx.out)
    return 0


def run_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    text = clean_goal_text(" ".join(args.text))  # refused before a passphrase is asked
    with ctx.open_journal() as journal:
        goal = add_goal(journal, text)
    if args.json:
        print(dump_json(goal_json(goal)), file=ctx.out)
        return 0
    return _said("goals.cli.added", goal, ctx)


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        goals = list_goals(journal)
    if args.json:
        print(dump_json([goal_json(g) for g in goals]), file=ctx.out)
    elif goals:
        for goal in goals:
            print(goal_row(goal), file=ctx.out)
    else:
        print(t("goals.cli.empty"), file=ctx.err)
    return 0


def run_link(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        goal = link_entries(journal, args.goal, args.entries)
    return _said("goals.cli.linked", goal, ctx)


def run_unlink(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        goal = unlink_entries(journal, args.goal, args.entries)
    return _said("goals.cli.linked", goal, ctx)


def run_done(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        goal = close_goal(journal, args.goal, local_today())
    return _said("goals.cli.closed", goal, ctx)


def run_reopen(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        goal = reopen_goal(journal, args.goal)
    return _said("goals.cli.reopened", goal, ctx)


def run_remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        goal = remove_goal(journal, args.goal)
    return _said("goals.cli.removed", goal, ctx)


def run_rename(args: argparse.Namespace, ctx: CommandContext) -> int:
    text = clean_goal_text(" ".join(args.text))
    with ctx.open_journal() as journal:
        goal = rename_goal(journal, args.goal, text)
    return _said("goals.cli.renamed", goal, ctx)
