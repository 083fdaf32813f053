"""The reflection log: meetings (supervision, intervision…) counted for re-registration.

Registers such as Registerplein count reflection in points, one net hour a point, against a
minimum per five-year period that each register sets (DESIGN.md, "Reflection log"; the
research notes in ``research/methods.md`` give no register's rules, so none is built in).
The user enters the period's start and the minimum; with no minimum the totals stand
without a verdict. Periods are consecutive five-year spans from the start date.

A meeting is a record of the journal's ``meetings`` table (shape in docs/FORMAT.md). Every
rule a user can meet — what a valid meeting is, which period a day falls in, the totals —
lives here, for the CLI and the app alike. Validation happens before anything is stored:
a refused meeting leaves the journal as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from reflect.errors import EntryNotFound, UsageError
from reflect.i18n import current_language, t
from reflect.model import match_entry_id, new_entry_id, now_utc
from reflect.operations.records import readable
from reflect.operations.settings import Settings, load_settings, save_registration
from reflect.sanitize import clean_input
from reflect.vault.journal import MEETINGS, Journal

# The forms of reflection the issue names; the ids are stored, the labels translated.
FORMS = (
    "supervisie",
    "intervisie",
    "casuistiekbespreking",
    "werkgerichte-coaching",
    "mentorschap",
    "collegiale-consultatie",
    "werkbegeleiding",
)
MAX_HOURS = Decimal(24)  # net hours of one meeting: more than a day is a typo
PERIOD_YEARS = 5
# Hours in five years: a minimum above it cannot be reached by anyone (a typo, not a rule).
MAX_MINIMUM = Decimal(5 * 366 * 24)
MAX_CODE = 40
_NAME_WORD = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ]{2,}$")


@dataclass(frozen=True)
class Meeting:
    """One reflection meeting: when, what form, how many net hours, with whom (a code),
    and the journal entries brought in."""

    id: str
    day: date
    form: str
    hours: Decimal
    code: str = ""
    entries: tuple[str, ...] = ()
    created: str = ""  # ISO time the record was made (orders meetings of one day)

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "form": self.form,
            "hours": float(self.hours),
            "code": self.code,
            "entries": list(self.entries),
            "created": self.created,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Meeting:
        return cls(
            id=str(record["id"]),
            day=date.fromisoformat(str(record["date"])),
            form=str(record.get("form", "")),
            hours=_decimal(record.get("hours", 0)),
            code=str(record.get("code") or ""),
            entries=tuple(str(e) for e in record.get("entries") or ()),
            created=str(record.get("created") or ""),
        )


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return Decimal(0)


def form_label(form: str, lang: str | None = None) -> str:
    return t(f"meetings.form.{form}", lang)


def parse_form(text: str) -> str:
    """A form by its id or its Dutch or English label, in any case."""
    wanted = " ".join(text.strip().lower().split())
    for form in FORMS:
        names = {form, form_label(form, "nl").lower(), form_label(form, "en").lower()}
        if wanted in names or wanted.replace(" ", "-") == form:
            return form
    raise UsageError(t("meetings.error.form", value=text, allowed=", ".join(FORMS)))


def parse_hours(text: str | float) -> Decimal:
    """Net hours, more than 0 and at most 24, to the hundredth; a Dutch comma is fine."""
    raw = str(text).strip().replace(",", ".")
    try:
        hours = Decimal(raw)
    except InvalidOperation:
        raise UsageError(t("meetings.error.hours", value=text)) from None
    if not hours.is_finite() or not Decimal(0) < hours <= MAX_HOURS:
        raise UsageError(t("meetings.error.hours", value=text))
    if hours != hours.quantize(Decimal("0.01")):
        raise UsageError(t("meetings.error.hours", value=text))
    return hours.quantize(Decimal("0.01"))


def parse_day(text: str, today: date) -> date:
    """A meeting's date: a real date (YYYY-MM-DD), not after today."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(t("meetings.error.date", value=text)) from None
    if day > today:
        raise UsageError(t("meetings.error.future", date=day.isoformat()))
    return day


