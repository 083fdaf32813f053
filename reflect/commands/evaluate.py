"""`reflect evaluate ID`: look back on a decision and, if wanted, start the next cycle.

A thin face of :mod:`reflect.operations.evaluation`, which holds every rule (what can be
evaluated, the next follow-up date, the next cycle). An answer not given keeps what the
entry holds, so ``--learned`` alone adds to an evaluation written earlier. Everything is
checked that can be before the journal is opened: a mistyped date costs no passphrase.
"""

from __future__ import annotations

import argparse

from reflect.commands.base import CommandContext, dump_json
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.model import parse_date
from reflect.operations.clock import local_today
from reflect.operations.entry_input import entry_json
from reflect.operations.evaluation import check_next_follow_up, evaluate

# The three answers: the option's name and the entry field it writes.
_ANSWERS = (
    ("outcome", "evaluation_outcome"),
    ("again", "evaluation_again"),
    ("learned", "evaluation_learned"),
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("evaluate", help=t("evaluation.cli.help"))
    parser.add_argument("id")
    for option, _ in _ANSWERS:
        parser.add_argument(f"--{option}", metavar="TEXT", help=t(f"evaluation.cli.{option}"))
    parser.add_argument(
        "--next-follow-up", metavar="YYYY-MM-DD", help=t("evaluation.cli.next_follow_up")
    )
    parser.add_argument("--next-cycle", action="store_true", help=t("evaluation.cli.next_cycle"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.json"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    given = {field: getattr(args, option) for option, field in _ANSWERS}
    if all(value is None for value in given.values()):
        raise UsageError(t("evaluation.error.no_options"))
    next_follow_up = parse_date(args.next_follow_up)
    today = local_today()
    check_next_follow_up(next_follow_up, today)
    with ctx.open_journal() as journal:
        current = journal.get(args.id)
        outcome, again, learned = (
            getattr(current, field) if value is None else value for field, value in given.items()
        )
        done = evaluate(
            journal,
            current.id,
            outcome,
            again,
            learned,
            next_follow_up=next_follow_up,
            start_next=args.next_cycle,
            today=today,
        )
    if args.json:
        data = {
            "evaluated": entry_json(done.entry),
            "next": entry_json(done.next_entry) if done.next_entry else None,
        }
        print(dump_json(data), file=ctx.out)
        return 0
    print(t("evaluation.cli.done", id=done.entry.id), file=ctx.out)
    if done.next_entry is not None:
        print(t("evaluation.cli.next_started", id=done.next_entry.id), file=ctx.out)
    return 0
