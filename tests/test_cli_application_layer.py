"""The command line as a thin face of the application layer (reflect/operations).

- ``show --json`` and ``new/edit --json-input`` are one shape: JSON out goes back in
  unchanged, and a key or value the layer refuses stores nothing;
- the options of ``new``/``edit`` come from the field table;
- ``list --filter``, ``search``, the export selection and the app's list filter are one query;
- exports follow the target policy (not in the journal's folder, ``--overwrite``, the
  export folder);
- the command line speaks the language chosen in the app.

Everything typed into these entries is fictional.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reflect import fields
from reflect.catalog import DEFAULT_CODE, load_catalog
from reflect.cli import build_parser, main
from reflect.fields import FIELDS, FieldSpec, Kind, Words
from reflect.model import ArticleRef, Entry, Status
from reflect.operations.exporting import read_material
from reflect.operations.query import filter_rows, parse_query, row_of_entry
from reflect.operations.values import number_ranges
from reflect.privacy import NameDetector, load_name_detector
from reflect.vault.journal import Journal

PASS = "twee losse woorden"

# Every field of an entry, filled, as `show --json` gives it (fictional text only).
FULL: dict[str, Any] = {
    "title": "Fictief: inzage in het dossier",
    "case_code": "WT-2099-001",
    "situation": "Een moeder wil het dossier van haar zoon van 16 lezen.\nDe zoon wil dat niet.",
    "question": "Hoe weeg ik de wens van de moeder tegen de privacy van de jongere?",
    "dilemma": "Het dossier laten inzien of de jongere beschermen?",
    "options": [
        {"description": "Moeder laten meelezen", "harm": "vertrouwen van de jongere geschaad"},
        {"description": "Eerst met de jongere praten", "harm": ""},
    ],
    "stakeholders": [
        {"who": "de jongere", "values": "autonomie, privacy"},
        {"who": "de moeder", "values": "betrokkenheid"},
    ],
    "decision": "Eerst een gesprek met de jongere, daarna samen met de moeder.",
    "rationale": "De jongere is 16: zijn toestemming weegt zwaar.",
    "damage_limitation": "De moeder uitleggen waarom, en wat wel kan.",
    "feelings": "Ongemakkelijk tegenover de moeder.",
    "learning_goal": "Helder zijn over beroepsgeheim bij jongeren.",
    "articles": [
        {"code": "bpsw-2021", "number": 10, "note": "toestemming van de jongere"},
        {"code": "bpsw-2021", "number": 13, "note": "beroepsgeheim"},
    ],
    "method": "dilemmamethode",
    "method_answers": {"verhelderen": "Wat wil de moeder precies weten?", "deugden": "Eerlijk"},
    "evaluation_outcome": "De jongere vertelde zelf wat hij wilde delen.",
    "evaluation_again": "Eerst het gesprek met de jongere.",
    "evaluation_learned": "De moeder eerder meenemen in het waarom.",
    "status": "decided",
    "follow_up": "2099-03-01",
    "delete_after": "2099-12-31",
}


@pytest.fixture
def journal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new journal; returns its path."""
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    capsys.readouterr()
    return Path(os.environ["REFLECT_JOURNAL"])


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None
) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)  # restored by the autouse fixture below
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _keep_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", sys.stdin)


def new_from_json(capsys: pytest.CaptureFixture[str], data: dict[str, Any]) -> str:
    code, out, err = run(capsys, "new", "--json-input", stdin=json.dumps(data))
    assert code == 0, err
    return out.strip()


def show_json(capsys: pytest.CaptureFixture[str], entry_id: str, *more: str) -> dict[str, Any]:
    code, out, err = run(capsys, "show", entry_id, "--json", *more)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def list_json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "list", "--json")
    assert code == 0, err
    listed: list[dict[str, Any]] = json.loads(out)
    return listed


# ---- JSON in is JSON out ------------------------------------------------------------------