def clean_code(text: str) -> str:
    """The group or supervisor as a code: one line, short, without escape sequences or
    control characters (the command line's text as the app's)."""
    code = " ".join(clean_input(text, multiline=False).split())
    if len(code) > MAX_CODE:
        raise UsageError(t("meetings.error.code_long", max=MAX_CODE))
    return code


def code_looks_like_name(code: str) -> bool:
    """A code written as a name ("Marieke", "Jan de Vries"): warned about, not refused —
    the code stands for a person and the log can leave the machine."""
    return any(_NAME_WORD.match(word) for word in code.split())


def match_entries(journal: Journal, refs: Iterable[str]) -> tuple[str, ...]:
    """Full entry ids for typed ids or unique prefixes, each once, in the order given."""
    known = {e["id"] for e in journal.documents()}
    found: list[str] = []
    for ref in refs:
        entry_id = match_entry_id(known, ref)
        if entry_id not in found:
            found.append(entry_id)
    return tuple(found)


@dataclass(frozen=True)
class MeetingInput:
    """What a person typed for a meeting, as text (the CLI's options, the app's form)."""

    day: str
    form: str
    hours: str
    code: str = ""
    entries: Sequence[str] = field(default_factory=tuple)


def build_meeting(journal: Journal, given: MeetingInput, today: date) -> Meeting:
    """A checked meeting, not yet stored (every refusal is a UsageError)."""
    return Meeting(
        id=new_entry_id(),
        day=parse_day(given.day, today),
        form=parse_form(given.form),
        hours=parse_hours(given.hours),
        code=clean_code(given.code),
        entries=match_entries(journal, given.entries),
        created=now_utc().isoformat(),
    )


def add_meeting(journal: Journal, given: MeetingInput, today: date) -> Meeting:
    meeting = build_meeting(journal, given, today)
    journal.put_record(MEETINGS, meeting.to_record())
    return meeting


def list_meetings(journal: Journal) -> list[Meeting]:
    """Every meeting, oldest first."""
    meetings = readable(journal.records(MEETINGS), Meeting.from_record)
    return sorted(meetings, key=lambda m: (m.day, m.created, m.id))


def find_meeting(journal: Journal, ref: str) -> Meeting:
    meetings = {m.id: m for m in list_meetings(journal)}
    try:
        return meetings[match_entry_id(meetings, ref)]
    except EntryNotFound:
        raise UsageError(t("meetings.error.unknown", id=ref)) from None


def remove_meeting(journal: Journal, ref: str) -> Meeting:
    meeting = find_meeting(journal, ref)
    journal.remove_record(MEETINGS, meeting.id)
    return meeting


# ---- registration periods ------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    """The user's registration period: its start, and the minimum points per period the
    register asks (None: not entered; the totals then carry no verdict)."""

    start: date
    minimum: Decimal | None = None


def parse_registration(start: str, minimum: str | None, today: date) -> Registration:
    try:
        day = date.fromisoformat(start.strip())
    except ValueError:
        raise UsageError(t("meetings.error.date", value=start)) from None
    if day > today:
        raise UsageError(t("meetings.error.start_future", date=day.isoformat()))
    if minimum is None or not minimum.strip():
        return Registration(day)
    try:
        points = Decimal(minimum.strip().replace(",", "."))
    except InvalidOperation:
        raise UsageError(t("meetings.error.minimum", value=minimum)) from None
    if not points.is_finite() or not Decimal(0) <= points <= MAX_MINIMUM:
        raise UsageError(t("meetings.error.minimum", value=minimum))
    return Registration(day, points.quantize(Decimal("0.01")))


def _add_years(day: date, years: int) -> date:
    """``day`` that many years on; 29 February becomes 1 March in a common year, so a
    period always ends the day before the next begins."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def period_bounds(start: date, number: int) -> tuple[date, date]:
    """First and last day of period ``number`` (1 is the one that begins on ``start``)."""
    first = _add_years(start, PERIOD_YEARS * (number - 1))
    following = _add_years(start, PERIOD_YEARS * number)
    return first, date.fromordinal(following.toordinal() - 1)


