"""`reflect export`: entries out of the journal, shaped for a meeting, checked for identifiers.

Order of work: read what is needed from the journal and close it (the lock is not held while
the de-identifier loads), build the document, check it, then — only if the check passed, or
``--redact``/``--force`` say how to proceed — render and write. Exit code 6 when identifiers
stop the export; each finding is printed with its context on stderr first.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from reflect.commands.base import CommandContext
from reflect.errors import IdentifiersFound, ReflectError, UsageError
from reflect.export import (
    DEFAULT_TEMPLATE,
    FORMATS,
    ExportWriteFailed,
    Selection,
    export_bytes,
    prepare_export,
    resolve_template,
    select_entries,
    template_names,
    write_atomic,
)
from reflect.i18n import t
from reflect.model import Entry, Revision, parse_date, parse_status
from reflect.privacy import load_name_detector, loaded_name_detector


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("export", help=t("export.help.export"))
    parser.add_argument("ids", nargs="*", metavar="ID", help=t("export.help.ids"))
    parser.add_argument("--format", choices=FORMATS, default="md", help=t("export.help.format"))
    parser.add_argument(
        "--template",
        default=DEFAULT_TEMPLATE,
        metavar="NAME",
        help=t("export.help.template", names=", ".join(template_names())),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=t("export.help.output"))
    parser.add_argument("--redact", action="store_true", help=t("export.help.redact"))
    parser.add_argument("--force", action="store_true", help=t("export.help.force"))
    parser.add_argument(
        "--from", dest="date_from", metavar="YYYY-MM-DD", help=t("export.help.from")
    )
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help=t("export.help.to"))
    parser.add_argument(
        "--article",
        action="append",
        type=int,
        default=[],
        metavar="N",
        help=t("export.help.article"),
    )
    parser.add_argument("--status", metavar="STATUS", help=t("export.help.status"))
    parser.set_defaults(handler=run)


def _selection(args: argparse.Namespace) -> Selection:
    return Selection(
        ids=tuple(args.ids),
        date_from=parse_date(args.date_from),
        date_to=parse_date(args.date_to),
        articles=tuple(args.article),
        status=parse_status(args.status) if args.status else None,
    )


def _read_journal(
    ctx: CommandContext, selection: Selection, want_revisions: bool
) -> tuple[list[Entry], dict[str, str], dict[str, list[Revision]]]:
    with ctx.open_journal() as journal:
        if selection.ids:
            entries = [journal.get(i) for i in selection.ids]
        else:
            entries = journal.list_entries()
        chosen = select_entries(
            entries,
            Selection(
                ids=tuple(e.id for e in entries) if selection.ids else (),
                date_from=selection.date_from,
                date_to=selection.date_to,
                articles=selection.articles,
                status=selection.status,
            ),
        )
        revisions = {e.id: journal.revisions(e.id) for e in chosen} if want_revisions else {}
        aliases = dict(journal.aliases())
    return chosen, aliases, revisions


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    template = resolve_template(args.template)
    if args.format == "pdf" and not args.output:
        raise UsageError(t("export.error.pdf_needs_output"))
    if args.output:
        folder = Path(args.output).expanduser().parent
        if not folder.is_dir():  # say so now, not after the de-identifier has loaded
            raise ExportWriteFailed(
                t("export.error.cannot_write", path=args.output, reason=f"no folder {folder}")
            )
    selection = _selection(args)
    entries, aliases, revisions = _read_journal(ctx, selection, template == "full")
    if not entries:
        raise ReflectError(t("export.error.nothing_selected"))

    if loaded_name_detector() is None:
        print(t("privacy.loading"), file=ctx.err, flush=True)
    names = load_name_detector()
    prepared = prepare_export(
        entries,
        template=template,
        lang=ctx.lang,
        aliases=aliases,
        names=names,
        redact=args.redact,
        revisions=revisions,
        period=selection.period,
        generated=date.today(),
    )
    blocking = prepared.remaining if prepared.redacted else prepared.findings
    if blocking:
        for finding in blocking:
            print(f"  {finding.describe(ctx.lang)}", file=ctx.err)
        if not args.force:
            raise IdentifiersFound(t("privacy.how_to_proceed", count=len(blocking)))
        print(t("privacy.forced", count=len(blocking)), file=ctx.err)
    if prepared.redacted and prepared.findings:
        print(t("privacy.redacted", count=len(prepared.findings)), file=ctx.err)

    data = export_bytes(prepared, args.format, force=args.force)
    if args.output:
        path = write_atomic(Path(args.output), data)
        print(t("export.written", path=path, format=args.format, template=template), file=ctx.err)
        print(t("export.plaintext"), file=ctx.err)
    else:
        ctx.out.write(data.decode("utf-8"))
        ctx.out.flush()
    return 0
