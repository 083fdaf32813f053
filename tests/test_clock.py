"""Due dates are calendar dates in the user's time zone (reflect.operations.clock).

The moments below sit on both sides of a date line somewhere: 2026-03-28T23:30Z is already
the 29th in Amsterdam and still the 28th in New York; Amsterdam moves to summer time at
2026-03-29T01:00Z and New York back to winter time at 2026-11-01T06:00Z, so the same UTC
moment falls on different days before and after the switch. Every entry is fictional.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.errors import UsageError
from reflect.model import Entry, Status
from reflect.operations.clock import local_date, local_today
from reflect.operations.query import filter_rows, parse_query, row_of_entry
from reflect.operations.settings import Settings, load_settings, save_settings, settings_path
from reflect.operations.zones import zone_named
from tests.zone_cli import at

PASS = "fictief wachtwoord"
AMSTERDAM = "Europe/Amsterdam"
NEW_YORK = "America/New_York"
LATE_SATURDAY = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # Sun 29th in NL, Sat 28th in NY


@pytest.fixture(autouse=True)
def system_zone_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's own zone is UTC unless a test says otherwise, so no result depends on
    where the tests run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def set_zone(name: str) -> None:
    save_settings(Settings(time_zone=name))


# ---- which day it is ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "zone", "day"),
    [
        # Late Saturday evening in UTC: Sunday in Amsterdam, still Saturday in New York.
        (LATE_SATURDAY, AMSTERDAM, date(2026, 3, 29)),
        (LATE_SATURDAY, NEW_YORK, date(2026, 3, 28)),
        # Amsterdam's spring switch (01:00Z on the 29th): 22:30Z is 23:30 the day before
        # the switch (UTC+1) and 00:30 the next day after it (UTC+2).
        (datetime(2026, 3, 28, 22, 30, tzinfo=UTC), AMSTERDAM, date(2026, 3, 28)),
        (datetime(2026, 3, 29, 22, 30, tzinfo=UTC), AMSTERDAM, date(2026, 3, 30)),
        # New York's autumn switch (06:00Z on 1 November): 03:30Z is 23:30 on 31 October in
        # summer time (UTC-4); 04:30Z the next night is 23:30 on 1 November in winter time
        # (UTC-5), where summer time would have made it the 2nd already.
        (datetime(2026, 11, 1, 3, 30, tzinfo=UTC), NEW_YORK, date(2026, 10, 31)),
        (datetime(2026, 11, 2, 4, 30, tzinfo=UTC), NEW_YORK, date(2026, 11, 1)),
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), NEW_YORK, date(2026, 11, 1)),  # 01:30 EDT
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), NEW_YORK, date(2026, 11, 1)),  # 01:30 EST
    ],
)
def test_the_day_is_the_users_calendar_day(moment: datetime, zone: str, day: date) -> None:
    assert local_date(moment, zone) == day
    assert local_today(zone, now=moment) == day


def test_a_moment_without_a_zone_is_utc_like_every_stored_timestamp() -> None:
    assert local_date(datetime(2026, 3, 28, 23, 30), AMSTERDAM) == date(2026, 3, 29)


def test_the_setting_wins_over_tz_and_tz_over_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", NEW_YORK)  # not tzset(): the clock reads TZ itself
    assert local_today(now=LATE_SATURDAY) == date(2026, 3, 28)
    set_zone(AMSTERDAM)
    assert local_today(now=LATE_SATURDAY) == date(2026, 3, 29)
    monkeypatch.setenv("TZ", "UTC")
    set_zone("")  # empty: not set, the system's zone (TZ here)
    assert local_today(now=LATE_SATURDAY) == date(2026, 3, 28)


def test_without_setting_or_tz_name_the_system_zone_decides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A TZ that is no IANA name (a POSIX rule) is left to the system, which understands it."""
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    time.tzset()
    assert local_today(now=LATE_SATURDAY) == date(2026, 3, 29)


def test_an_unknown_zone_is_one_clear_message() -> None:
    with pytest.raises(UsageError) as caught:
        zone_named("Europe/Amsterdamm")
    message = str(caught.value)
    assert "Europe/Amsterdamm" in message and "IANA" in message
    assert "\n" not in message
    with pytest.raises(UsageError):
        zone_named("../../etc/passwd")  # a path is not a zone's name


