"""The retention rule, in one place: an entry's own delete-after date, else its creation day
plus the default period of the settings (calendar months, the day clamped), else none; due
on that day and after. The query token ``expired`` and the journal operations follow it.
Every entry here is fictional."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reflect.errors import UsageError
from reflect.model import Entry
from reflect.operations.query import filter_rows, parse_query, row_of_entry
from reflect.operations.retention import (
    add_months,
    destroy_date,
    destroy_due,
    due_in_journal,
    entry_destroy_date,
    is_due,
    set_case_delete_after,
)
from reflect.operations.settings import MAX_RETENTION_MONTHS, load_settings, save_settings
from reflect.operations.settings import Settings as SettingsFile
from reflect.vault.journal import Journal
from reflect.vault.kdf import KdfParams

PASS = "twee losse woorden"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)  # mid-day: same local day


# ---- the rule ---------------------------------------------------------------------------


def test_an_entrys_own_date_wins_over_the_default_period() -> None:
    own = date(2030, 1, 1)
    assert destroy_date(own, date(2026, 1, 15), 0) == own
    assert destroy_date(own, date(2026, 1, 15), 6) == own  # later than the period: still own
    assert destroy_date(date(2026, 2, 1), date(2026, 1, 15), 6) == date(2026, 2, 1)


def test_without_its_own_date_the_default_period_counts_from_the_creation_day() -> None:
    assert destroy_date(None, date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert destroy_date(None, date(2026, 11, 3), 3) == date(2027, 2, 3)
    assert destroy_date(None, date(2026, 1, 15), 24) == date(2028, 1, 15)


def test_no_own_date_and_no_period_means_never_due() -> None:
    assert destroy_date(None, date(2000, 1, 1), 0) is None
    assert not is_due(None, date(2999, 1, 1))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
        (date(9999, 6, 1), 12, date.max),
    ],
)
def test_months_are_calendar_months_with_the_day_clamped(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_due_on_the_day_itself_and_after_not_before() -> None:
    when = date(2026, 6, 30)
    assert not is_due(when, date(2026, 6, 29))
    assert is_due(when, date(2026, 6, 30))
    assert is_due(when, date(2027, 1, 1))


def test_an_entry_counts_from_the_local_day_it_was_written() -> None:
    entry = Entry(created=at(date(2026, 1, 31)))
    assert entry_destroy_date(entry, 1) == date(2026, 2, 28)
    assert entry_destroy_date(replace(entry, delete_after=date(2026, 5, 1)), 1) == date(2026, 5, 1)
    assert entry_destroy_date(entry, 0) is None


# ---- the setting --------------------------------------------------------------------------


def test_the_default_period_is_a_setting_and_bad_values_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(SettingsFile(retention_months=18), path)
    assert load_settings(path).settings.retention_months == 18
    assert SettingsFile().retention_months == 0  # no default period unless chosen
    for bad in (-1, MAX_RETENTION_MONTHS + 1, "12", True, 1.5, None):
        path.write_text(json.dumps({"retention_months": bad}), encoding="utf-8")
        loaded = load_settings(path)
        assert loaded.settings.retention_months == 0, bad
        assert loaded.problem is not None and "retention_months" in loaded.problem


# ---- the query token ----------------------------------------------------------------------

TODAY = date(2026, 3, 16)


def _rows() -> dict[str, Entry]:
    return {
        "own-past": Entry(title="a", created=at(date(2026, 3, 1)), delete_after=date(2026, 3, 1)),
        "own-today": Entry(title="b", created=at(date(2026, 3, 1)), delete_after=TODAY),
        "own-future": Entry(
            title="c", created=at(date(2020, 1, 1)), delete_after=date(2026, 3, 17)
        ),
        "old": Entry(title="d", created=at(date(2025, 3, 16))),  # 12 months: due today
        "young": Entry(title="e", created=at(date(2025, 3, 17))),
    }


@pytest.mark.parametrize(
    ("text", "months", "expected"),
    [
        ("expired", 0, {"own-past", "own-today"}),
        ("expired", 12, {"own-past", "own-today", "old"}),
        ("verlopen", 12, {"own-past", "own-today", "old"}),
        ("EXPIRED b", 12, {"own-today"}),
        ("", 12, {"own-past", "own-today", "own-future", "old", "young"}),
    ],
)
def test_the_expired_token_selects_what_the_rule_says(
    text: str, months: int, expected: set[str]
) -> None:
    entries = _rows()
    names = {e.id: name for name, e in entries.items()}
    rows = [row_of_entry(e) for e in entries.values()]
    query = parse_query(text, TODAY, strict=True, retention_months=months)
    assert {names[r.entry_id] for r in filter_rows(rows, query)} == expected


def test_without_a_period_given_the_token_reads_the_settings_file() -> None:
    rows = [row_of_entry(e) for e in _rows().values()]
    assert len(filter_rows(rows, parse_query("expired", TODAY))) == 2
    save_settings(SettingsFile(retention_months=12))  # the test's own config folder
    assert len(filter_rows(rows, parse_query("expired", TODAY))) == 3


# ---- on a journal -----------------------------------------------------------------------


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    made, _ = Journal.create(tmp_path / "journal.reflect", PASS, KdfParams(b"s" * 16, 64, 1, 1))
    return made


def test_a_case_code_gets_its_date_on_every_entry_of_the_case(journal: Journal) -> None:
    try:
        a, b, other = journal.add_many(
            [
                Entry(title="een", case_code="WT-2099-014"),
                Entry(title="twee", case_code=" wt-2099-014 "),  # typed differently
                Entry(title="ander", case_code="WT-2099-015"),
            ]
        )
        changed = set_case_delete_after(journal, "WT-2099-014", date(2026, 4, 1))
        assert {e.id for e in changed} == {a.id, b.id}
        assert not journal.unsaved
        assert journal.get(a.id).delete_after == date(2026, 4, 1)
        assert journal.get(b.id).delete_after == date(2026, 4, 1)
        assert journal.get(other.id).delete_after is None
        set_case_delete_after(journal, "wt-2099-014", None)  # back to the default period
        assert journal.get(a.id).delete_after is None
        with pytest.raises(UsageError, match="WT-2099-016"):
            set_case_delete_after(journal, "WT-2099-016", date(2026, 4, 1))
        with pytest.raises(UsageError):
            set_case_delete_after(journal, "  ", date(2026, 4, 1))
    finally:
        journal.close()


def test_destroy_due_destroys_only_what_is_due_now(journal: Journal) -> None:
    try:
        due, moved, keep = journal.add_many(
            [
                Entry(title="weg", created=at(date(2026, 1, 1)), delete_after=date(2026, 2, 1)),
                Entry(title="verzet", created=at(date(2026, 1, 1)), delete_after=TODAY),
                Entry(title="blijft", created=at(date(2026, 1, 1))),
            ]
        )
        assert [d.entry_id for d in due_in_journal(journal, 0, TODAY)] == [due.id, moved.id]
        # Between showing the list and the answer, one entry got a later date.
        journal.update(replace(moved, delete_after=date(2026, 12, 31)))
        purged = destroy_due(journal, [due.id, moved.id, keep.id], 0, TODAY)
        assert purged.entries == 1
        assert not journal.has(due.id) and journal.has(moved.id) and journal.has(keep.id)
        assert due.id in journal.erased()
        nothing = destroy_due(journal, [due.id], 0, TODAY)  # gone already: nothing happens
        assert nothing.entries == 0 and nothing.backups.copies == 0
    finally:
        journal.close()
