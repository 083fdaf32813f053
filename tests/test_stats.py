"""The journal's patterns (`reflect stats`, the patterns screen, the reflectieverslag's
figures): exact counts per article, month, method and status on a fixed journal, months in
the user's time zone, core values counted only where an entry names them, the JSON shape,
and the command line's plain and JSON output.

EVERY ENTRY HERE IS FICTIONAL: invented situations, no real person or case.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).parent / "vault"))

from vault_helpers import Cli, fast_kdf

from reflect.catalog import Catalog, load_catalog
from reflect.model import ArticleRef, Entry, Stakeholder, Status
from reflect.operations.stats import (
    VALUES_COUNTED,
    ArticleCount,
    Patterns,
    ValueCount,
    bar,
    compute_patterns,
)
from reflect.vault.journal import Journal

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CODE = "bpsw-2021"


def at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC)


def entry(
    stamp: str,
    *articles: int,
    status: Status = Status.DRAFT,
    method: str | None = None,
    situation: str = "",
    values: str = "",
    code: str = CODE,
) -> Entry:
    return Entry(
        created=at(stamp),
        updated=at(stamp),
        title="Fictieve casus",
        situation=situation,
        stakeholders=[Stakeholder("Cliënt", values)] if values else [],
        articles=[ArticleRef(code, n) for n in articles],
        method=method,
        status=status,
    )


def fixed_journal() -> list[Entry]:
    """Six fictional entries over three months, two of them near a month's end at night."""
    return [
        entry("2026-01-10T09:00:00", 10, 13, status=Status.DECIDED, method="dilemmamethode"),
        entry("2026-01-20T14:00:00", 10, situation="De moeder wil haar autonomie houden."),
        # 21:30Z is 23:30 in Amsterdam (summer time since 29 March): still March 31st.
        entry("2026-03-31T21:30:00", 13, status=Status.EVALUATED, method="starr"),
        # 23:30Z is 01:30 on April 1st in Amsterdam: April, though it is March in UTC.
        entry(
            "2026-03-31T23:30:00", 10, 2, status=Status.DECIDED, values="integriteit, veiligheid"
        ),
        entry("2026-04-15T08:00:00", 2, method="dilemmamethode", situation="De betrokken buren."),
        entry("2026-04-16T08:00:00", 1, code="ifsw-2018"),
    ]


def documents(entries: list[Entry]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in entries]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def patterns_of(
    entries: list[Entry],
    catalog: Catalog,
    since: date | None = None,
    until: date | None = None,
) -> Patterns:
    return compute_patterns(documents(entries), catalog, AMSTERDAM, since=since, until=until)


# ---- the figures ----------------------------------------------------------------------------


def test_counts_per_article_most_first_ties_by_code_and_number(catalog: Catalog) -> None:
    found = patterns_of(fixed_journal(), catalog)
    assert found.entries == 6
    assert found.articles == (
        ArticleCount(CODE, 10, 3),
        ArticleCount(CODE, 2, 2),
        ArticleCount(CODE, 13, 2),
        ArticleCount("ifsw-2018", 1, 1),
    )


def test_an_article_tagged_twice_in_one_entry_counts_once(catalog: Catalog) -> None:
    doc = entry("2026-02-01T10:00:00", 10).to_dict()
    doc["articles"] = [{"code": CODE, "number": 10, "note": "a"}, {"code": CODE, "number": 10}]
    found = compute_patterns([doc], catalog, AMSTERDAM)
    assert found.articles == (ArticleCount(CODE, 10, 1),)


def test_months_are_local_calendar_months_near_midnight(catalog: Catalog) -> None:
    """2026-03-31T23:30Z is April in Amsterdam; 21:30Z the same evening is still March."""
    found = patterns_of(fixed_journal(), catalog)
    assert found.months == (("2026-01", 2), ("2026-02", 0), ("2026-03", 1), ("2026-04", 3))
    in_utc = compute_patterns(documents(fixed_journal()), catalog, UTC)
    assert dict(in_utc.months)["2026-03"] == 2 and dict(in_utc.months)["2026-04"] == 2


def test_the_winter_time_change_moves_the_boundary_by_an_hour(catalog: Catalog) -> None:
    """After the clocks go back (25 October 2026) Amsterdam is UTC+1: 23:30Z on 31 October
    is 00:30 on 1 November there, and 22:30Z is still October."""
    entries = [entry("2026-10-31T22:30:00", 10), entry("2026-10-31T23:30:00", 13)]
    found = patterns_of(entries, catalog)
    assert found.months == (("2026-10", 1), ("2026-11", 1))
    assert found.article_timeline(CODE, 13) == [0, 1]


def test_counts_per_status_always_list_all_three(catalog: Catalog) -> None:
    found = patterns_of(fixed_journal(), catalog)
    assert found.statuses == (("draft", 3), ("decided", 2), ("evaluated", 1))
    only_drafts = patterns_of([entry("2026-01-01T12:00:00")], catalog)
    assert only_drafts.statuses == (("draft", 1), ("decided", 0), ("evaluated", 0))


