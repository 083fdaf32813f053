"""The reflection log: validation that stores nothing, totals per form and per registration
period (exact on fixed data, across a period's last and the next one's first day), and the
`reflect meetings` commands (JSON shapes, exit codes). All data is fictional."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "vault"))

from vault_helpers import PASSPHRASE, Cli

from reflect.errors import EntryNotFound, UsageError
from reflect.model import Entry
from reflect.operations.meetings import (
    MeetingInput,
    Registration,
    add_meeting,
    code_looks_like_name,
    list_meetings,
    parse_registration,
    period_bounds,
    period_of,
    remove_meeting,
    summarize,
    summary_json,
)
from reflect.vault.journal import MEETINGS, Journal

TODAY = date(2026, 3, 16)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    made, _ = Journal.create(tmp_path / "j.reflect", PASSPHRASE)
    return made


def meeting(day: str, form: str, hours: str, code: str = "", *entries: str) -> MeetingInput:
    return MeetingInput(day, form, hours, code, entries)


# ---- validation: a clear refusal, nothing stored -------------------------------------------


@pytest.mark.parametrize(
    ("given", "words"),
    [
        (meeting("2026-01-10", "intervisie", "-1"), "above 0"),
        (meeting("2026-01-10", "intervisie", "0"), "above 0"),
        (meeting("2026-01-10", "intervisie", "25"), "at most 24"),
        (meeting("2026-01-10", "intervisie", "twee"), "above 0"),
        (meeting("2026-01-10", "intervisie", "nan"), "above 0"),
        (meeting("2026-03-17", "intervisie", "2"), "in the future"),
        (meeting("2026-02-30", "intervisie", "2"), "not a date"),
        (meeting("gisteren", "intervisie", "2"), "not a date"),
        (meeting("2026-01-10", "yoga", "2"), "unknown form"),
        (meeting("2026-01-10", "intervisie", "2", "x" * 41), "at most 40"),
    ],
)
def test_a_bad_meeting_is_refused_with_a_reason_and_nothing_is_stored(
    journal: Journal, given: MeetingInput, words: str
) -> None:
    with pytest.raises(UsageError) as refused:
        add_meeting(journal, given, TODAY)
    assert words in str(refused.value)
    assert journal.records(MEETINGS) == []


def test_an_unknown_entry_refuses_the_meeting(journal: Journal) -> None:
    with pytest.raises(EntryNotFound):
        add_meeting(journal, meeting("2026-01-10", "intervisie", "2", "IV-3", "zzzzzzzz"), TODAY)
    assert journal.records(MEETINGS) == []


def test_a_meeting_today_with_dutch_comma_hours_label_and_entry_prefix_is_stored(
    journal: Journal,
) -> None:
    entry = journal.add(Entry(title="Fictief: huisbezoek"))
    stored = add_meeting(
        journal, meeting("2026-03-16", "Casuïstiekbespreking", "1,75", "CB-2", entry.id[:5]), TODAY
    )
    [again] = list_meetings(journal)
    assert again == stored
    assert (again.day, again.form, again.hours, again.code) == (
        TODAY,
        "casuistiekbespreking",
        Decimal("1.75"),
        "CB-2",
    )
    assert again.entries == (entry.id,)


def test_remove_by_prefix(journal: Journal) -> None:
    stored = add_meeting(journal, meeting("2026-01-10", "supervisie", "1"), TODAY)
    assert remove_meeting(journal, stored.id[:4]).id == stored.id
    assert list_meetings(journal) == []
    with pytest.raises(UsageError):
        remove_meeting(journal, stored.id)


def test_a_code_that_looks_like_a_name_is_noticed() -> None:
    assert code_looks_like_name("Marieke")
    assert code_looks_like_name("sup Jan de Vries")
    assert not code_looks_like_name("IV-3")
    assert not code_looks_like_name("SUP-A groep 2")


@pytest.mark.parametrize(
    ("start", "minimum", "words"),
    [
        ("2026-03-17", "75", "future"),
        ("2021-01-01", "-1", "from 0 up"),
        ("2021-01-01", "veel", "from 0 up"),
        ("2021-13-01", "75", "not a date"),
    ],
)
def test_a_registration_period_that_does_not_fit_is_refused(
    start: str, minimum: str, words: str
) -> None:
    with pytest.raises(UsageError) as refused:
        parse_registration(start, minimum, TODAY)
    assert words in str(refused.value)


# ---- periods and totals ---------------------------------------------------------------------


def test_periods_are_consecutive_five_year_spans() -> None:
    start = date(2021, 3, 1)
    assert period_bounds(start, 1) == (date(2021, 3, 1), date(2026, 2, 28))
    assert period_bounds(start, 2) == (date(2026, 3, 1), date(2031, 2, 28))
    assert period_of(start, date(2021, 2, 28)) is None
    assert period_of(start, date(2026, 2, 28)) == 1
    assert period_of(start, date(2026, 3, 1)) == 2
    leap = date(2024, 2, 29)  # a start on 29 February: the next period begins 1 March
    assert period_bounds(leap, 1) == (leap, date(2029, 2, 28))
    assert period_of(leap, date(2029, 3, 1)) == 2


def test_totals_per_form_and_per_period_are_exact(journal: Journal) -> None:
    for day, form, hours in [
        ("2021-02-28", "supervisie", "1"),  # before the first period
        ("2021-03-01", "supervisie", "1.5"),  # the first day of period 1
        ("2023-06-12", "intervisie", "2"),
        ("2023-09-04", "intervisie", "0.25"),
        ("2026-02-28", "werkbegeleiding", "1.1"),  # the last day of period 1
        ("2026-03-01", "intervisie", "2"),  # the first day of period 2
        ("2026-03-16", "collegiale-consultatie", "0.75"),
    ]:
        add_meeting(journal, meeting(day, form, hours), TODAY)
    registration = parse_registration("2021-03-01", "4.8", TODAY)
    summary = summarize(list_meetings(journal), registration, TODAY)
    data = summary_json(summary)
    assert data["hours"] == 8.6
    assert data["meetings"] == 7
    assert data["by_form"] == {
        "supervisie": 2.5,
        "intervisie": 4.25,
        "casuistiekbespreking": 0,
        "werkgerichte-coaching": 0,
        "mentorschap": 0,
        "collegiale-consultatie": 0.75,
        "werkbegeleiding": 1.1,
    }
    assert data["before_start"] == 1
    assert data["current_period"] == 2
    first, second = data["periods"]
    assert (first["start"], first["end"], first["hours"], first["meetings"]) == (
        "2021-03-01",
        "2026-02-28",
        4.85,
        4,
    )
    assert (first["reached"], first["remaining"]) == (True, 0)
    assert first["by_form"]["werkbegeleiding"] == 1.1
    assert (second["start"], second["hours"], second["meetings"]) == ("2026-03-01", 2.75, 2)
    assert (second["minimum"], second["reached"], second["remaining"]) == (4.8, False, 2.05)


def test_without_a_minimum_the_totals_carry_no_verdict(journal: Journal) -> None:
    add_meeting(journal, meeting("2025-01-10", "supervisie", "3"), TODAY)
    summary = summarize(list_meetings(journal), Registration(date(2022, 1, 1)), TODAY)
    [period] = summary_json(summary)["periods"]
    assert (period["hours"], period["minimum"], period["reached"], period["remaining"]) == (
        3,
        None,
        None,
        None,
    )
    assert summary_json(summarize(list_meetings(journal), None, TODAY))["periods"] == []


# ---- the commands ---------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "data", tmp_path / "config")
    made.init()
    return made


def test_cli_add_list_summary_remove(cli: Cli) -> None:
    entry_id = cli.run("new", "--title", "Fictief: intervisiecasus").out.strip()
    added = cli.run(
        "meetings", "add", "--date", "2025-05-12", "--form", "intervisie", "--hours", "2",
        "--with", "IV-3", "--entry", entry_id[:6], "--json",
    )  # fmt: skip
    assert added.code == 0, added.err
    stored = json.loads(added.out)
    assert set(stored) == {"id", "date", "form", "hours", "code", "entries"}
    assert (stored["date"], stored["form"], stored["hours"], stored["code"]) == (
        "2025-05-12",
        "intervisie",
        2,
        "IV-3",
    )
    assert stored["entries"] == [entry_id]

    listed = cli.run("meetings", "list", "--json")
    assert json.loads(listed.out) == [stored]
    assert cli.run("meetings", "list", "--since", "2025-06-01", "--json").out.strip() == "[]"

    summary = json.loads(cli.run("meetings", "summary", "--json").out)
    assert summary["registration"] is None and summary["periods"] == []
    assert summary["by_form"]["intervisie"] == 2

    shown = cli.run("show", entry_id)
    assert "2025-05-12 Intervision (IV-3)" in shown.out

    removed = cli.run("meetings", "remove", stored["id"][:5])
    assert removed.code == 0
    assert json.loads(cli.run("meetings", "list", "--json").out) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "2025-05-12", "--form", "intervisie", "--hours", "-2"],
        ["--date", "2025-05-12", "--form", "intervisie", "--hours", "30"],
        ["--date", "2999-01-01", "--form", "intervisie", "--hours", "2"],
        ["--date", "12-05-2025", "--form", "intervisie", "--hours", "2"],
        ["--date", "2025-05-12", "--form", "teamuitje", "--hours", "2"],
        ["--date", "2025-05-12", "--form", "intervisie", "--hours", "2", "--entry", "qqqqqq"],
    ],
)
def test_cli_refuses_bad_meetings_with_exit_2_and_stores_nothing(cli: Cli, args: list[str]) -> None:
    refused = cli.run("meetings", "add", *args)
    assert refused.code == 2
    assert refused.error_line().startswith("reflect: error:")
    assert json.loads(cli.run("meetings", "list", "--json").out) == []


def test_cli_warns_about_a_code_like_a_name_but_stores_it(cli: Cli) -> None:
    added = cli.run("meetings", "add", "--date", "2025-05-12", "--form", "supervisie",
                    "--hours", "1", "--with", "Marieke")  # fmt: skip
    assert added.code == 0
    assert "looks like a name" in added.err


def test_cli_period_setting_and_summary_per_period(cli: Cli) -> None:
    assert cli.run("meetings", "period", "--start", "2999-01-01").code == 2
    assert cli.run("meetings", "period", "--start", "2020-01-01", "--minimum", "-5").code == 2
    assert json.loads(cli.run("meetings", "period", "--json").out) is None  # nothing stored
    entered = cli.run("meetings", "period", "--start", "2020-01-01", "--minimum", "60", "--json")
    assert json.loads(entered.out) == {"start": "2020-01-01", "minimum": 60}
    for day, hours in [("2024-12-31", "3"), ("2025-01-01", "2")]:
        cli.run("meetings", "add", "--date", day, "--form", "supervisie", "--hours", hours)
    summary = json.loads(cli.run("meetings", "summary", "--json").out)
    assert summary["registration"] == {"start": "2020-01-01", "minimum": 60}
    assert [(p["number"], p["end"], p["hours"]) for p in summary["periods"]][:2] == [
        (1, "2024-12-31", 3),
        (2, "2029-12-31", 2),
    ]
    assert summary["periods"][1]["remaining"] == 58
    period_one = json.loads(cli.run("meetings", "list", "--period", "1", "--json").out)
    assert [m["date"] for m in period_one] == ["2024-12-31"]
    assert cli.run("meetings", "list", "--period", "9").code == 2
    text = cli.run("meetings", "summary").out
    assert "2 of 60 points — 58 to go" in text


# ---- the overview for the re-registration file ----------------------------------------------


def test_overview_export_has_dates_forms_hours_codes_and_totals_but_no_entry_text(
    cli: Cli, tmp_path: Path
) -> None:
    secret = "Moeder belde over de school van haar zoon"  # fictional entry text
    entry_id = cli.run("new", "--title", "Fictief: schoolcasus", "--situation", secret).out.strip()
    cli.run("meetings", "period", "--start", "2021-01-01", "--minimum", "50")
    for day, form, hours, code in [
        ("2025-11-03", "intervisie", "2", "IV-3"),
        ("2025-12-01", "supervisie", "1.25", "SUP-A"),
        ("2020-06-01", "mentorschap", "1", ""),  # before the first period
    ]:
        cli.run("meetings", "add", "--date", day, "--form", form, "--hours", hours,
                "--with", code, "--entry", entry_id)  # fmt: skip
    out = tmp_path / "out"
    out.mkdir()
    written = cli.run("meetings", "export", "-o", str(out / "log.md"))
    assert written.code == 0, written.err
    text = (out / "log.md").read_text(encoding="utf-8")
    assert "# Reflection log" in text
    assert "- **2025-11-03** — Intervision · 2 h · IV-3" in text
    assert "- **2025-12-01** — Supervision · 1.25 h · SUP-A" in text
    assert "Total: 4.25 hours = 4.25 points, in 3 meetings" in text
    assert "Points: 3.25 of 50 points — 46.75 to go" in text
    assert "Before the first period: 1 h" in text
    assert secret not in text and "schoolcasus" not in text  # no entry text, no titles
    with_titles = cli.run(
        "meetings", "export", "-o", str(out / "titles.md"), "--with-titles", "--period", "1"
    )
    assert with_titles.code == 0, with_titles.err
    titled = (out / "titles.md").read_text(encoding="utf-8")
    assert "Entries brought in: Fictief: schoolcasus" in titled
    assert "2025-11-03" in titled and "2020-06-01" not in titled  # period 1 only
    assert secret not in titled
    pdf = cli.run("meetings", "export", "-o", str(out / "log.pdf"))
    assert pdf.code == 0 and (out / "log.pdf").read_bytes().startswith(b"%PDF")
    again = cli.run("meetings", "export", "-o", str(out / "log.md"))
    assert again.code == 2  # an existing file only with --overwrite


def test_overview_export_refuses_a_code_that_identifies_someone(cli: Cli, tmp_path: Path) -> None:
    cli.run("meetings", "add", "--date", "2025-11-03", "--form", "intervisie", "--hours", "2",
            "--with", "tel 06-12345678")  # fmt: skip
    out = tmp_path / "out"
    out.mkdir()
    refused = cli.run("meetings", "export", "-o", str(out / "log.md"))
    assert refused.code == 6
    assert not (out / "log.md").exists()
    # What to do is what this command offers: there is no --redact for the overview.
    assert "--redact" not in refused.err and "--force" in refused.err
    forced = cli.run("meetings", "export", "-o", str(out / "log.md"), "--force")
    assert forced.code == 0
    assert "writing anyway" in forced.err and "plaintext" in forced.err


def test_dutch_output_writes_hours_with_a_comma_and_json_stays_a_number(cli: Cli) -> None:
    cli.run("meetings", "add", "--date", "2025-05-12", "--form", "Supervisie", "--hours", "1,5")
    cli.run("meetings", "period", "--start", "2021-01-01", "--minimum", "7,5")
    dutch = cli.run("--lang", "nl", "meetings", "summary")
    assert "Totaal: 1,5 uur = 1,5 punten, in 1 bijeenkomst" in dutch.out
    assert "1,5 van 7,5 punten — nog 6" in dutch.out
    data = json.loads(cli.run("--lang", "nl", "meetings", "summary", "--json").out)
    assert (data["hours"], data["registration"]["minimum"]) == (1.5, 7.5)


def test_an_overview_of_a_few_months_counts_the_whole_period(cli: Cli, tmp_path: Path) -> None:
    """The totals are those of the months asked for, but whether the registration period
    reaches its minimum is said of the whole period: a re-registration file must not say a
    period falls short because the overview shows only part of it."""
    cli.run("meetings", "period", "--start", "2021-01-01", "--minimum", "5")
    for day, hours in [("2022-03-01", "4"), ("2025-11-03", "2")]:
        cli.run("meetings", "add", "--date", day, "--form", "intervisie", "--hours", hours)
    out = tmp_path / "recent.md"
    written = cli.run("meetings", "export", "-o", str(out), "--since", "2025-01-01")
    assert written.code == 0, written.err
    text = out.read_text(encoding="utf-8")
    assert "Total: 2 hours = 2 points, in 1 meeting" in text
    assert "2022-03-01" not in text  # outside the months asked for
    assert "Points: 6 of 5 points" in text  # the whole period: 4 + 2
