"""`reflect check`: verify the journal and its backups without changing anything.

File names, paths and why a file is damaged (which can quote what was read from it) are shown
through :func:`reflect.sanitize.visible`, never raw.
"""

from __future__ import annotations

import argparse

from reflect.commands.base import CommandContext
from reflect.errors import WrongPassphrase
from reflect.i18n import t
from reflect.passphrase import read_passphrase
from reflect.sanitize import visible
from reflect.vault.check import FileReport, Verdict, check_copies, check_journal
from reflect.vault.storage import existing_backups, missing_journal
from reflect.vault.sync import newer_backup


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("check", help=t("cli.help.check"))
    parser.set_defaults(handler=run)


def _describe(report: FileReport) -> str:
    if report.verdict is Verdict.OK:
        return t("cli.check.ok", count=report.entries, generation=report.generation)
    if report.verdict is Verdict.OTHER_PASSPHRASE:
        return t("cli.check.other_passphrase")
    if report.verdict is Verdict.MISSING:
        return t("cli.check.missing")
    return t("cli.check.damaged", detail=report.detail)


def _sync_notes(ctx: CommandContext, passphrase: str) -> None:
    """Conflict copies beside the journal, and a journal older than its newest backup: told,
    with the command that merges them (they do not change the exit code)."""
    copies = check_copies(ctx.journal_path, passphrase)
    for report in copies:
        line = f"{report.path.name}: {t('sync.check.copy', verdict=_describe(report))}"
        print(visible(line, keep_newlines=False), file=ctx.out)
    if copies:
        print(t("sync.check.copies_hint", count=len(copies)), file=ctx.err)
    newer = newer_backup(ctx.journal_path)
    if newer is not None:
        stale = t(
            "sync.check.stale",
            generation=newer.journal_generation,
            backup=newer.path.name,
            backup_generation=newer.generation,
        )
        print(visible(stale, keep_newlines=False), file=ctx.err)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not ctx.journal_path.exists() and not existing_backups(ctx.journal_path):
        raise missing_journal(ctx.journal_path)  # before asking for a passphrase
    passphrase = read_passphrase()
    reports = check_journal(ctx.journal_path, passphrase)
    for report in reports:
        line = f"{report.path.name}: {_describe(report)}"
        print(visible(line, keep_newlines=False), file=ctx.out)
    _sync_notes(ctx, passphrase)
    main, backups = reports[0], reports[1:]
    if main.verdict is Verdict.OK:
        damaged = [r for r in backups if r.verdict is Verdict.DAMAGED]
        if damaged:
            print(t("cli.check.backups_damaged", count=len(damaged)), file=ctx.err)
        return 0
    good = next((r for r in backups if r.verdict is Verdict.OK), None)
    if main.verdict is Verdict.OTHER_PASSPHRASE and good is None:
        raise WrongPassphrase(t("cli.check.wrong_passphrase"))
    if good is not None:
        hint = t("cli.check.restore_hint", backup=good.path, journal=main.path)
        print(visible(hint, keep_newlines=False), file=ctx.err)
    elif backups:
        print(t("cli.check.no_good_backup"), file=ctx.err)
    return 4
