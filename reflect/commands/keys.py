"""`reflect passwd`: a new passphrase, unlocking with the old one or the recovery code.

A new recovery code is shown *before* it replaces the old one: if showing it fails (a full
disk under a redirect, a closed pipe, a kill), the old code still works and nothing was
changed. Only when the code has been written out is its key slot installed, in the same save
as a new passphrase, and a last line says that it is active.
"""

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
            code, slot = journal.recovery_slot()
            _show_recovery(code, ctx)
            journal.install_slots(slot)
            print(t("cli.passwd.recovery_active"), file=ctx.out, flush=True)
            return 0
        passphrase = journal.passphrase_slot(read_new_passphrase("REFLECT_NEW_PASSPHRASE"))
        if not args.recovery:
            journal.install_slots(passphrase)
            print(t("cli.passwd.changed"), file=ctx.out)
            return 0
        # The old code has been typed and may have been seen: it is spent, in the same save
        # as the new passphrase, once its successor has been shown.
        code, recovery = journal.recovery_slot()
        _show_recovery(code, ctx)
        journal.install_slots(passphrase, recovery)
        print(t("cli.passwd.changed"), file=ctx.out)
        print(t("cli.passwd.recovery_active"), file=ctx.out, flush=True)
    return 0


def _show_recovery(code: str, ctx: CommandContext) -> None:
    """Write the code out and flush: an error here (ENOSPC, EPIPE) stops before any change."""
    print(t("cli.init.recovery_intro"), file=ctx.out)
    print(code, file=ctx.out)
    print(t("cli.init.recovery_outro"), file=ctx.out, flush=True)
