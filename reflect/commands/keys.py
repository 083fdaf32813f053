"""`reflect passwd`: a new passphrase, unlocking with the old one or the recovery code.

A new recovery code is shown *before* it replaces the old one: if showing it fails (a full
disk under a redirect, a closed pipe, a kill), the old code still works and nothing was
changed. On a terminal the user confirms by typing the code's last group; in a script, the
code written out and flushed is the confirmation. Only then is its key slot installed, in
the same save as a new passphrase, and a last line says that it is active.

Every key change also seals the backups again under the new slots (and, with ``--rekey``,
the new data key), so no copy opens the old way; the command says how many it rewrote.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from reflect.commands.base import CommandContext, report_backups
from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.passphrase import read_new_passphrase, read_passphrase, read_recovery_code
from reflect.vault.backups import Cleaned
from reflect.vault.journal import Journal
from reflect.vault.kdf import KdfParams, raised

CONFIRM_ATTEMPTS = 3


class RecoveryNotConfirmed(ReflectError):
    """The user did not confirm that they saved the new code: nothing was changed."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("passwd", help=t("cli.help.passwd"))
    parser.add_argument("--recovery", action="store_true", help=t("cli.help.recovery"))
    parser.add_argument("--new-recovery-code", action="store_true", help=t("cli.help.new_recovery"))
    parser.add_argument("--rekey", action="store_true", help=t("lifecycle.help.rekey"))
    parser.add_argument(
        "--kdf-memory", type=int, metavar="MIB", help=t("lifecycle.help.kdf_memory")
    )
    parser.add_argument(
        "--kdf-iterations", type=int, metavar="N", help=t("lifecycle.help.kdf_iterations")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    secret = read_recovery_code if args.recovery else read_passphrase
    with Journal.open(ctx.journal_path, secret, recovery=args.recovery) as journal:
        kdf = _asked_kdf(args, journal)
        if args.new_recovery_code and not (args.recovery or args.rekey or kdf):
            code, slot = journal.recovery_slot()
            _show_recovery(code, ctx)
            cleaned = journal.install_slots(slot)
            _report(cleaned, ctx)
            print(t("cli.passwd.recovery_active"), file=ctx.out, flush=True)
            return 0
        new_passphrase = read_new_passphrase("REFLECT_NEW_PASSPHRASE")
        new_key = journal.new_data_key() if args.rekey else None
        passphrase = journal.passphrase_slot(new_passphrase, kdf, data_key=new_key)
        if not (args.recovery or args.rekey or args.new_recovery_code):
            cleaned = journal.install_slots(passphrase)
            print(t("cli.passwd.changed"), file=ctx.out)
            _report(cleaned, ctx)
            return 0
        # A new recovery code: after --recovery the old one has been typed and may have been
        # seen, after --rekey it wraps a key that is being retired. Either way it is replaced
        # in the same save as the passphrase, once its successor has been shown.
        code, recovery = journal.recovery_slot(data_key=new_key)
        _show_recovery(code, ctx)
        cleaned = journal.install_slots(passphrase, recovery, data_key=new_key)
        print(t("cli.passwd.rekeyed" if args.rekey else "cli.passwd.changed"), file=ctx.out)
        _report(cleaned, ctx)
        print(t("cli.passwd.recovery_active"), file=ctx.out, flush=True)
    return 0


def _asked_kdf(args: argparse.Namespace, journal: Journal) -> KdfParams | None:
    if args.kdf_memory is None and args.kdf_iterations is None:
        return None
    return raised(journal.kdf_params(), args.kdf_memory, args.kdf_iterations)


def _report(cleaned: Cleaned, ctx: CommandContext) -> None:
    report_backups(cleaned, ctx.out, resealed=True)


def _show_recovery(code: str, ctx: CommandContext) -> None:
    """Write the code out and flush: an error here (ENOSPC, EPIPE) stops before any change.
    On a terminal, the user then types the code's last group to show it was saved."""
    print(t("cli.init.recovery_intro"), file=ctx.out)
    print(code, file=ctx.out)
    print(t("cli.init.recovery_outro"), file=ctx.out, flush=True)
    if _is_terminal(ctx.out) and sys.stdin is not None and sys.stdin.isatty():
        confirm_recovery(code, input, ctx.err)


def confirm_recovery(code: str, ask: Callable[[str], str], err: TextIO) -> None:
    """Ask for the last group of ``code`` until it is typed right; after
    :data:`CONFIRM_ATTEMPTS` wrong answers, stop with nothing changed."""
    last = code.rsplit("-", 1)[-1].upper()
    for _ in range(CONFIRM_ATTEMPTS):
        answer = str(ask(t("lifecycle.recovery.confirm", length=len(last))))
        if answer.strip().replace("-", "").upper() == last:
            return
        print(t("lifecycle.recovery.mismatch"), file=err)
    raise RecoveryNotConfirmed(t("lifecycle.recovery.not_confirmed"))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
