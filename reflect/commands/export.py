"""`reflect export`: entries out of the journal, shaped for a meeting, checked for identifiers.

Order of work: check the arguments and the target file against the export policy
(:mod:`reflect.operations.exporting`: never in the journal's folder, an existing file only
with ``--overwrite``, a bare name in the export folder), so a refused target fails before
the slow de-identifier loads; read what is needed from the journal and close it (the lock is
not held while the de-identifier loads); build the document, check it, then — only if the
check passed, or ``--redact``/``--force`` say how to proceed — render and write. Exit code 6
when identifiers stop the export; each finding is printed with its context on stderr first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reflect.commands.base import CommandContext
from reflect.errors import IdentifiersFound, ReflectError, UsageError
from reflect.export import (
    FILE_ONLY_FORMATS,
    FORMATS,
    PreparedExport,
    export_bytes,
    prepare_export,
    resolve_template,
    template_names,
)
from reflect.export.templates import GROUPED_TEMPLATES, FiguresBuilder
from reflect.i18n import LANGUAGES, t
from reflect.model import parse_date, parse_status
from reflect.operations.clock import local_today, today_in, user_zone
from reflect.operations.exporting import (
    Material,
    check_target,
    default_export_folder,
    export_folder,
    finding_lines,
    read_material,
    remember_export,
    resolve_target,
    with_goals,
    write_checked,
)
from reflect.operations.query import Query, selection_query
from reflect.operations.settings import Settings, load_settings
from reflect.privacy import load_name_detector
from reflect.privacy.warmup import TerminalProgress
from reflect.sanitize import visible


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("export", help=t("export.help.export"))
    parser.add_argument("ids", nargs="*", metavar="ID", help=t("export.help.ids"))
    # No defaults here: an option not given falls back to the settings, which hold the
    # choices of the last export made (in the app or here) or those made in the app's
    # settings; without any, the supervision report (werkverslag) as Markdown.
    parser.add_argument("--format", choices=FORMATS, help=t("cli.help.export_format"))
    parser.add_argument(
        "--template",
        metavar="NAME",
        help=t("cli.help.export_template", names=", ".join(template_names())),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=t("cli.help.export_output"))
    parser.add_argument("--overwrite", action="store_true", help=t("cli.help.overwrite"))
    parser.add_argument("--redact", action="store_true", help=t("export.help.redact"))
    parser.add_argument("--force", action="store_true", help=t("export.help.force"))
    parser.add_argument("--filter", metavar="QUERY", default="", help=t("cli.help.export_filter"))
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
    parser.add_argument("--by-goal", action="store_true", help=t("goals.cli.help.by_goal"))
    parser.add_argument("--with-stats", action="store_true", help=t("export.help.with_stats"))
    # Also after the command (`reflect export ID --lang nl`): the language of the export
    # is the choice that matters most here. reflect.cli reads it before parsing; SUPPRESS
    # keeps this copy from overwriting the global option's value.
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("export.help.lang")
    )
    parser.set_defaults(handler=run)


def _query(args: argparse.Namespace) -> Query:
    """The selection: ``--filter`` plus the separate options, which mean what their query
    tokens mean (several ``--article``: any of them)."""
    return selection_query(
        text=args.filter,
        date_from=parse_date(args.date_from),
        date_to=parse_date(args.date_to),
        articles=args.article,
        statuses=[parse_status(args.status)] if args.status else (),
        today=local_today(),  # `due` in the user's time zone, as everywhere
        strict=True,
    )


def _target(args: argparse.Namespace, settings: Settings, ctx: CommandContext) -> Path | None:
    """The file to write (None: standard output), already checked against the policy."""
    target = resolve_target(args.output or "", export_folder(settings.export_folder))
    if target is not None:
        check_target(
            target,
            ctx.journal_path,
            overwrite=args.overwrite,
            default_folder=default_export_folder(),
        )
    return target


def _read(ctx: CommandContext, args: argparse.Namespace, query: Query, template: str) -> Material:
    with ctx.open_journal() as journal:
        material = read_material(journal, args.ids, query, with_revisions=template == "full")
        if args.by_goal:
            material = with_goals(journal, material)
    if not material.entries:
        raise ReflectError(t("export.error.nothing_selected"))
    return material


def _prepare(
    material: Material, template: str, args: argparse.Namespace, ctx: CommandContext
) -> PreparedExport:
    zone = user_zone()  # once: the export's date and the days and times it prints
    return prepare_export(
        material.entries,
        template=template,
        lang=ctx.lang,
        aliases=material.aliases,
        names=load_name_detector(on_build=TerminalProgress(ctx.err)),  # a first build: a bar
        redact=args.redact,
        revisions=material.revisions,
        period=material.period,
        generated=today_in(zone),
        goals=material.goals,
        figures=_figures() if args.with_stats else None,
        zone=zone,
    )


def _report_findings(prepared: PreparedExport, force: bool, ctx: CommandContext) -> None:
    """Each finding with its context on stderr; refuse (exit 6) unless ``force``."""
    blocking = prepared.blocking
    if blocking:
        for line in finding_lines(blocking, ctx.lang):  # inert: see finding_lines
            print(f"  {line}", file=ctx.err)
        if not force:
            raise IdentifiersFound(t("privacy.how_to_proceed", count=len(blocking)))
        print(t("privacy.forced", count=len(blocking)), file=ctx.err)
    if prepared.redacted and prepared.findings:
        print(t("privacy.redacted", count=len(prepared.findings)), file=ctx.err)


def _to_stdout(prepared: PreparedExport, fmt: str, force: bool, ctx: CommandContext) -> None:
    text = export_bytes(prepared, fmt, force=force).decode("utf-8")
    if ctx.out.isatty():
        # An export can hold escape sequences pasted into an entry; on a terminal they are
        # shown, not obeyed. Into a pipe or a file the text stays byte-exact.
        text = visible(text)
    ctx.out.write(text)
    ctx.out.flush()


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    settings = load_settings().settings
    template = resolve_template(args.template or settings.export_template)
    fmt = args.format or settings.export_format
    if args.by_goal and template not in GROUPED_TEMPLATES:
        raise UsageError(t("goals.error.by_goal_template", name=template))
    if args.with_stats and template != "reflectieverslag":
        raise UsageError(t("export.error.stats_template", template=template))
    if fmt in FILE_ONLY_FORMATS and not args.output:
        raise UsageError(t("export.error.needs_output", format=fmt.upper()))
    query = _query(args)
    target = _target(args, settings, ctx)
    material = _read(ctx, args, query, template)
    prepared = _prepare(material, template, args, ctx)
    _report_findings(prepared, args.force, ctx)
    if target is None:
        _to_stdout(prepared, fmt, args.force, ctx)
        remember_export(settings, template, fmt, None)
        return 0
    # Checked again: the file may have appeared while the de-identifier loaded.
    path = write_checked(
        prepared,
        fmt,
        target,
        ctx.journal_path,
        overwrite=args.overwrite,
        force=args.force,
        default_folder=default_export_folder(),
    )
    remember_export(settings, template, fmt, path)
    # The path is the user's to name, control characters included: printed inert.
    shown = visible(str(path), keep_newlines=False)
    print(t("export.written", path=shown, format=fmt, template=template), file=ctx.err)
    print(t("export.plaintext"), file=ctx.err)
    return 0


def _figures() -> FiguresBuilder:
    """The figures section's builder, imported only when asked for (it loads the catalogue)."""
    from reflect.operations.figures import figures_section

    return figures_section
