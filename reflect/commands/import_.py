"""`reflect import FILE`: bring entries in from reflect's own JSON or from jrnl's JSON export.

A thin face of :mod:`reflect.operations.importing`, which holds every rule (formats, mapping,
checks, duplicates). The order matters to the user:

1. the file is read and every record checked *before* the journal is opened: a broken file
   costs no passphrase prompt, and without ``--skip-bad`` one bad record means nothing is
   imported (exit 2, each problem with its line);
2. the journal is opened, records it already has are left out (a second run adds nothing);
3. everything else is added in one save, or — with ``--dry-run`` — only counted.

A progress bar is drawn on stderr when stderr is a terminal; the summary goes to stdout (or,
with ``--json``, a JSON object there). Problems quote the file, so they are shown inert.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from reflect.commands.base import CommandContext
from reflect.i18n import t

if TYPE_CHECKING:
    from reflect.operations.importing import Built, ImportPlan, Note, Problem, Skipped

#: At most this many problems (and notes) are listed; the rest are counted.
SHOWN = 20
#: At most this many places are named per reason a record was skipped.
PLACES_SHOWN = 10
STDIN = "-"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import", help=t("importing.help.import"), description=t("importing.help.description")
    )
    parser.add_argument("file", metavar="FILE", help=t("importing.help.file"))
    parser.add_argument("--skip-bad", action="store_true", help=t("importing.help.skip_bad"))
    parser.add_argument("--dry-run", action="store_true", help=t("importing.help.dry_run"))
    # No default here: the catalogue is not imported to build the parser.
    parser.add_argument("--code", help=t("cli.help.code"))
    parser.add_argument("--json", action="store_true", help=t("cli.help.json"))
    parser.set_defaults(handler=run_import)


def _read_input(name: str) -> bytes:
    """The file's bytes; ``-`` is standard input."""
    if name != STDIN:
        with open(name, "rb") as handle:
            return handle.read()
    binary = getattr(sys.stdin, "buffer", None)
    if binary is not None:
        data: bytes = binary.read()
        return data
    return sys.stdin.read().encode("utf-8", errors="surrogateescape")


