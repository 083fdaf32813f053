"""`reflect merge [FILE]`: merge a conflict copy that a sync tool left beside the journal.

Without FILE: every conflict copy beside the journal, and the newest backup when it is newer
than the journal (see :mod:`reflect.vault.sync`). Every copy is read and checked before
anything is written: a copy that is damaged, not a journal, or made with another passphrase
stops the command with one message, and no file is changed. On a terminal each copy's summary
is shown and confirmed (yes, no, or this one and all the others); scripts pass ``--yes``. The
chosen copies are merged in one save, and each conflict copy then moves into the backups.

Names of files are shown through :func:`reflect.sanitize.visible`: a sync tool puts a user
or computer name in them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from reflect.commands.base import CommandContext
from reflect.errors import JournalNotFound, UsageError
from reflect.i18n import t
from reflect.passphrase import read_passphrase
from reflect.sanitize import visible
from reflect.vault.journal import Journal
from reflect.vault.storage import require_journal_file
from reflect.vault.sync import (
    Copy,
    describe_copy,
    describe_report,
    merge_copies,
    newer_backup,
    preview,
    read_copy,
    sync_state,
)

_YES = ("y", "yes", "j", "ja")
_ALL = ("a", "all", "alle")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("merge", help=t("sync.help.merge"))
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help=t("sync.help.file"))
    parser.add_argument("--yes", action="store_true", help=t("cli.help.yes"))
    parser.set_defaults(handler=run)


def _say(text: str, stream: TextIO) -> None:
    print(visible(text, keep_newlines=False), file=stream)


def _sources(args: argparse.Namespace, ctx: CommandContext) -> list[Path]:
    if args.file is None:
        return sync_state(ctx.journal_path).sources
    file: Path = args.file
    if not file.is_file():
        raise JournalNotFound(t("sync.copy.missing", name=file))
    if file.resolve() == ctx.journal_path.resolve():
        raise UsageError(t("sync.copy.is_journal", name=file.name))
    return [file]


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    require_journal_file(ctx.journal_path)  # a clear "no journal" before anything else
    sources = _sources(args, ctx)
    if not sources:
        print(t("sync.merge.nothing"), file=ctx.out)
        return 0
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if not args.yes and not interactive:
        raise UsageError(t("sync.merge.needs_yes"))

    passphrase: list[str] = []

    def secret() -> str:
        passphrase.append(read_passphrase())
        return passphrase[0]

    with Journal.open(ctx.journal_path, secret) as journal:
        # Every copy is read before anything is asked or written: one that cannot be merged
        # stops here, with nothing changed.
        copies = [read_copy(journal, path, passphrase[0]) for path in sources]
        chosen = _choose(journal, copies, ctx, ask=not args.yes)
        if not chosen:
            print(t("sync.merge.declined"), file=ctx.err)
            return 1
        result = merge_copies(journal, chosen)
    kept = iter(result.kept)
    for item in chosen:
        name = item.path.name
        if not item.moves:
            _say(t("sync.merge.done_in_place", name=name), ctx.out)
        elif (backup := next(kept)) is not None:
            _say(t("sync.merge.done", name=name, backup=backup.name), ctx.out)
        else:
            _say(t("sync.merge.done_rotated", name=name), ctx.out)
    if result.backups_cleaned:
        print(t("sync.merge.cleaned", count=result.backups_cleaned), file=ctx.out)
    return 0


def _choose(journal: Journal, copies: list[Copy], ctx: CommandContext, *, ask: bool) -> list[Copy]:
    """Show what each copy adds (to the journal with the copies chosen before it) and, when
    ``ask``, let the user choose: yes, no, or this one and all after it."""
    chosen: list[Copy] = []
    for item in copies:
        _, reports = preview(journal, [*chosen, item])
        _say(describe_copy(item, newer_backup(ctx.journal_path)), ctx.out)
        if not item.same_key:
            _say(t("sync.merge.other_key"), ctx.out)
        for line in describe_report(reports[-1]):
            _say(f"  {line}", ctx.out)
        if ask:
            answer = input(t("sync.merge.confirm")).strip().lower()
            if answer in _ALL:
                ask = False
            elif answer not in _YES:
                _say(t("sync.merge.skipped", name=item.path.name), ctx.err)
                continue
        chosen.append(item)
    return chosen