def period_of(start: date, day: date) -> int | None:
    """The period ``day`` falls in, or None before the start."""
    if day < start:
        return None
    number = (day.year - start.year) // PERIOD_YEARS + 1
    # The estimate by years is off by one near the anniversary: step to the right span.
    while period_bounds(start, number)[0] > day:
        number -= 1
    while period_bounds(start, number)[1] < day:
        number += 1
    return number


# ---- totals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodTotal:
    number: int
    first: date
    last: date
    hours: Decimal
    by_form: dict[str, Decimal]
    minimum: Decimal | None
    meetings: int

    @property
    def reached(self) -> bool | None:
        return None if self.minimum is None else self.hours >= self.minimum

    @property
    def remaining(self) -> Decimal | None:
        if self.minimum is None:
            return None
        return max(Decimal(0), self.minimum - self.hours)


@dataclass(frozen=True)
class Summary:
    hours: Decimal
    meetings: int
    by_form: dict[str, Decimal]
    registration: Registration | None
    periods: list[PeriodTotal]
    current: int | None  # the period today falls in
    before_start: Decimal  # hours of meetings before the first period


def _by_form(meetings: Iterable[Meeting]) -> dict[str, Decimal]:
    totals = {form: Decimal(0) for form in FORMS}
    for meeting in meetings:
        totals[meeting.form] = totals.get(meeting.form, Decimal(0)) + meeting.hours
    return totals


def summarize(
    meetings: Sequence[Meeting],
    registration: Registration | None,
    today: date,
    *,
    every: Sequence[Meeting] | None = None,
) -> Summary:
    """Totals per form of ``meetings``, and per period from the first up to today's (or the
    last meeting's). The periods always count ``every`` meeting (default: ``meetings``): an
    overview of a few months must not say a period falls short when it does not."""
    periods: list[PeriodTotal] = []
    current = None
    before = Decimal(0)
    if registration is not None:
        start = registration.start
        current = period_of(start, today)
        numbered = [(period_of(start, m.day), m) for m in (meetings if every is None else every)]
        before = sum((m.hours for n, m in numbered if n is None), Decimal(0))
        last = max([n for n, _ in numbered if n is not None] + [current or 1])
        for number in range(1, last + 1):
            inside = [m for n, m in numbered if n == number]
            first, end = period_bounds(start, number)
            periods.append(
                PeriodTotal(
                    number=number,
                    first=first,
                    last=end,
                    hours=sum((m.hours for m in inside), Decimal(0)),
                    by_form=_by_form(inside),
                    minimum=registration.minimum,
                    meetings=len(inside),
                )
            )
    return Summary(
        hours=sum((m.hours for m in meetings), Decimal(0)),
        meetings=len(meetings),
        by_form=_by_form(meetings),
        registration=registration,
        periods=periods,
        current=current,
        before_start=before,
    )


def in_range(
    meetings: Iterable[Meeting], since: date | None = None, until: date | None = None
) -> list[Meeting]:
    return [
        m
        for m in meetings
        if (since is None or m.day >= since) and (until is None or m.day <= until)
    ]


# ---- JSON (the CLI's --json; the same names the record uses) --------------------------------


