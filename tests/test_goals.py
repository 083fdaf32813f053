"""Learning goals: adding, renaming, closing, linking entries (refusals store nothing), and
`reflect goals` (JSON shape, exit codes). All data is fictional."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "vault"))

from vault_helpers import PASSPHRASE, Cli

from reflect.errors import EntryNotFound, UsageError
from reflect.export import prepare_export, render_preview
from reflect.model import Entry
from reflect.operations.exporting import read_material, with_goals
from reflect.operations.goals import (
    add_goal,
    close_goal,
    link_entries,
    list_goals,
    remove_goal,
    rename_goal,
    reopen_goal,
    unlink_entries,
)
from reflect.operations.links import links_of
from reflect.operations.query import parse_query
from reflect.vault.journal import GOALS, Journal


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    made, _ = Journal.create(tmp_path / "j.reflect", PASSPHRASE)
    return made


@pytest.mark.parametrize(("text", "words"), [("   ", "needs words"), ("x" * 201, "at most 200")])
def test_empty_or_very_long_goal_text_is_refused(journal: Journal, text: str, words: str) -> None:
    with pytest.raises(UsageError) as refused:
        add_goal(journal, text)
    assert words in str(refused.value)
    assert journal.records(GOALS) == []


def test_goal_life_cycle(journal: Journal) -> None:
    first = journal.add(Entry(title="Fictief: grens bij mantelzorger"))
    second = journal.add(Entry(title="Fictief: geheimhouding school"))
    goal = add_goal(journal, "  Grenzen   stellen\nbij collega's ")
    assert goal.text == "Grenzen stellen bij collega's"
    link_entries(journal, goal.id[:4], [first.id, second.id[:5], first.id])
    assert list_goals(journal)[0].entries == (first.id, second.id)
    assert [g.id for g in links_of(journal, second.id).goals] == [goal.id]
    unlink_entries(journal, goal.id, [second.id])
    assert list_goals(journal)[0].entries == (first.id,)
    rename_goal(journal, goal.id, "Grenzen stellen")
    closed = close_goal(journal, goal.id, date(2026, 3, 16))
    assert (closed.text, closed.closed) == ("Grenzen stellen", date(2026, 3, 16))
    later = add_goal(journal, "Moreel beraad voorbereiden")
    assert [g.id for g in list_goals(journal)] == [later.id, goal.id]  # open goals first
    assert reopen_goal(journal, goal.id).closed is None
    remove_goal(journal, goal.id)
    assert journal.has(first.id)  # the entries stay
    assert [g.id for g in list_goals(journal)] == [later.id]


def test_linking_an_unknown_entry_links_nothing(journal: Journal) -> None:
    entry = journal.add(Entry(title="Fictief"))
    goal = add_goal(journal, "Leerdoel")
    with pytest.raises(EntryNotFound):
        link_entries(journal, goal.id, [entry.id, "qqqqqqqq"])
    assert list_goals(journal)[0].entries == ()
    with pytest.raises(UsageError):
        link_entries(journal, "qqqqqqqq", [entry.id])


def test_destroying_an_entry_takes_it_off_its_goals(journal: Journal) -> None:
    entry = journal.add(Entry(title="Fictief"))
    goal = add_goal(journal, "Leerdoel")
    link_entries(journal, goal.id, [entry.id])
    journal.destroy([entry.id])
    assert list_goals(journal)[0].entries == ()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    made = Cli(tmp_path / "data", tmp_path / "config")
    made.init()
    return made


def test_cli_goals(cli: Cli) -> None:
    entry_id = cli.run("new", "--title", "Fictief: werkverslag").out.strip()
    added = cli.run("goals", "add", "Grenzen", "stellen", "--json")
    assert added.code == 0, added.err
    goal = json.loads(added.out)
    assert set(goal) == {"id", "text", "created", "closed", "entries", "count"}
    assert cli.run("goals", "link", goal["id"][:4], entry_id[:5]).code == 0
    assert cli.run("goals", "link", goal["id"], "qqqqqq").code == 2
    assert cli.run("goals", "done", goal["id"]).code == 0
    [listed] = json.loads(cli.run("goals", "list", "--json").out)
    assert (listed["text"], listed["entries"], listed["count"]) == (
        "Grenzen stellen",
        [entry_id],
        1,
    )
    assert listed["closed"] is not None
    assert "Learning goals: Grenzen stellen" in cli.run("show", entry_id).out
    empty = cli.run("goals", "add", " ")
    assert empty.code == 2 and "needs words" in empty.error_line()
    assert cli.run("goals", "remove", "qqqqqq").code == 2
    assert cli.run("goals", "remove", goal["id"]).code == 0
    assert json.loads(cli.run("goals", "list", "--json").out) == []


# ---- supervision exports grouped by goal ----------------------------------------------------


def _grouped_markdown(journal: Journal, template: str) -> str:
    material = with_goals(journal, read_material(journal, [], parse_query("", date(2026, 3, 16)),
                                                 with_revisions=False))  # fmt: skip
    prepared = prepare_export(
        material.entries, template=template, lang="en", aliases={}, names=None,
        generated=date(2026, 3, 16), goals=material.goals,
    )  # fmt: skip
    assert not prepared.blocked
    return render_preview(prepared.document)


def _goal_journal(journal: Journal) -> None:
    """Fictional: two goals; one entry under both, one under one, one under none."""
    both = journal.add(Entry(title="Casus beide", situation="Situatie A."))
    one = journal.add(Entry(title="Casus een", situation="Situatie B."))
    journal.add(Entry(title="Casus los", situation="Situatie C."))
    first = add_goal(journal, "Grenzen stellen")
    second = add_goal(journal, "Moreel beraad leiden")
    link_entries(journal, first.id, [both.id, one.id])
    link_entries(journal, second.id, [both.id])


def test_werkverslag_by_goal_puts_entries_under_each_goal_then_the_rest(journal: Journal) -> None:
    _goal_journal(journal)
    text = _grouped_markdown(journal, "werkverslag")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Grenzen stellen",
        "## Casus beide",
        "## Casus een",
        "## Moreel beraad leiden",
        "## Casus beide",  # linked to two goals: under both
        "## Without a learning goal",
        "## Casus los",
    ]
    assert "*Learning goal · 2 entries*" in text
    assert "*Learning goal · 1 entry*" in text
    assert text.count("Situatie A.") == 2


def test_reflectieverslag_by_goal_lists_worked_on_per_goal(journal: Journal) -> None:
    _goal_journal(journal)
    text = _grouped_markdown(journal, "reflectieverslag")
    worked_on = text.split("## What I worked on", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in worked_on.splitlines() if line.strip()]
    assert [line for line in lines if line.startswith("###")] == [
        "### Grenzen stellen",
        "### Moreel beraad leiden",
        "### Without a learning goal",
    ]
    assert sum("Casus beide" in line for line in lines) == 2


def test_a_goal_text_is_checked_for_identifiers_like_entry_text(journal: Journal) -> None:
    entry = journal.add(Entry(title="Casus", situation="Niets bijzonders."))
    goal = add_goal(journal, "Terugbellen op 06-12345678 oefenen")
    link_entries(journal, goal.id, [entry.id])
    material = with_goals(journal, read_material(journal, [], parse_query("", date(2026, 3, 16)),
                                                 with_revisions=False))  # fmt: skip
    prepared = prepare_export(material.entries, lang="en", aliases={}, names=None,
                              goals=material.goals)  # fmt: skip
    assert prepared.blocked
    ungrouped = prepare_export(material.entries, lang="en", aliases={}, names=None)
    assert not ungrouped.blocked  # the finding came from the goal's words


def test_cli_export_by_goal(cli: Cli) -> None:
    entry_id = cli.run("new", "--title", "Fictief: huisbezoek").out.strip()
    goal = json.loads(cli.run("goals", "add", "Grenzen stellen", "--json").out)
    cli.run("goals", "link", goal["id"], entry_id)
    made = cli.run("export", "--by-goal", "--template", "werkverslag", "--format", "md")
    assert made.code == 0, made.err
    assert made.out.index("## Grenzen stellen") < made.out.index("## Fictief: huisbezoek")
    refused = cli.run("export", "--by-goal", "--template", "full", "--format", "md")
    assert refused.code == 2


def test_by_goal_pages_each_goal_with_its_first_entry(journal: Journal) -> None:
    """PDF, DOCX and printed HTML start every section marked as an entry after the first
    on a new page: a goal's heading is one, its first entry follows on the same page."""
    _goal_journal(journal)
    material = with_goals(journal, read_material(journal, [], parse_query("", date(2026, 3, 16)),
                                                 with_revisions=False))  # fmt: skip
    doc = prepare_export(material.entries, lang="en", aliases={}, names=None,
                         goals=material.goals).document  # fmt: skip
    assert [(s.heading, s.entry) for s in doc.sections] == [
        ("Grenzen stellen", True),
        ("Casus beide", False),
        ("Casus een", True),
        ("Moreel beraad leiden", True),
        ("Casus beide", False),
        ("Without a learning goal", True),
        ("Casus los", False),
    ]


def test_the_command_line_stores_goal_and_code_text_without_escape_sequences(cli: Cli) -> None:
    """Text typed on the command line is cleaned as the app cleans it: an escape sequence
    (pasted, or meant to recolour a terminal) never reaches the journal or an export."""
    added = cli.run("goals", "add", "Grenzen\x1b[2J stellen\x07", "--json")
    assert added.code == 0, added.err
    assert json.loads(added.out)["text"] == "Grenzen stellen"  # the whole sequence is gone
    logged = cli.run("meetings", "add", "--date", "2025-05-12", "--form", "intervisie",
                     "--hours", "1", "--with", "IV\x1b]0;x\x07-1", "--json")  # fmt: skip
    assert logged.code == 0, logged.err
    [meeting] = json.loads(cli.run("meetings", "list", "--json").out)
    assert "\x1b" not in meeting["code"] and "\x07" not in meeting["code"]