def test_new_json_input_stores_every_field(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert {spec.name for spec in FIELDS} == set(FULL), "FULL must fill every field"
    shown = show_json(capsys, new_from_json(capsys, FULL))
    assert {name: shown[name] for name in FULL} == FULL


def test_show_json_fed_to_edit_json_input_changes_nothing(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry_id = new_from_json(capsys, FULL)
    before = show_json(capsys, entry_id)
    assert all(before[spec.name] for spec in FIELDS), "every field must be filled"
    on_disk = journal.read_bytes()

    code, out, err = run(capsys, "edit", entry_id, "--json-input", stdin=json.dumps(before))
    assert code == 0, err
    assert out.strip() == entry_id

    after = show_json(capsys, entry_id, "--revisions")
    assert after.pop("revisions") == []
    assert after == before
    assert journal.read_bytes() == on_disk  # not even saved again


def test_edit_json_input_changes_only_what_differs(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry_id = new_from_json(capsys, FULL)
    data = {**show_json(capsys, entry_id), "status": "evaluated", "follow_up": None}
    assert run(capsys, "edit", entry_id, "--json-input", stdin=json.dumps(data))[0] == 0
    after = show_json(capsys, entry_id, "--revisions")
    assert after["status"] == "evaluated" and after["follow_up"] is None
    assert [r["entry"]["status"] for r in after.pop("revisions")] == ["decided"]


BAD_JSON = [
    ({"titel": "Fictief"}, ["titel", "title", "case_code", "delete_after"]),
    ({"status": "klaar"}, ["status", "klaar", "draft, decided, evaluated"]),
    ({"follow_up": "volgende week"}, ["follow_up", "volgende week", "YYYY-MM-DD"]),
    ({"delete_after": 20991231}, ["delete_after", "YYYY-MM-DD"]),
    (
        {"articles": [{"code": "bpsw-2021", "number": 99, "note": ""}]},
        ["articles", "99", "ARTICLE-RANGES"],
    ),
    ({"articles": [{"code": "geen-code", "number": 1}]}, ["articles", "geen-code", DEFAULT_CODE]),
    (
        {"options": [{"beschrijving": "Moeder laten meelezen", "harm": "vertrouwen"}]},
        ["options", "beschrijving", "description, harm"],
    ),
    ({"stakeholders": [{"wie": "de jongere"}]}, ["stakeholders", "wie", "who, values"]),
    ({"method": "geen-methode"}, ["method", "geen-methode", "dilemmamethode"]),
]


@pytest.mark.parametrize("command", ["new", "edit"])
@pytest.mark.parametrize(("payload", "named"), BAD_JSON, ids=lambda v: str(v)[:30])
def test_refused_json_names_the_key_and_what_it_takes_and_stores_nothing(
    journal: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    payload: dict[str, Any],
    named: list[str],
) -> None:
    entry_id = new_from_json(capsys, {"title": "Bestaand"})
    before = list_json(capsys)
    on_disk = journal.read_bytes()
    argv = ["new"] if command == "new" else ["edit", entry_id]

    code, out, err = run(capsys, *argv, "--json-input", stdin=json.dumps(payload))

    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    ranges = number_ranges(load_catalog().codes[DEFAULT_CODE].articles)
    for text in named:
        assert (ranges if text == "ARTICLE-RANGES" else text) in err, (text, err)
    assert list_json(capsys) == before
    assert journal.read_bytes() == on_disk


def test_json_of_another_entry_is_refused_on_edit(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe from the wrong entry must not overwrite this one."""
    first = new_from_json(capsys, {"title": "Eerste"})
    second = new_from_json(capsys, {"title": "Tweede"})
    wrong = json.dumps(show_json(capsys, first))
    code, _, err = run(capsys, "edit", second, "--json-input", stdin=wrong)
    assert code == 2 and first in err and second in err
    assert show_json(capsys, second)["title"] == "Tweede"


@pytest.mark.parametrize(
    ("option", "key", "value"),
    [
        (["--status", "klaar"], "status", "klaar"),
        (["--follow-up", "volgende week"], "follow_up", "volgende week"),
        (["--method", "geen-methode"], "method", "geen-methode"),
        (["--article", "99"], "articles", ["99"]),
    ],
)
def test_an_option_and_its_json_key_fail_with_the_same_message(
    journal: Path, capsys: pytest.CaptureFixture[str], option: list[str], key: str, value: Any
) -> None:
    by_option = run(capsys, "new", *option)
    by_json = run(capsys, "new", "--json-input", stdin=json.dumps({key: value}))
    assert by_option[0] == by_json[0] == 2
    assert by_option[2] == by_json[2]


# ---- options from the field table ---------------------------------------------------------


def _subparser(name: str) -> Any:
    parser = build_parser()
    sub: Any = next(a for a in parser._actions if a.dest == "command")
    return sub.choices[name]


@pytest.mark.parametrize("command", ["new", "edit"])
def test_every_field_has_its_option(command: str) -> None:
    options = _subparser(command)._option_string_actions
    for spec in FIELDS:
        assert spec.option in options, spec.name
        assert options[spec.option].dest == spec.name


def test_a_field_added_to_the_table_gets_its_option(monkeypatch: pytest.MonkeyPatch) -> None:
    added = FieldSpec("supervisor_note", Kind.TEXT, Words("Notitie supervisor", "Supervisor note"))
    monkeypatch.setattr(fields, "FIELDS", (*FIELDS, added))
    action = _subparser("new")._option_string_actions["--supervisor-note"]
    assert action.dest == "supervisor_note" and action.help == "Supervisor note"


def test_options_set_every_kind_of_field(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "new", "--title", "Fictief", "--case-code", "WT-2099-002",
        "--option", "Delen::vertrouwen geschaad", "--option", "Niet delen",
        "--stakeholder", "de jongere::privacy", "--article", "10:toestemming",
        "--method", "dilemmamethode", "--answer", "deugden=Eerlijk", "--status", "decided",
        "--follow-up", "2099-03-01", "--delete-after", "2099-12-31",
    )  # fmt: skip
    assert code == 0, err
    entry_id = out.strip()
    shown = show_json(capsys, entry_id)
    assert shown["options"] == [
        {"description": "Delen", "harm": "vertrouwen geschaad"},
        {"description": "Niet delen", "harm": ""},
    ]
    assert shown["stakeholders"] == [{"who": "de jongere", "values": "privacy"}]
    assert shown["method_answers"] == {"deugden": "Eerlijk"}
    assert (shown["status"], shown["follow_up"], shown["delete_after"]) == (
        "decided", "2099-03-01", "2099-12-31",
    )  # fmt: skip

    code, _, err = run(
        capsys, "edit", entry_id, "--option", "Later beslissen", "--article", "10:nieuw",
        "--article", "13", "--answer", "verhelderen=Wat speelt er?", "--answer", "deugden=",
        "--method", "", "--follow-up", "",
    )  # fmt: skip
    assert code == 0, err
    shown = show_json(capsys, entry_id)
    assert shown["options"] == [{"description": "Later beslissen", "harm": ""}]  # replaced
    assert [(a["number"], a["note"]) for a in shown["articles"]] == [(10, "nieuw"), (13, "")]
    assert shown["method_answers"] == {"verhelderen": "Wat speelt er?"}
    assert shown["method"] is None and shown["follow_up"] is None

    assert run(capsys, "edit", entry_id, "--clear-articles")[0] == 0
    assert show_json(capsys, entry_id)["articles"] == []


def test_show_labels_come_from_the_field_table(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry_id = new_from_json(capsys, FULL)
    for lang in ("en", "nl"):
        code, out, _ = run(capsys, "--lang", lang, "show", entry_id)
        assert code == 0
        for spec in FIELDS:
            if spec.name != "title":
                assert f"{spec.label.text(lang)}:" in out, (lang, spec.name)


# ---- one query everywhere -----------------------------------------------------------------

TODAY = date.today()


def _entries() -> list[Entry]:
    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)  # mid-day: same local day

    def tagged(*numbers: int) -> list[ArticleRef]:
        return [ArticleRef(DEFAULT_CODE, n) for n in numbers]

    made = [
        Entry(title="A", situation="Vertrouwen en school", articles=tagged(10),
              created=at(date(2026, 1, 10)), follow_up=TODAY - timedelta(days=1)),
        Entry(title="B", situation="Vertrouwen thuis", articles=tagged(10, 13),
              status=Status.DECIDED, created=at(date(2026, 2, 10))),
        Entry(title="C", situation="Overleg met de school", articles=tagged(13),
              status=Status.DECIDED, created=at(date(2026, 3, 10)), follow_up=TODAY),
        Entry(title="D", situation="Huisbezoek", status=Status.EVALUATED,
              created=at(date(2026, 4, 10)), follow_up=TODAY + timedelta(days=30)),
        Entry(title="E", decision="School inlichten", articles=tagged(7),
              created=at(date(2026, 5, 10))),
    ]  # fmt: skip
    return [replace(e, updated=e.created) for e in made]


QUERIES = {
    "": {"A", "B", "C", "D", "E"},
    "#10": {"A", "B"},
    "#10 #13": {"B"},
    "#10,13": {"A", "B", "C"},
    "art:7": {"E"},
    "status:decided": {"B", "C"},
    "status:draft,evaluated": {"A", "D", "E"},
    "from:2026-02-10": {"B", "C", "D", "E"},
    "to:2026-02-10": {"A", "B"},
    "from:2026-02-01 to:2026-03-31": {"B", "C"},
    "vertrouwen": {"A", "B"},
    "SCHOOL vertrouwen": {"A"},
    "due": {"A", "C"},
    "due #13": {"C"},
    "school status:draft from:2026-01-01": {"A", "E"},
    "#10,13 status:decided vertrouwen": {"B"},
}


@pytest.fixture
def filled(journal: Path) -> dict[str, str]:
    """The journal with the entries above; returns their ids by title."""
    with Journal.open(journal, PASS) as opened:
        added = opened.add_many(_entries())
    return {e.id: e.title for e in added}


@pytest.mark.parametrize("query", list(QUERIES))
def test_every_place_that_selects_entries_gives_the_same_answer(
    filled: dict[str, str], journal: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    code, out, err = run(capsys, "list", "--filter", query, "--json")
    assert code == 0, err
    by_list = {e["id"] for e in json.loads(out)}
    code, out, err = run(capsys, "search", query, "--json")
    assert code == 0, err
    by_search = {e["id"] for e in json.loads(out)}
    parsed = parse_query(query, TODAY)
    with Journal.open(journal, PASS) as opened:
        by_export = {e.id for e in read_material(opened, (), parsed, with_revisions=False).entries}
        rows = [row_of_entry(e) for e in opened.list_entries()]
    by_app = {row.entry_id for row in filter_rows(rows, parsed)}

    assert by_list == by_search == by_export == by_app
    assert {filled[i] for i in by_list} == QUERIES[query]


def test_the_export_options_mean_what_their_query_tokens_mean(
    filled: dict[str, str], journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--from/--to/--article/--status become the selection the export reads."""
    chosen: list[set[str]] = []

    def recorded(journal: Journal, ids: Any, query: Any, *, with_revisions: bool) -> Any:
        material = read_material(journal, ids, query, with_revisions=with_revisions)
        chosen.append({filled[e.id] for e in material.entries})
        raise SystemExit(0)  # the selection is all this test is about

    monkeypatch.setattr("reflect.commands.export.read_material", recorded)
    for argv, expected in (
        (["--article", "10", "--article", "13"], QUERIES["#10,13"]),
        (["--status", "decided"], QUERIES["status:decided"]),
        (["--from", "2026-02-01", "--to", "2026-03-31"], QUERIES["from:2026-02-01 to:2026-03-31"]),
        (["--filter", "vertrouwen", "--article", "13"], {"B"}),
    ):
        with pytest.raises(SystemExit):
            main(["export", *argv])
        assert chosen.pop() == expected, argv


def test_search_takes_the_query_in_several_words_and_says_when_nothing_matches(
    filled: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "search", "#10,13", "status:decided", "vertrouwen", "--json")
    assert code == 0 and {filled[e["id"]] for e in json.loads(out)} == {"B"}
    code, out, err = run(capsys, "list", "--filter", "geen-treffer")
    assert code == 0 and out == ""
    assert "geen-treffer" in err and "No entries yet" not in err


@pytest.mark.parametrize("command", [["list", "--filter"], ["search"], ["export", "--filter"]])
def test_a_mistyped_query_token_is_a_usage_error(
    filled: dict[str, str], capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, err = run(capsys, *command, "status:klaar")
    assert code == 2 and out == ""
    assert "status:klaar" in err and "status:draft" in err


# ---- where an export may be written -------------------------------------------------------


@pytest.fixture
def must_not_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused target fails before the slow de-identifier loads."""

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the de-identifier was loaded for an export that is refused")

    monkeypatch.setattr("reflect.commands.export.load_name_detector", fail)


@pytest.fixture(scope="session")
def names() -> NameDetector:
    return load_name_detector()  # once per session; the CLI then finds it loaded


def test_an_export_into_the_journal_folder_is_refused(
    journal: Path, capsys: pytest.CaptureFixture[str], must_not_load: None
) -> None:
    new_from_json(capsys, {"title": "Fictief"})
    for target in (journal.parent / "x.md", journal.parent / "sub" / ".." / "y.md"):
        code, out, err = run(capsys, "export", "-o", str(target))
        assert code == 2 and out == "", err
        assert str(journal.parent) in err
        assert not target.exists()


def test_an_existing_file_is_replaced_only_with_overwrite(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, names: NameDetector
) -> None:
    new_from_json(capsys, {"title": "Fictief", "situation": "Een gesprek over school."})
    target = tmp_path / "verslag.md"
    target.write_text("eerder verslag", encoding="utf-8")

    code, _, err = run(capsys, "export", "-o", str(target))
    assert code == 2 and "--overwrite" in err
    assert target.read_text(encoding="utf-8") == "eerder verslag"

    code, _, err = run(capsys, "export", "-o", str(target), "--overwrite")
    assert code == 0, err
    assert "Een gesprek over school." in target.read_text(encoding="utf-8")


def test_a_refused_overwrite_does_not_load_the_de_identifier(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, must_not_load: None
) -> None:
    new_from_json(capsys, {"title": "Fictief"})
    target = tmp_path / "verslag.md"
    target.write_text("eerder verslag", encoding="utf-8")
    assert run(capsys, "export", "-o", str(target))[0] == 2


def _settings(**values: object) -> None:
    folder = Path(os.environ["REFLECT_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def test_a_bare_file_name_goes_to_the_export_folder_of_the_settings(
    journal: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    names: NameDetector,
) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    _settings(export_folder=str(exports), export_format="html", export_template="full")
    monkeypatch.chdir(tmp_path)
    new_from_json(capsys, {"title": "Fictief", "situation": "Een gesprek over school."})

    code, _, err = run(capsys, "export", "-o", "verslag.html")

    assert code == 0, err
    written = exports / "verslag.html"
    assert written.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "verslag.html").exists()
    assert "(html, full)" in err  # format and template from the settings


def test_the_default_export_folder_is_made_private(
    journal: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    names: NameDetector,
) -> None:
    documents = tmp_path / "Documenten"
    monkeypatch.setattr(
        "reflect.operations.exporting.platformdirs.user_documents_dir", lambda: str(documents)
    )
    new_from_json(capsys, {"title": "Fictief", "situation": "Een gesprek over school."})

    code, _, err = run(capsys, "export", "-o", "verslag.md")

    assert code == 0, err
    folder = documents / "reflect-exports"
    assert (folder / "verslag.md").exists()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_export_to_a_terminal_shows_controls_and_to_a_pipe_stays_exact(
    journal: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    names: NameDetector,
) -> None:
    # A right-to-left override survives input cleaning (Arabic and Hebrew text need them).
    entry_id = new_from_json(capsys, {"title": "Fictief", "situation": "Let op \u202eoverride"})
    code, out, _ = run(capsys, "export", entry_id)
    assert code == 0 and "\u202e" in out

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["export", entry_id]) == 0
    assert "\u202e" not in terminal.getvalue() and "⟨RLO⟩override" in terminal.getvalue()


# ---- the language chosen in the app -------------------------------------------------------


def test_the_command_line_speaks_the_language_chosen_in_the_app(
    journal: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("REFLECT_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")
    assert run(capsys, "list")[2].startswith("No entries yet")  # the locale: English

    _settings(language="nl")
    code, out, err = run(capsys, "list")
    assert code == 0 and out == ""
    assert err.startswith("Nog geen notities")
    code, _, err = run(capsys, "show", "bestaatniet")
    assert code == 2 and err.startswith("reflect: fout:")

    assert run(capsys, "--lang", "en", "list")[2].startswith("No entries yet")
    monkeypatch.setenv("REFLECT_LANG", "en")
    assert run(capsys, "list")[2].startswith("No entries yet")
