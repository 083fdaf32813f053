"""`reflect meetings`: the reflection log for re-registration.

``add`` logs a meeting, ``list`` and ``summary`` show the log and its totals per form and
per registration period, ``remove`` takes a meeting out, ``period`` enters the registration
period (kept in the settings file), ``export`` writes the overview for the re-registration
file. Every rule is :mod:`reflect.operations.meetings`; this module parses and prints.
What can be checked without the journal is checked first: a typo costs no passphrase.
"""

from __future__ import annotations

import argparse
from datetime import date

from reflect.commands.base import CommandContext, dump_json
from reflect.errors import IdentifiersFound, ReflectError, UsageError
from reflect.i18n import t
from reflect.operations.clock import local_today  # the user's calendar day
from reflect.operations.meetings import (
    Meeting,
    MeetingInput,
    Registration,
    add_meeting,
    clean_code,
    code_looks_like_name,
    form_label,
    hours_text,
    in_range,
    list_meetings,
    load_registration,
    meeting_json,
    parse_day,
    parse_form,
    parse_hours,
    parse_registration,
    period_bounds,
    period_of,
    registration_json,
    remove_meeting,
    store_registration,
    summarize,
    summary_json,
    summary_lines,
)
from reflect.sanitize import visible


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    meetings = sub.add_parser("meetings", help=t("meetings.cli.help"))
    actions = meetings.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)
    meetings.set_defaults(handler=_usage)

    add = actions.add_parser("add", help=t("meetings.cli.help.add"))
    add.add_argument(
        "--date", required=True, metavar="YYYY-MM-DD", help=t("meetings.cli.help.date")
    )
    add.add_argument("--form", required=True, help=t("meetings.cli.help.form"))
    add.add_argument("--hours", required=True, help=t("meetings.cli.help.hours"))
    add.add_argument(
        "--with", dest="code", default="", metavar="CODE", help=t("meetings.cli.help.with")
    )
    add.add_argument(
        "--entry", action="extend", nargs="+", default=[], metavar="ID",
        help=t("meetings.cli.help.entry"),
    )  # fmt: skip
    add.add_argument("--json", action="store_true", help=t("cli.help.json"))
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help=t("meetings.cli.help.list"))
    listing.add_argument(
        "--period", type=int, metavar="N", help=t("meetings.cli.help.period_number")
    )
    listing.add_argument("--since", metavar="YYYY-MM-DD", help=t("meetings.cli.help.since"))
    listing.add_argument("--until", metavar="YYYY-MM-DD", help=t("meetings.cli.help.until"))
    listing.add_argument("--json", action="store_true", help=t("cli.help.json"))
    listing.set_defaults(handler=run_list)

    summary = actions.add_parser("summary", help=t("meetings.cli.help.summary"))
    summary.add_argument("--json", action="store_true", help=t("cli.help.json"))
    summary.set_defaults(handler=run_summary)

    remove = actions.add_parser("remove", help=t("meetings.cli.help.remove"))
    remove.add_argument("id")
    remove.set_defaults(handler=run_remove)

    period = actions.add_parser("period", help=t("meetings.cli.help.period"))
    period.add_argument("--start", metavar="YYYY-MM-DD", help=t("meetings.cli.help.start"))
    period.add_argument("--minimum", metavar="POINTS", help=t("meetings.cli.help.minimum"))
    period.add_argument("--json", action="store_true", help=t("cli.help.json"))
    period.set_defaults(handler=run_period)

    export = actions.add_parser("export", help=t("meetings.cli.help.export"))
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=t("meetings.cli.help.output")
    )
    export.add_argument("--format", choices=("md", "pdf"), help=t("meetings.cli.help.format"))
    export.add_argument(
        "--period", type=int, metavar="N", help=t("meetings.cli.help.period_number")
    )
    export.add_argument("--since", metavar="YYYY-MM-DD", help=t("meetings.cli.help.since"))
    export.add_argument("--until", metavar="YYYY-MM-DD", help=t("meetings.cli.help.until"))
    export.add_argument("--with-titles", action="store_true", help=t("meetings.cli.help.titles"))
    export.add_argument("--force", action="store_true", help=t("meetings.cli.help.force"))
    export.add_argument("--overwrite", action="store_true", help=t("cli.help.overwrite"))
    export.set_defaults(handler=run_export)


def _usage(args: argparse.Namespace, ctx: CommandContext) -> int:
    raise UsageError(t("meetings.cli.help"))


def meeting_row(meeting: Meeting) -> str:
    """One line of `reflect meetings list`: id, date, form, hours, code, entries brought in."""
    row = (
        f"{meeting.id}  {meeting.day.isoformat()}  {form_label(meeting.form):<30} "
        f"{hours_text(meeting.hours):>5}  {visible(meeting.code, keep_newlines=False)}"
    )
    if meeting.entries:
        row += "  [" + t("meetings.cli.entries", count=len(meeting.entries)) + "]"
    return row.rstrip()


def warn_code(code: str, ctx: CommandContext) -> None:
    if code_looks_like_name(code):
        print(t("meetings.warn.code_name", code=visible(code, keep_newlines=False)), file=ctx.err)


def run_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    today = local_today()
    # Checked before the journal is opened; add_meeting checks them again, with the entries.
    parse_day(args.date, today)
    parse_form(args.form)
    parse_hours(args.hours)
    code = clean_code(args.code)
    given = MeetingInput(args.date, args.form, args.hours, code, tuple(args.entry))
    with ctx.open_journal() as journal:
        meeting = add_meeting(journal, given, today)
    warn_code(code, ctx)
    if args.json:
        print(dump_json(meeting_json(meeting)), file=ctx.out)
    else:
        print(
            t(
                "meetings.cli.added",
                id=meeting.id,
                date=meeting.day.isoformat(),
                form=form_label(meeting.form),
                hours=hours_text(meeting.hours),
            ),
            file=ctx.out,
        )
    return 0


