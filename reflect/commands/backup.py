"""`reflect backup -o FILE` and `reflect restore FILE`: copies the user controls.

A backup is the journal as it is, still encrypted under the same passphrase: it can be kept
on a USB stick or in a synced folder without exposing anything. A restore asks before it
replaces anything (``--yes`` for scripts) and keeps the journal it replaces as a backup.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reflect.commands.base import CommandContext
from reflect.errors import UsageError
from reflect.i18n import t
from reflect.passphrase import read_passphrase
from reflect.sanitize import visible
from reflect.vault.restore import plan_restore, restore
from reflect.vault.storage import JournalLock, backup_path, existing_backups


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help=t("lifecycle.help.backup"))
    backup.add_argument("-o", "--output", metavar="FILE", required=True, type=Path)
    backup.add_argument("--overwrite", action="store_true", help=t("lifecycle.help.overwrite"))
    backup.set_defaults(handler=run_backup)
    restore_parser = sub.add_parser("restore", help=t("lifecycle.help.restore"))
    restore_parser.add_argument("file", metavar="FILE", type=Path)
    restore_parser.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    restore_parser.set_defaults(handler=run_restore)


def _shown(path: Path) -> str:
    return visible(str(path), keep_newlines=False)


def _journal_family(journal: Path) -> set[Path]:
    """The files reflect itself keeps beside the journal: never a backup target."""
    names = {journal, journal.with_name(journal.name + ".lock"), *existing_backups(journal)}
    names.add(backup_path(journal, 1))
    return {p.resolve() for p in names}


def run_backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    target: Path = args.output.expanduser()
    # Checked before the passphrase is asked: a refusal costs the user nothing.
    if target.resolve() in _journal_family(ctx.journal_path):
        raise UsageError(t("lifecycle.backup.is_journal", path=_shown(target)))
    if target.is_dir():
        raise UsageError(t("lifecycle.backup.is_folder", path=_shown(target)))
    if not target.parent.is_dir():
        raise UsageError(t("lifecycle.backup.no_folder", path=_shown(target.parent)))
    if target.exists() and not args.overwrite:
        raise UsageError(t("lifecycle.backup.exists", path=_shown(target)))
    with ctx.open_journal() as journal:
        journal.write_copy(target)
        count = len(journal.documents())
    print(t("lifecycle.backup.done", path=_shown(target), count=count), file=ctx.out)
    return 0


def run_restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    source: Path = args.file.expanduser()
    if not args.yes and not (sys.stdin is not None and sys.stdin.isatty()):
        raise UsageError(t("lifecycle.restore.needs_yes"))
    lock = JournalLock(ctx.journal_path)
    lock.acquire()
    try:
        plan = plan_restore(ctx.journal_path, source, read_passphrase())
        print(_summary(plan.entries, plan.current_entries, source), file=ctx.err)
        if plan.still_destroyed:
            print(t("lifecycle.restore.destroyed", count=plan.still_destroyed), file=ctx.err)
        if not args.yes:
            answer = input(t("lifecycle.restore.confirm"))
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                print(t("lifecycle.restore.kept"), file=ctx.err)
                return 1
        kept = restore(ctx.journal_path, plan)
    finally:
        lock.release()
    print(t("lifecycle.restore.done", count=plan.entries), file=ctx.out)
    if kept is not None:
        print(t("lifecycle.restore.kept_as", path=_shown(kept)), file=ctx.out)
    return 0


def _summary(entries: int, current: int | None, source: Path) -> str:
    if current is None:
        return t("lifecycle.restore.summary_unreadable", path=_shown(source), count=entries)
    return t("lifecycle.restore.summary", path=_shown(source), count=entries, current=current)