def test_counts_per_method_with_none_for_entries_without_one(catalog: Catalog) -> None:
    found = patterns_of(fixed_journal(), catalog)
    assert found.methods == (("none", 3), ("dilemmamethode", 2), ("starr", 1))


def test_articles_month_by_month(catalog: Catalog) -> None:
    found = patterns_of(fixed_journal(), catalog)
    assert found.article_timeline(CODE, 10) == [2, 0, 0, 1]
    assert found.article_timeline(CODE, 13) == [1, 0, 1, 0]
    assert found.articles_by_month["2026-04"] == (
        ArticleCount(CODE, 2, 2),
        ArticleCount(CODE, 10, 1),
        ArticleCount("ifsw-2018", 1, 1),
    )


def test_since_and_until_are_local_days_both_included(catalog: Catalog) -> None:
    found = patterns_of(fixed_journal(), catalog, since=date(2026, 3, 31), until=date(2026, 4, 1))
    assert found.entries == 2  # the evening of 31 March and the night entry, April 1st locally
    assert found.months == (("2026-03", 1), ("2026-04", 1))
    before = patterns_of(fixed_journal(), catalog, until=date(2026, 3, 31))
    assert before.entries == 3


def test_an_empty_selection_has_no_months_and_zero_counts(catalog: Catalog) -> None:
    found = patterns_of([], catalog)
    assert found.entries == 0 and found.months == () and found.articles == ()
    assert found.statuses == (("draft", 0), ("decided", 0), ("evaluated", 0))


# ---- core values: only where an entry names them ------------------------------------------


def test_core_values_are_counted_where_an_entry_names_them(catalog: Catalog) -> None:
    found = patterns_of(fixed_journal(), catalog)
    counts = {v.id: v.count for v in found.values}
    assert counts == {
        "waardigheid-en-autonomie": 1,  # "autonomie" in a situation
        "betrouwbaarheid": 1,  # "integriteit" among a stakeholder's values
        "betrokkenheid": 0,  # "betrokken buren" is not the value betrokkenheid
        "rechtvaardigheid": 0,
        "deskundigheid": 0,
    }
    assert found.values[:2] == (
        ValueCount("waardigheid-en-autonomie", 1),
        ValueCount("betrouwbaarheid", 1),
    )
    assert found.value_timeline("betrouwbaarheid") == [0, 0, 0, 1]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Zijn waardigheid staat op het spel.", {"waardigheid-en-autonomie"}),
        ("Waardigheden botsen hier.", {"waardigheid-en-autonomie"}),  # an inflected form
        ("Her AUTONOMY matters.", {"waardigheid-en-autonomie"}),  # English, any case
        ("Mijn deskundigheid schiet tekort.", {"deskundigheid"}),
        ("Dit raakt aan mensenrechten.", {"rechtvaardigheid"}),
        ("Integrity of the team.", {"betrouwbaarheid"}),
        ("Een deskundig advies van de betrokken collega.", set()),  # adjectives, not values
        ("An integrated care plan, with respect for his wishes.", set()),  # generic words
    ],
)
def test_which_words_name_a_value(catalog: Catalog, text: str, named: set[str]) -> None:
    found = patterns_of([entry("2026-01-01T12:00:00", situation=text)], catalog)
    assert {v.id for v in found.values if v.count} == named


def test_a_value_named_twice_in_one_entry_counts_once(catalog: Catalog) -> None:
    twice = entry("2026-01-01T12:00:00", situation="autonomie", values="autonomie, waardigheid")
    found = patterns_of([twice], catalog)
    assert {v.id: v.count for v in found.values}["waardigheid-en-autonomie"] == 1


def test_without_a_catalogue_no_value_is_counted(catalog: Catalog) -> None:
    found = compute_patterns(documents(fixed_journal()), None, AMSTERDAM)
    assert found.values == () and found.entries == 6


# ---- JSON ------------------------------------------------------------------------------------


def test_the_json_shape(catalog: Catalog) -> None:
    data = patterns_of(fixed_journal(), catalog).to_json()
    assert data["entries"] == 6
    assert data["articles"][0] == {"code": CODE, "number": 10, "count": 3}
    assert all(set(a) == {"code", "number", "count"} for a in data["articles"])
    assert data["values"][0] == {"id": "waardigheid-en-autonomie", "count": 1}
    assert data["values_counted"] == VALUES_COUNTED == "named-in-entries"
    assert data["months"] == {"2026-01": 2, "2026-02": 0, "2026-03": 1, "2026-04": 3}
    assert data["methods"] == {"none": 3, "dilemmamethode": 2, "starr": 1}
    assert data["statuses"] == {"draft": 3, "decided": 2, "evaluated": 1}
    assert data["articles_by_month"]["2026-02"] == []
    assert data["since"] is None and data["until"] is None
    json.dumps(data)  # plain JSON all the way down