def hours_json(value: Decimal) -> float | int:
    """Whole hours as integers, parts as decimals: 3, 1.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "date": meeting.day.isoformat(),
        "form": meeting.form,
        "hours": hours_json(meeting.hours),
        "code": meeting.code,
        "entries": list(meeting.entries),
    }


def _forms_json(totals: dict[str, Decimal]) -> dict[str, float | int]:
    return {form: hours_json(hours) for form, hours in totals.items()}


def registration_json(registration: Registration | None) -> dict[str, Any] | None:
    """The registration period as ``summary --json`` and ``period --json`` give it."""
    if registration is None:
        return None
    minimum = registration.minimum
    return {
        "start": registration.start.isoformat(),
        "minimum": None if minimum is None else hours_json(minimum),
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "hours": hours_json(summary.hours),
        "points": hours_json(summary.hours),
        "meetings": summary.meetings,
        "by_form": _forms_json(summary.by_form),
        "registration": registration_json(summary.registration),
        "current_period": summary.current,
        "before_start": hours_json(summary.before_start),
        "periods": [
            {
                "number": p.number,
                "start": p.first.isoformat(),
                "end": p.last.isoformat(),
                "hours": hours_json(p.hours),
                "meetings": p.meetings,
                "by_form": _forms_json(p.by_form),
                "minimum": None if p.minimum is None else hours_json(p.minimum),
                "reached": p.reached,
                "remaining": None if p.remaining is None else hours_json(p.remaining),
            }
            for p in summary.periods
        ],
    }


def hours_text(value: Decimal, lang: str | None = None) -> str:
    """Hours as a person reads them: ``1.5``, in Dutch ``1,5``."""
    text = str(hours_json(value))
    return text.replace(".", ",") if (lang or current_language()) == "nl" else text


# ---- the registration period in the settings file ---------------------------------------------


def registration_from(settings: Settings) -> Registration | None:
    """The period the settings hold, or None when none was entered (or the stored text is
    no longer usable: the totals then stand without periods, as before one was entered)."""
    if not settings.registration_start:
        return None
    try:
        start = date.fromisoformat(settings.registration_start)
        minimum = settings.registration_minimum
        points = Decimal(minimum) if minimum else None
    except (ValueError, InvalidOperation):
        return None
    if points is not None and (not points.is_finite() or points < 0):
        points = None
    return Registration(start, points)


def load_registration() -> Registration | None:
    return registration_from(load_settings().settings)


def store_registration(registration: Registration) -> None:
    """Write the period to the settings file (OSError, ValueError: see save_registration)."""
    # Stored as a plain decimal (a dot, whatever the language), read back by Decimal().
    minimum = "" if registration.minimum is None else str(hours_json(registration.minimum))
    save_registration(registration.start.isoformat(), minimum)


# ---- the totals as lines of text (the CLI's summary, the screen, the overview) ---------------


def period_verdict(period: PeriodTotal) -> str:
    """``12.5 of 75 points — 62.5 to go``, or the hours alone when no minimum was entered."""
    hours = hours_text(period.hours)
    if period.minimum is None or period.remaining is None:
        return t("meetings.no_minimum", hours=hours)
    text = t("meetings.of_minimum", hours=hours, minimum=hours_text(period.minimum))
    if period.reached:
        return f"{text} — {t('meetings.reached')}"
    return f"{text} — {t('meetings.to_go', remaining=hours_text(period.remaining))}"


def period_title(period: PeriodTotal, current: int | None) -> str:
    line = t(
        "meetings.period_line",
        number=period.number,
        start=period.first.isoformat(),
        end=period.last.isoformat(),
    )
    return f"{line} {t('meetings.current')}" if period.number == current else line


def summary_lines(summary: Summary) -> list[str]:
    """The totals as a person reads them: overall, per form, per period."""
    lines = [t("meetings.total", hours=hours_text(summary.hours), count=summary.meetings), ""]
    lines.append(t("meetings.by_form") + ":")
    width = max(len(form_label(f)) for f in FORMS)
    for form, hours in summary.by_form.items():
        lines.append(f"  {form_label(form):<{width}}  {hours_text(hours):>6}")
    lines.append("")
    if summary.registration is None:
        lines.append(t("meetings.cli.no_period"))
        return lines
    lines.append(t("meetings.periods") + ":")
    for period in summary.periods:
        lines.append(f"  {period_title(period, summary.current)}")
        lines.append(f"    {period_verdict(period)}")
    if summary.before_start:
        lines.append("  " + t("meetings.before_start", hours=hours_text(summary.before_start)))
    return lines