class Progress:
    """A bar on stderr while records are checked, when stderr is a terminal; nothing
    otherwise (a script's stderr stays clean)."""

    WIDTH = 24
    EVERY = 250

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        try:
            self.tty = stream.isatty()
        except (OSError, ValueError, AttributeError):
            self.tty = False
        self._last = ""
        self._step = (-1, -1)

    def record(self, done: int, fraction: float) -> None:
        if not self.tty:
            return
        step = (int(fraction * 100), done // self.EVERY)
        if step == self._step:  # redrawn at each percent and every EVERY records, no more
            return
        self._step = step
        filled = int(min(fraction, 1.0) * self.WIDTH)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        line = t("importing.progress.reading", bar=bar, percent=int(fraction * 100), count=done)
        if line != self._last:
            self._write("\r\x1b[K" + line)
            self._last = line

    def saving(self, count: int) -> None:
        if self.tty:
            self._write("\r\x1b[K" + t("importing.progress.saving", count=count))
            self._last = "saving"

    def clear(self) -> None:
        if self.tty and self._last:
            self._write("\r\x1b[K")
            self._last = ""

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.stream.write(text)
            self.stream.flush()


def run_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from reflect.catalog import DEFAULT_CODE, load_catalog
    from reflect.operations import importing
    from reflect.vault.storage import require_journal_file

    require_journal_file(ctx.journal_path)  # "no journal" before the file is even read
    code = args.code or DEFAULT_CODE
    text = importing.decode_input(_read_input(args.file))
    progress = Progress(ctx.err)
    try:
        built = importing.build_entries(
            importing.read_records(text),
            load_catalog(),
            code,
            progress.record,
        )
    finally:
        progress.clear()
    del text
    if built.problems and not args.skip_bad:
        return _refuse(built, args, ctx)
    if built.candidates:
        with ctx.open_journal() as journal:
            plan = importing.plan_import(built, journal)
            if plan.entries and not args.dry_run:
                progress.saving(len(plan.entries))
                try:
                    importing.add_entries(journal, plan.entries)
                finally:
                    progress.clear()
    else:  # nothing to add (an empty file, or every record empty or bad): no passphrase
        plan = importing.ImportPlan([], built.skipped, built.problems, [], built.records)
    if args.json:
        _print_json(plan, args.dry_run, ctx.out)
    else:
        _print_summary(plan, args.dry_run, code, ctx.out)
    return 0


def _refuse(built: Built, args: argparse.Namespace, ctx: CommandContext) -> int:
    """Nothing imported: say which records are bad and where (exit 2, the usage code)."""
    count = len(built.problems)
    if args.json:
        from reflect.commands.base import dump_json

        data = {
            "dry_run": args.dry_run,
            "imported": 0,
            "ids": [],
            "skipped": [],
            "errors": [_problem_json(p) for p in built.problems],
            "notes": [],
        }
        print(dump_json(data), file=ctx.out)
    prefix = f"reflect: {t('cli.error.prefix')}: "
    print(prefix + t("importing.refused", count=count, records=built.records), file=ctx.err)
    _print_problems(built.problems, ctx.err)
    print(t("importing.refused_hint"), file=ctx.err)
    return 2


def _print_problems(problems: list[Problem], out: TextIO) -> None:
    for problem in problems[:SHOWN]:
        print(f"  {problem}", file=out)
    if len(problems) > SHOWN:
        print("  " + t("importing.more", count=len(problems) - SHOWN), file=out)


def _places(items: Iterable[Skipped]) -> str:
    listed = [
        f"{item.where} ({t('importing.same_as', where=item.same_as)})"
        if item.same_as
        else str(item.where)
        for item in items
    ]
    shown = ", ".join(listed[:PLACES_SHOWN])
    return shown + (", …" if len(listed) > PLACES_SHOWN else "")


def _print_summary(plan: ImportPlan, dry_run: bool, code: str, out: TextIO) -> None:
    from reflect.operations.importing import count_by_reason

    if not plan.records:
        print(t("importing.summary.no_records"), file=out)
        return
    key = "importing.summary.would_import" if dry_run else "importing.summary.imported"
    print(t(key, count=len(plan.entries)), file=out)
    groups = count_by_reason(plan.skipped)
    if groups:
        print(t("importing.summary.skipped", count=len(plan.skipped)), file=out)
        for reason, items in groups.items():
            what = t(f"importing.skip.{reason.value}", count=len(items))
            print(f"  {what}: {_places(items)}", file=out)
    if plan.problems:
        print(t("importing.summary.bad", count=len(plan.problems)), file=out)
        _print_problems(plan.problems, out)
    _print_notes(plan.notes, code, out)


def _print_notes(notes: list[Note], code: str, out: TextIO) -> None:
    from reflect.operations.importing import NoteKind
    from reflect.sanitize import visible

    if not notes:
        return
    print(t("importing.summary.notes"), file=out)
    tags = [n for n in notes if n.kind is NoteKind.NOT_ARTICLE]
    for note in tags[:SHOWN]:
        tag = visible(note.detail, keep_newlines=False)
        said = t("importing.note.not_article", tag=tag, code=visible(code, keep_newlines=False))
        print(f"  {note.where}: {said}", file=out)
    if len(tags) > SHOWN:
        print("  " + t("importing.more", count=len(tags) - SHOWN), file=out)
    for kind in (NoteKind.REVISIONS, NoteKind.STARRED):
        count = sum(1 for n in notes if n.kind is kind)
        if count:
            print("  " + t(f"importing.note.{kind.value}", count=count), file=out)


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {**problem.where.to_json(), "message": problem.message}


def _print_json(plan: ImportPlan, dry_run: bool, out: TextIO) -> None:
    from reflect.commands.base import dump_json

    data = {
        "dry_run": dry_run,
        "imported": len(plan.entries),
        "ids": [e.id for e in plan.entries],
        "skipped": [
            {
                **s.where.to_json(),
                "reason": s.reason.value,
                "id": s.entry_id or None,
                "same_as": s.same_as.to_json() if s.same_as else None,
            }
            for s in plan.skipped
        ],
        "errors": [_problem_json(p) for p in plan.problems],
        "notes": [
            {**n.where.to_json(), "kind": n.kind.value, "tag": n.detail or None}
            for n in plan.notes
        ],
    }
    print(dump_json(data), file=out)
