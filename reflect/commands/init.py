"""`reflect init`: create a journal and show its recovery code once."""

from __future__ import annotations

import argparse
import sys

from reflect.commands.base import CommandContext
from reflect.i18n import t
from reflect.passphrase import read_new_passphrase
from reflect.vault.journal import Journal
from reflect.vault.kdf import test_profile_active


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("init", help=t("cli.help.init"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if ctx.journal_path.exists():
        print(t("cli.init.exists", path=ctx.journal_path), file=ctx.err)
        return 1
    passphrase = read_new_passphrase("REFLECT_PASSPHRASE")
    if test_profile_active():
        print(t("cli.init.weak_kdf"), file=ctx.err)
    if sys.stdin is not None and sys.stdin.isatty():
        print(t("cli.init.deriving"), file=ctx.err)
    journal, recovery = Journal.create(ctx.journal_path, passphrase)
    journal.close()
    print(t("cli.init.created", path=ctx.journal_path), file=ctx.out)
    print(t("cli.init.recovery_intro"), file=ctx.out)
    print(recovery, file=ctx.out)
    print(t("cli.init.recovery_outro"), file=ctx.out)
    return 0