def test_bars_start_at_zero_and_never_vanish() -> None:
    assert bar(0, 10, 20) == ""
    assert bar(10, 10, 20) == "█" * 20
    assert bar(5, 10, 20) == "█" * 10
    assert bar(1, 1000, 20) != ""  # a rare figure still shows


# ---- the command line -----------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "data", tmp_path / "config")
    made.data_dir.mkdir(parents=True)
    journal, _ = Journal.create(made.journal, made.passphrase, fast_kdf())
    journal.add_many(fixed_journal())  # keeps the entries' own timestamps
    journal.close()
    return made


def test_stats_json_on_the_command_line(cli: Cli) -> None:
    result = cli.run("stats", "--json", TZ="Europe/Amsterdam")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["months"] == {"2026-01": 2, "2026-02": 0, "2026-03": 1, "2026-04": 3}
    assert data["articles"][:2] == [
        {"code": CODE, "number": 10, "count": 3},
        {"code": CODE, "number": 2, "count": 2},
    ]
    assert data["statuses"] == {"draft": 3, "decided": 2, "evaluated": 1}


def test_stats_json_with_since_and_until(cli: Cli) -> None:
    result = cli.run("stats", "--json", "--since", "2026-04-01", TZ="Europe/Amsterdam")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["entries"] == 3 and data["since"] == "2026-04-01"
    assert data["months"] == {"2026-04": 3}


def test_stats_plain_output_is_a_readable_table(cli: Cli) -> None:
    result = cli.run("stats", TZ="Europe/Amsterdam")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Patterns · 6 entries · 2026-01 – 2026-04"
    assert "Articles, most cited first" in lines
    first_article = lines[lines.index("Articles, most cited first") + 1]
    assert first_article.split()[:5] == ["Article", "10", "–", "Vertrouwelijkheid", "3"]
    assert any(line.split()[:3] == ["open", "(draft)", "3"] for line in lines)
    assert any(line.split()[:2] == ["2026-02", "0"] for line in lines)
    assert "Core values named in entries" in lines
    assert "names the value" in result.out  # the honest basis of the figure
    dutch = cli.run("--lang", "nl", "stats", TZ="Europe/Amsterdam")
    assert dutch.out.splitlines()[0] == "Patronen · 6 notities · 2026-01 – 2026-04"


@pytest.mark.parametrize(
    "args",
    [("--since", "2026-05-01", "--until", "2026-04-01"), ("--since", "gisteren")],
)
def test_a_bad_period_is_a_usage_error_before_the_passphrase(
    cli: Cli, args: tuple[str, ...]
) -> None:
    result = cli.run("stats", *args, REFLECT_PASSPHRASE=None)
    assert result.code == 2
    assert result.error_line().startswith("reflect: error:")


# ---- the reflectieverslag's optional figures -----------------------------------------------


def test_the_reflectieverslag_adds_the_figures_only_when_asked(catalog: Catalog) -> None:
    from reflect.export.document import all_text
    from reflect.export.templates import ExportInput, build_document
    from reflect.operations.figures import figures_section

    entries = fixed_journal()
    plain = build_document("reflectieverslag", ExportInput(entries, "en", date(2026, 5, 1)))
    assert "Figures" not in [s.heading for s in plain.sections]
    asked = ExportInput(entries, "en", date(2026, 5, 1), figures=figures_section)
    doc = build_document("reflectieverslag", asked)
    figures = doc.sections[-1]
    assert figures.heading == "Figures"
    assert [s.heading for s in figures.subsections] == [
        "Open, decided, evaluated",
        "Articles, most cited first",
        "Core values named in entries",
        "Methods",
        "Entries per month",
    ]
    text = all_text(doc)
    assert "open (draft) 3×" in text and "Article 10 – Vertrouwelijkheid 3×" in text
    assert "Respect for human dignity and autonomy 1×" in text
    # Nothing in the figures is the user's text: the identifier check has nothing to redact.
    for block in figures.blocks:
        assert not getattr(block, "user", False)
    for sub in figures.subsections:
        for block in sub.blocks:
            assert all(not i.text_user and not i.lead_user for i in block.items)  # type: ignore[union-attr]


def test_export_with_stats_on_the_command_line(cli: Cli) -> None:
    result = cli.run(
        "export",
        "--template",
        "reflectieverslag",
        "--format",
        "md",
        "--with-stats",
        TZ="Europe/Amsterdam",
    )
    assert result.code == 0, result.err
    assert "## Figures" in result.out
    assert "- **2026-02** — 0×" in result.out  # months in the user's zone, gaps included
    refused = cli.run("export", "--template", "werkverslag", "--with-stats")
    assert refused.code == 2
    assert "reflectieverslag" in refused.error_line()
