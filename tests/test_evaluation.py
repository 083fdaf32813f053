"""The evaluation cycle (reflect.operations.evaluation) and `reflect evaluate`.

An entry's decision is looked back on when its follow-up comes due: the three answers are
stored, the entry becomes ``evaluated``, and the next cycle can start from what was learned,
linked back to the entry it follows. Everything written here is fictional.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reflect.catalog import DEFAULT_CODE
from reflect.cli import main
from reflect.errors import EntryNotFound, UsageError
from reflect.fields import BY_NAME, TEXT_FIELDS
from reflect.model import ArticleRef, Entry, Status
from reflect.operations.evaluation import due_entries, evaluate, follows_link
from reflect.vault.journal import Journal
from reflect.vault.storage import JournalLock

PASS = "fictief wachtwoord"
TODAY = date(2026, 3, 16)

DECIDED = Entry(
    title="Fictief: jongere wil niet dat moeder meeleest",
    case_code="WT-2099-014",
    decision="Eerst met de jongere praten, daarna samen met moeder.",
    articles=[ArticleRef(DEFAULT_CODE, 10, "toestemming"), ArticleRef(DEFAULT_CODE, 13)],
    status=Status.DECIDED,
    follow_up=date(2026, 3, 10),
)
ANSWERS = (
    "Het gesprek met de jongere ging goed; moeder was eerst boos.",
    "Eerst de jongere spreken.",
    "Moeder eerder uitleggen waarom ik zo werk.",
)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    opened, _ = Journal.create(tmp_path / "j.reflect", PASS)
    yield opened
    opened.close()  # the one the test left open (reopened() closes the first)


def stored(journal: Journal, entry: Entry) -> str:
    return journal.add(entry).id


def reopened(journal: Journal) -> Journal:
    """The journal as read back from disk: what was saved, not what is in memory."""
    path = journal.path
    journal.close()
    lock = JournalLock(path)
    lock.acquire()
    return Journal.unlock(path, PASS, lock)


# ---- the fields ----------------------------------------------------------------------------


def test_the_three_answers_are_fields_of_the_one_table_after_the_decision() -> None:
    names = [name for name in TEXT_FIELDS if name.startswith("evaluation_")]
    assert names == ["evaluation_outcome", "evaluation_again", "evaluation_learned"]
    order = list(BY_NAME)
    assert order.index("decision") < order.index("evaluation_outcome")
    assert order.index("evaluation_learned") < order.index("status")
    for name in names:
        assert BY_NAME[name].label.nl and BY_NAME[name].label.en and BY_NAME[name].hint


# ---- evaluating ------------------------------------------------------------------------------


def test_evaluating_stores_the_answers_marks_it_evaluated_and_clears_the_follow_up(
    journal: Journal,
) -> None:
    entry_id = stored(journal, DECIDED)
    done = evaluate(journal, entry_id, *ANSWERS, today=TODAY)
    assert done.next_entry is None

    saved = reopened(journal).get(entry_id)
    assert (saved.evaluation_outcome, saved.evaluation_again, saved.evaluation_learned) == ANSWERS
    assert saved.status is Status.EVALUATED and saved.follow_up is None
    assert saved.decision == DECIDED.decision  # the rest is untouched


def test_the_version_before_the_evaluation_is_kept(journal: Journal) -> None:
    entry_id = stored(journal, DECIDED)
    evaluate(journal, entry_id, *ANSWERS, today=TODAY)
    [before] = journal.revisions(entry_id)
    assert before.entry.status is Status.DECIDED and before.entry.follow_up == date(2026, 3, 10)


def test_a_next_follow_up_date_without_a_next_cycle_stays_on_the_entry(journal: Journal) -> None:
    entry_id = stored(journal, DECIDED)
    evaluate(journal, entry_id, *ANSWERS, next_follow_up=date(2026, 6, 1), today=TODAY)
    saved = reopened(journal).get(entry_id)
    assert saved.status is Status.EVALUATED and saved.follow_up == date(2026, 6, 1)


def test_the_next_cycle_starts_from_what_was_learned_and_links_back(journal: Journal) -> None:
    entry_id = stored(journal, DECIDED)
    done = evaluate(
        journal, entry_id, *ANSWERS, next_follow_up=date(2026, 6, 1), start_next=True,
        today=TODAY,
    )  # fmt: skip
    assert done.next_entry is not None
    journal = reopened(journal)
    evaluated, following = journal.get(entry_id), journal.get(done.next_entry.id)

    assert following.follows == entry_id
    assert following.status is Status.DRAFT
    assert following.case_code == DECIDED.case_code
    assert following.articles == DECIDED.articles
    assert DECIDED.title in following.title and following.title != DECIDED.title
    assert ANSWERS[2] in following.situation
    assert not following.decision and not following.evaluation_learned
    # The date is the next cycle's to be looked back on; the evaluated entry is done.
    assert following.follow_up == date(2026, 6, 1) and evaluated.follow_up is None
    link = follows_link(journal, following)
    assert link is not None and link.title == DECIDED.title and not link.gone
    assert follows_link(journal, evaluated) is None


def test_a_retry_with_the_same_next_id_starts_no_second_cycle(journal: Journal) -> None:
    """The app picks the next cycle's id once: evaluating again after a failed save stores
    that same entry again."""
    entry_id = stored(journal, DECIDED)
    evaluate(journal, entry_id, *ANSWERS, start_next=True, today=TODAY, next_id="vervolg0001")
    evaluate(journal, entry_id, *ANSWERS, start_next=True, today=TODAY, next_id="vervolg0001")
    assert sorted(e.id for e in journal.list_entries()) == sorted([entry_id, "vervolg0001"])


def test_a_draft_with_a_decision_can_be_evaluated(journal: Journal) -> None:
    entry_id = stored(journal, replace(DECIDED, status=Status.DRAFT))
    evaluate(journal, entry_id, *ANSWERS, today=TODAY)
    assert journal.get(entry_id).status is Status.EVALUATED


@pytest.mark.parametrize(
    ("entry", "answers", "next_date", "named"),
    [
        (replace(DECIDED, status=Status.DRAFT, decision=""), ANSWERS, None, "no decision"),
        (DECIDED, ("", " ", "\n"), None, "at least one answer"),
        (DECIDED, ANSWERS, TODAY, "not after today"),
        (DECIDED, ANSWERS, date(2026, 3, 1), "not after today"),
    ],
    ids=["draft-without-decision", "no-answers", "next-date-today", "next-date-past"],
)
def test_refused_evaluations_say_why_and_store_nothing(
    journal: Journal,
    entry: Entry,
    answers: tuple[str, str, str],
    next_date: date | None,
    named: str,
) -> None:
    entry_id = stored(journal, entry)
    on_disk = journal.path.read_bytes()
    with pytest.raises(UsageError, match=named):
        evaluate(journal, entry_id, *answers, next_follow_up=next_date, start_next=True,
                 today=TODAY)  # fmt: skip
    assert journal.path.read_bytes() == on_disk
    assert [e.id for e in journal.list_entries()] == [entry_id]
    kept = journal.get(entry_id)
    assert kept == replace(entry, id=entry_id, created=kept.created, updated=kept.updated)
    assert not journal.unsaved


def test_an_unknown_id_is_refused(journal: Journal) -> None:
    with pytest.raises(EntryNotFound):
        evaluate(journal, "onbekend00", *ANSWERS, today=TODAY)


# ---- what is due -----------------------------------------------------------------------------


def test_due_entries_are_those_with_a_follow_up_today_or_earlier_longest_overdue_first(
    journal: Journal,
) -> None:
    journal.add_many([
        replace(DECIDED, id="aaaaaaaaaa", title="Vandaag", follow_up=TODAY),
        replace(DECIDED, id="bbbbbbbbbb", title="Lang geleden", follow_up=date(2026, 1, 5)),
        replace(DECIDED, id="cccccccccc", title="Morgen", follow_up=date(2026, 3, 17)),
        replace(DECIDED, id="dddddddddd", title="Geen datum", follow_up=None),
    ])  # fmt: skip
    due = due_entries(journal.documents(), TODAY)
    assert [r.title for r in due] == ["Lang geleden", "Vandaag"]
    evaluate(journal, "bbbbbbbbbb", *ANSWERS, today=TODAY)
    assert [r.title for r in due_entries(journal.documents(), TODAY)] == ["Vandaag"]


# ---- the link when the earlier entry is destroyed ---------------------------------------------


def test_destroying_the_evaluated_entry_leaves_the_next_cycle_whole(journal: Journal) -> None:
    entry_id = stored(journal, DECIDED)
    done = evaluate(journal, entry_id, *ANSWERS, start_next=True, today=TODAY)
    assert done.next_entry is not None
    journal.delete(entry_id)
    journal = reopened(journal)
    following = journal.get(done.next_entry.id)
    assert following.follows == entry_id
    link = follows_link(journal, following)
    assert link is not None and link.gone and link.title == ""


# ---- reflect evaluate ------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    capsys.readouterr()
    return Path(os.environ["REFLECT_JOURNAL"])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def new_decided(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(
        capsys, "new", "--title", DECIDED.title, "--case-code", DECIDED.case_code,
        "--decision", DECIDED.decision, "--article", "10:toestemming", "--status", "decided",
        "--follow-up", "2026-03-10",
    )  # fmt: skip
    assert code == 0, err
    return out.strip()


def shown(capsys: pytest.CaptureFixture[str], entry_id: str) -> dict[str, object]:
    code, out, err = run(capsys, "show", entry_id, "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_reflect_evaluate_with_a_next_cycle(cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry_id = new_decided(capsys)
    code, out, err = run(
        capsys, "evaluate", entry_id[:6], "--outcome", ANSWERS[0], "--again", ANSWERS[1],
        "--learned", ANSWERS[2], "--next-follow-up", "2099-06-01", "--next-cycle", "--json",
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert result["evaluated"]["id"] == entry_id
    assert result["evaluated"]["status"] == "evaluated"
    assert result["evaluated"]["evaluation_learned"] == ANSWERS[2]
    assert result["evaluated"]["follow_up"] is None
    following = result["next"]
    assert following["follows"] == entry_id and following["follow_up"] == "2099-06-01"
    assert shown(capsys, entry_id) == result["evaluated"]  # what was printed is what is stored
    assert shown(capsys, following["id"]) == following

    code, out, _ = run(capsys, "show", following["id"])
    assert code == 0 and f"Follows on: {entry_id} {DECIDED.title}" in out
    code, out, _ = run(capsys, "list", "--filter", "status:draft", "--json")
    assert [e["id"] for e in json.loads(out)] == [following["id"]]


def test_plain_output_names_both_entries(cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry_id = new_decided(capsys)
    code, out, err = run(capsys, "--lang", "nl", "evaluate", entry_id, "--learned", ANSWERS[2],
                         "--next-cycle")  # fmt: skip
    assert code == 0, err
    first, second = out.strip().splitlines()
    assert entry_id in first
    next_id = second.split()[-1]
    assert shown(capsys, next_id)["title"] == f"Vervolg: {DECIDED.title}"


def test_an_answer_not_given_keeps_what_was_written(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry_id = new_decided(capsys)
    assert run(capsys, "evaluate", entry_id, "--outcome", ANSWERS[0])[0] == 0
    assert run(capsys, "evaluate", entry_id, "--learned", ANSWERS[2])[0] == 0
    data = shown(capsys, entry_id)
    assert (data["evaluation_outcome"], data["evaluation_learned"]) == (ANSWERS[0], ANSWERS[2])


def test_show_says_when_the_entry_followed_on_is_gone(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry_id = new_decided(capsys)
    code, out, _ = run(capsys, "evaluate", entry_id, "--learned", ANSWERS[2], "--next-cycle",
                       "--json")  # fmt: skip
    next_id = json.loads(out)["next"]["id"]
    assert run(capsys, "delete", entry_id, "--yes")[0] == 0
    code, out, err = run(capsys, "show", next_id)
    assert code == 0, err
    assert f"Follows on: {entry_id} (no longer in the journal)" in out
    assert run(capsys, "list")[0] == 0


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--outcome", "x", "--next-follow-up", "volgende week"], "volgende week"),
        (["--outcome", "x", "--next-follow-up", "2020-01-01"], "2020-01-01"),
        ([], "--outcome"),
        (["--outcome", "  "], "at least one answer"),
    ],
    ids=["not-a-date", "date-in-the-past", "no-answer-given", "only-blank"],
)
def test_bad_input_is_one_line_exit_2_and_nothing_stored(
    cli: Path, capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    entry_id = new_decided(capsys)
    on_disk = cli.read_bytes()
    code, out, err = run(capsys, "evaluate", entry_id, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and named in err and "Traceback" not in err
    assert cli.read_bytes() == on_disk


def test_an_unknown_id_or_an_undecided_draft_is_refused(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "new", "--title", "Fictief: nog niets besloten")
    draft_id = out.strip()
    on_disk = cli.read_bytes()
    code, out, err = run(capsys, "evaluate", "onbekend00", "--outcome", "x")
    assert code == 2 and "onbekend00" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "evaluate", draft_id, "--outcome", "x")
    assert code == 2 and draft_id in err and "decision" in err
    assert cli.read_bytes() == on_disk


def test_the_link_survives_list_json_imported_into_another_journal(
    cli: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry_id = new_decided(capsys)
    run(capsys, "evaluate", entry_id, "--learned", ANSWERS[2], "--next-cycle")
    code, exported, _ = run(capsys, "list", "--json")
    source = tmp_path / "alles.json"
    source.write_text(exported, encoding="utf-8")
    other = str(tmp_path / "ander" / "journal.reflect")
    assert run(capsys, "--journal", other, "init")[0] == 0
    code, _, err = run(capsys, "--journal", other, "import", str(source))
    assert code == 0, err
    code, out, _ = run(capsys, "--journal", other, "list", "--json")
    assert json.loads(out) == json.loads(exported)
    assert {e["follows"] for e in json.loads(out)} == {None, entry_id}
