"""`reflect passwd`: a new passphrase, unlocking with the old one or the recovery code."""

from __future__ import annotations

import argparse

from reflect.commands.base import CommandContext
from reflect.i18n import t
from reflect.passphrase import read_new_passphrase, read_passphrase, read_recovery_code
from reflect.vault.journal import Journal


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("passwd", help=t("cli.help.passwd"))
    parser.add_argument("--recovery", action="store_true", help=t("cli.help.recovery"))
    parser.add_argument("--new-recovery-code", action="store_true", help=t("cli.help.new_recovery"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    secret = read_recovery_code if args.recovery else read_passphrase
    with Journal.open(ctx.journal_path, secret, recovery=args.recovery) as journal:
        if args.new_recovery_code and not args.recovery:
            code = journal.new_recovery_code()
            _show_recovery(code, ctx)
            return 0
        journal.change_passphrase(read_new_passphrase("REFLECT_NEW_PASSPHRASE"))
        print(t("cli.passwd.changed"), file=ctx.out)
        if args.recovery:
            # The old code has been typed and may have been seen: it is spent.
            _show_recovery(journal.new_recovery_code(), ctx)
    return 0


def _show_recovery(code: str, ctx: CommandContext) -> None:
    print(t("cli.init.recovery_intro"), file=ctx.out)
    print(code, file=ctx.out)
    print(t("cli.init.recovery_outro"), file=ctx.out)
