"""An entry's summary (what a journal read in part keeps for lists) gives the same row, the
same query answers and the same retention dates as the whole entry: a list or a purge
answered from the summaries shows and destroys exactly what one over the entries would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

import pytest

from reflect.model import ArticleRef, Entry, Status, summary_of
from reflect.operations.query import parse_query, row_of_document
from reflect.operations.retention import document_dates, document_destroy_date
from reflect.operations.zones import zone_named

TODAY = date(2026, 12, 2)
AUCKLAND = zone_named("Pacific/Auckland")


def _entries() -> list[Entry]:
    """Fictional entries covering every field a row or a query reads."""
    base = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    found = []
    for n, status in enumerate([Status.DRAFT, Status.DECIDED, Status.EVALUATED] * 3):
        found.append(
            Entry(
                title="" if n == 4 else f"Fictieve casus {n} met een lange titel die doorloopt",
                created=base - timedelta(days=40 * n),
                status=status,
                situation=f"tekst {n}",
                articles=[ArticleRef("bpsw-2021", a, f"noot {a}") for a in range(n % 4)],
                follow_up=TODAY - timedelta(days=n) if n % 2 else None,
                delete_after=date(2026, 1, 1) + timedelta(days=30 * n) if n % 3 == 0 else None,
            )
        )
    return found


@pytest.mark.parametrize("zone", [None, AUCKLAND])
def test_rows_and_dates_from_a_summary_are_those_of_the_entry(zone: tzinfo | None) -> None:
    for entry in _entries():
        doc = entry.to_dict()
        whole = row_of_document(doc, zone=zone)
        summary = row_of_document(summary_of(doc), zone=zone)
        assert summary == whole
        assert summary.created == whole.created
        assert document_dates(summary_of(doc), 12, zone=zone) == document_dates(doc, 12, zone=zone)
        for months in (0, 12):  # the shortcut a list takes says what document_dates says
            assert (
                document_destroy_date(summary_of(doc), months, zone=zone)
                == document_dates(doc, months, zone=zone)[1]
            )


@pytest.mark.parametrize(
    "text",
    ["", "#1", "#2,3", "status:draft", "from:2026-01-01", "to:2025-12-31", "due", "expired"],
)
def test_a_query_without_words_answers_the_same_from_summaries(text: str) -> None:
    query = parse_query(text, TODAY, retention_months=12)
    for entry in _entries():
        doc = entry.to_dict()
        assert query.matches(row_of_document(summary_of(doc), zone=None)) == query.matches(
            row_of_document(doc, zone=None)
        ), (text, entry.title)


def test_a_summary_holds_no_text_but_the_title() -> None:
    doc = _entries()[3].to_dict()
    assert set(summary_of(doc)) == {
        "id", "created", "status", "title", "follow_up", "delete_after", "articles"
    }  # fmt: skip
    assert "noot" not in repr(summary_of(doc))


@pytest.mark.parametrize(
    ("text", "everything"),
    [("", True), ("   ", True), ("due", False), ("#10", False), ("woord", False),
     ("status:draft", False), ("from:2026-01-01", False), ("to:2026-01-01", False),
     ("expired", False)],
)  # fmt: skip
def test_only_the_empty_query_skips_testing_each_entry(text: str, everything: bool) -> None:
    """A list without a query keeps every entry without making a row for each; a query
    with any condition is tested against every entry."""
    assert parse_query(text, TODAY, retention_months=3).selects_all is everything