def test_a_settings_file_naming_an_unknown_zone_keeps_the_system_zone_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_zone(AMSTERDAM)
    path = settings_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "time_zone": "Mars/Olympus"}), encoding="utf-8")
    loaded = load_settings()
    assert loaded.settings.time_zone == ""
    assert loaded.problem is not None and "time_zone" in loaded.problem
    assert "Mars/Olympus" in loaded.problem
    monkeypatch.setenv("TZ", NEW_YORK)
    assert local_today(now=LATE_SATURDAY) == date(2026, 3, 28)


# ---- what is due ----------------------------------------------------------------------------


def due_titles(entries: list[Entry], today: date) -> set[str]:
    rows = [row_of_entry(e) for e in entries]
    return {r.title for r in filter_rows(rows, parse_query("due", today))}


SUNDAY_FOLLOW_UP = Entry(
    title="Fictief: terugbellen school", decision="Bellen", status=Status.DECIDED,
    follow_up=date(2026, 3, 29),
)  # fmt: skip


@pytest.mark.parametrize(("zone", "due"), [(AMSTERDAM, True), (NEW_YORK, False)])
def test_an_entry_due_on_sunday_is_due_where_it_is_sunday(zone: str, due: bool) -> None:
    today = local_today(zone, now=LATE_SATURDAY)
    assert due_titles([SUNDAY_FOLLOW_UP], today) == ({SUNDAY_FOLLOW_UP.title} if due else set())


@pytest.fixture
def cli_journal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """A journal holding the entry due on Sunday 29 March; returns its id."""
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    assert main(["new", "--title", SUNDAY_FOLLOW_UP.title, "--decision", "Bellen",
                 "--status", "decided", "--follow-up", "2026-03-29"]) == 0  # fmt: skip
    return capsys.readouterr().out.strip().splitlines()[-1]


def listed_due(capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["list", "--filter", "due", "--json"]) == 0
    return [e["title"] for e in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize("how", ["setting", "TZ"])
def test_reflect_list_due_follows_the_users_zone(
    cli_journal: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    at(LATE_SATURDAY, monkeypatch)
    for zone, expected in ((AMSTERDAM, [SUNDAY_FOLLOW_UP.title]), (NEW_YORK, [])):
        if how == "setting":
            set_zone(zone)
        else:
            monkeypatch.setenv("TZ", zone)
        assert listed_due(capsys) == expected, zone


def test_the_app_opens_on_the_users_day(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reflect.app import ReflectApp

    at(LATE_SATURDAY, monkeypatch)
    set_zone(AMSTERDAM)
    assert ReflectApp(tmp_path / "j.reflect", lang="en").ctx.today == date(2026, 3, 29)
    set_zone(NEW_YORK)
    assert ReflectApp(tmp_path / "j.reflect", lang="en").ctx.today == date(2026, 3, 28)


def test_an_app_left_open_over_midnight_knows_the_new_day(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The app's day is read when asked, not fixed at start: left open from late Saturday
    into Sunday (Amsterdam), it sees Sunday, so what came due overnight is due."""
    from dataclasses import replace

    from reflect.app import ReflectApp

    at(datetime(2026, 3, 28, 22, 30, tzinfo=UTC), monkeypatch)  # 23:30 in Amsterdam
    set_zone(AMSTERDAM)
    app = ReflectApp(tmp_path / "j.reflect", lang="en")
    assert app.ctx.today == date(2026, 3, 28)
    at(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), monkeypatch)  # 00:30 on Sunday there
    assert app.ctx.today == date(2026, 3, 29)
    app.ctx.settings = replace(app.ctx.settings, time_zone=NEW_YORK)  # changed in settings
    assert app.ctx.today == date(2026, 3, 28)


def test_a_next_follow_up_must_lie_after_the_users_today(
    cli_journal: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sunday the 29th is today in Amsterdam (refused: it would be due at once) and
    tomorrow in New York (accepted)."""
    at(LATE_SATURDAY, monkeypatch)
    argv = ["evaluate", cli_journal, "--outcome", "School belde terug",
            "--next-follow-up", "2026-03-29"]  # fmt: skip
    set_zone(AMSTERDAM)
    capsys.readouterr()
    assert main(argv) == 2
    assert "2026-03-29" in capsys.readouterr().err
    set_zone(NEW_YORK)
    assert main(argv) == 0
