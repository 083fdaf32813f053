"""The day an entry was written is a day in the user's time zone, as every due date is.

The zone is the ``time_zone`` setting (reflect.operations.clock), not the machine's: here the
machine runs on UTC while the setting names another zone. An entry written at 23:30 UTC on
Saturday 28 March 2026 was written on Sunday the 29th in Auckland (12:30 there); one written
at 02:30 UTC on the 29th was written on Saturday the 28th in New York (22:30 there). That
day is what the query's ``from:``/``to:`` select on, what the retention period counts from
and what an export prints. Every entry here is fictional.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from reflect.cli import main
from reflect.export import prepare_export, render_preview
from reflect.model import Entry, Revision, Status
from reflect.operations.clock import user_zone
from reflect.operations.query import filter_rows, parse_query, row_of_document, row_of_entry
from reflect.operations.retention import document_dates, entry_destroy_date
from reflect.operations.settings import Settings, save_settings
from reflect.vault.journal import Journal
from tests.zone_cli import PASS, at, journal_fixture, machine_on_utc_fixture  # noqa: F401

pytestmark = pytest.mark.usefixtures("machine_on_utc")


@dataclass(frozen=True)
class Case:
    zone: str
    written: datetime  # when the entry was written (UTC)
    day: date  # the day that is in the zone
    utc_day: date  # and on the machine's clock (UTC)
    clock: str  # the time there, as an export prints it


AUCKLAND = Case(
    "Pacific/Auckland",
    datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
    date(2026, 3, 29),
    date(2026, 3, 28),
    "2026-03-29 12:30",
)
NEW_YORK = Case(
    "America/New_York",
    datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
    date(2026, 3, 28),
    date(2026, 3, 29),
    "2026-03-28 22:30",
)
CASES = [pytest.param(AUCKLAND, id="Auckland"), pytest.param(NEW_YORK, id="New_York")]


def entry_of(case: Case) -> Entry:
    return Entry(
        title="Fictief: gesprek met de school",
        decision="Eerst met de ouders bellen",
        status=Status.DECIDED,
        created=case.written,
        updated=case.written,
    )


def set_zone(case: Case, retention_months: int = 0) -> None:
    save_settings(Settings(time_zone=case.zone, retention_months=retention_months))


def add(journal: Path, entry: Entry) -> str:
    with Journal.open(journal, PASS) as opened:
        return opened.add_many([entry])[0].id  # add_many keeps the timestamps


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


# ---- from: and to: ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", [["list", "--filter"], ["search"]])
def test_from_and_to_select_the_day_it_was_written_in_the_zone_of_the_settings(
    journal: Path, capsys: pytest.CaptureFixture[str], case: Case, command: list[str]
) -> None:
    entry_id = add(journal, entry_of(case))
    set_zone(case)

    def selected(day: date) -> list[str]:
        query = f"from:{day.isoformat()} to:{day.isoformat()}"
        return [e["id"] for e in cli_json(capsys, *command, query, "--json")]

    assert selected(case.day) == [entry_id]
    assert selected(case.utc_day) == []  # the machine's day is not the user's


@pytest.mark.parametrize("case", CASES)
def test_the_apps_rows_have_the_day_of_the_zone_of_the_settings(case: Case) -> None:
    """The app builds rows with the zone of the settings it holds; rows built without one
    resolve it from the settings file (reflect.operations.clock)."""
    set_zone(case)
    entry = entry_of(case)
    by_default = row_of_document(entry.to_dict())
    assert by_default.created == case.day
    given = row_of_entry(entry, zone=user_zone(Settings(time_zone=case.zone).time_zone))
    for row in (by_default, given):
        assert row.created == case.day
        chosen = parse_query(f"from:{case.day} to:{case.day}", case.day)
        assert filter_rows([row], chosen) == [row]
        assert filter_rows([row], parse_query(f"to:{case.utc_day}", case.day)) == (
            [row] if case.utc_day > case.day else []
        )


# ---- retention ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_the_retention_period_counts_from_the_day_it_was_written_in_the_users_zone(
    case: Case,
) -> None:
    set_zone(case, retention_months=1)
    entry = entry_of(case)
    month_later = case.day.replace(month=case.day.month + 1)
    assert entry_destroy_date(entry, 1) == month_later
    assert document_dates(entry.to_dict(), 1) == (case.day, month_later)
    assert row_of_entry(entry).created == case.day


@pytest.mark.parametrize("case", CASES)
def test_reflect_purge_lists_the_written_day_and_destroy_date_of_the_users_zone(
    journal: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: Case,
) -> None:
    entry_id = add(journal, entry_of(case))
    set_zone(case, retention_months=1)
    at(datetime(2026, 6, 1, 12, tzinfo=UTC), monkeypatch)  # long past either date
    month_later = case.day.replace(month=case.day.month + 1)
    listed = cli_json(capsys, "purge", "--dry-run", "--json")["due"]
    assert [(d["id"], d["created"], d["delete_after"]) for d in listed] == [
        (entry_id, case.day.isoformat(), month_later.isoformat())
    ]
    capsys.readouterr()
    assert main(["list"]) == 0  # the mark after a due entry names its delete-after date
    assert month_later.isoformat() in capsys.readouterr().out


# ---- exports ------------------------------------------------------------------------------


def exported(entries: list[Entry], template: str, **more: Any) -> str:
    """The export as the command line and the app make it: in the user's zone, resolved
    from the settings (reflect.operations.clock)."""
    prepared = prepare_export(
        entries, template=template, lang="en", aliases={}, names=None, zone=user_zone(), **more
    )
    return render_preview(prepared.document)


@pytest.mark.parametrize("case", CASES)
def test_reflect_export_prints_the_day_of_the_users_zone(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, case: Case
) -> None:
    entry_id = add(journal, entry_of(case))
    set_zone(case)
    target = tmp_path / "verslag.md"
    assert main(["export", entry_id, "--format", "md", "-o", str(target)]) == 0
    written = target.read_text(encoding="utf-8")
    assert case.day.isoformat() in written and case.utc_day.isoformat() not in written


@pytest.mark.parametrize("case", CASES)
def test_an_export_prints_the_day_it_was_written_in_the_users_zone(case: Case) -> None:
    set_zone(case)
    entry = entry_of(case)
    supervision = exported([entry], "werkverslag")
    assert f"Date: {case.day.isoformat()}" in supervision
    assert case.utc_day.isoformat() not in supervision
    untitled = exported([Entry(decision="x", created=case.written)], "werkverslag")
    assert f"Entry of {case.day.isoformat()}" in untitled
    report = exported([entry], "reflectieverslag")
    assert case.day.isoformat() in report and case.utc_day.isoformat() not in report


@pytest.mark.parametrize("case", CASES)
def test_the_full_record_prints_times_on_the_users_clock(case: Case) -> None:
    set_zone(case)
    entry = entry_of(case)
    earlier = Revision(entry.id, case.written, Entry(id=entry.id, created=case.written))
    full = exported([entry], "full", revisions={entry.id: [earlier]})
    assert full.count(case.clock) == 3  # created, updated and when the revision was saved
    assert case.written.strftime("%Y-%m-%d %H:%M") not in full  # the UTC time


def test_the_revisions_screen_shows_times_on_the_users_clock() -> None:
    from reflect.screens.revisions import RevisionsScreen

    set_zone(AUCKLAND)
    entry = entry_of(AUCKLAND)
    screen = RevisionsScreen(entry, [Revision(entry.id, AUCKLAND.written, entry)])
    assert AUCKLAND.clock in screen.versions[1][0]