def _range(
    args: argparse.Namespace, registration: Registration | None, today: date
) -> tuple[date | None, date | None]:
    """The days ``list`` and ``export`` keep: a period's, or --since/--until's."""
    since, until = _date_option(args.since), _date_option(args.until)
    if args.period is None:
        return since, until
    if since or until:
        raise UsageError(t("meetings.error.period_or_range"))
    if registration is None:
        raise UsageError(t("meetings.error.no_period"))
    current = period_of(registration.start, today) or 1
    if not 1 <= args.period <= current:
        raise UsageError(t("meetings.error.no_such_period", number=args.period, current=current))
    return period_bounds(registration.start, args.period)


def _date_option(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(t("meetings.error.date", value=text)) from None


def run_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    today = local_today()
    since, until = _range(args, load_registration(), today)
    with ctx.open_journal() as journal:
        meetings = in_range(list_meetings(journal), since, until)
    if args.json:
        print(dump_json([meeting_json(m) for m in meetings]), file=ctx.out)
    elif meetings:
        for meeting in meetings:
            print(meeting_row(meeting), file=ctx.out)
    else:
        print(t("meetings.cli.empty"), file=ctx.err)
    return 0


def run_summary(args: argparse.Namespace, ctx: CommandContext) -> int:
    today = local_today()
    registration = load_registration()
    with ctx.open_journal() as journal:
        summary = summarize(list_meetings(journal), registration, today)
    if args.json:
        print(dump_json(summary_json(summary)), file=ctx.out)
    else:
        print("\n".join(summary_lines(summary)), file=ctx.out)
    return 0


def run_remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open_journal() as journal:
        meeting = remove_meeting(journal, args.id)
    print(
        t(
            "meetings.cli.removed",
            id=meeting.id,
            date=meeting.day.isoformat(),
            form=form_label(meeting.form),
        ),
        file=ctx.out,
    )
    return 0


def run_period(args: argparse.Namespace, ctx: CommandContext) -> int:
    """With --start: enter the period (no journal needed); without: show the one entered."""
    if args.start is None:
        if args.minimum is not None:
            raise UsageError(t("meetings.error.no_period"))
        registration = load_registration()
    else:
        registration = parse_registration(args.start, args.minimum, local_today())
        try:
            store_registration(registration)
        except ValueError as exc:
            raise ReflectError(t("meetings.error.settings", problem=str(exc))) from None
    if args.json:
        print(dump_json(registration_json(registration)), file=ctx.out)
    elif registration is None:
        print(t("meetings.cli.no_period"), file=ctx.out)
    elif registration.minimum is None:
        start = registration.start.isoformat()
        print(t("meetings.cli.period_set_no_minimum", start=start), file=ctx.out)
    else:
        print(
            t(
                "meetings.cli.period_set",
                start=registration.start.isoformat(),
                minimum=hours_text(registration.minimum),
            ),
            file=ctx.out,
        )
    return 0


def run_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    """The overview, through the export's policy for where a file may go and its
    identifier check (exit 6 when something is found, unless --force)."""
    from reflect.export import write_export
    from reflect.operations.exporting import (
        check_target,
        default_export_folder,
        export_folder,
        finding_lines,
        resolve_target,
    )
    from reflect.operations.overview import checked_overview
    from reflect.operations.settings import load_settings

    today = local_today()
    registration = load_registration()
    since, until = _range(args, registration, today)
    target = resolve_target(args.output, export_folder(load_settings().settings.export_folder))
    if target is None:
        raise UsageError(t("meetings.cli.help.output"))
    fmt = args.format or ("pdf" if target.suffix.lower() == ".pdf" else "md")
    folder = default_export_folder()
    # Checked before the passphrase is asked, and again just before writing.
    check_target(target, ctx.journal_path, overwrite=args.overwrite, default_folder=folder)
    with ctx.open_journal() as journal:
        every = list_meetings(journal)
        meetings = in_range(every, since, until)
        aliases = dict(journal.aliases())
        titles = None
        if args.with_titles:
            wanted = {e for m in meetings for e in m.entries}
            titles = {d["id"]: str(d.get("title") or "") for d in journal.documents()
                      if d["id"] in wanted}  # fmt: skip
    names = None
    if titles:  # titles can name people: the full check, with the de-identifier
        from reflect.privacy import load_name_detector
        from reflect.privacy.warmup import TerminalProgress

        names = load_name_detector(on_build=TerminalProgress(ctx.err))
    prepared = checked_overview(
        meetings,
        registration,
        lang=ctx.lang,
        today=today,
        aliases=aliases,
        names=names,
        every=every,
        titles=titles,
        since=since,
        until=until,
    )
    if prepared.blocking:
        for line in finding_lines(prepared.blocking, ctx.lang):
            print(f"  {line}", file=ctx.err)
        if not args.force:  # what this command offers: no --redact here
            raise IdentifiersFound(t("meetings.export.refused", count=len(prepared.blocking)))
        print(t("privacy.forced", count=len(prepared.blocking)), file=ctx.err)
    check_target(target, ctx.journal_path, overwrite=args.overwrite, default_folder=folder)
    path = write_export(prepared, fmt, target, force=args.force)
    print(t("meetings.cli.written", path=visible(str(path), keep_newlines=False)), file=ctx.out)
    print(t("export.plaintext"), file=ctx.err)
    return 0
