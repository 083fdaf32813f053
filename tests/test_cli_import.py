"""`reflect import FILE`, run in-process: a round trip from `list --json`, jrnl's JSON export,
the refusals (nothing half-imported), `--skip-bad`, importing twice, and 10,000 records in one
save. Every entry and every jrnl note here is fictional.
"""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "vault"))

from vault_helpers import Cli

from reflect.catalog import DEFAULT_CODE
from reflect.cli import main
from reflect.commands.import_ import SHOWN, Progress
from reflect.fields import FIELDS
from reflect.vault.journal import Journal

PASS = "twee losse woorden"


def entry_data(n: int) -> dict[str, Any]:
    """Every field filled, a little different for each ``n`` (fictional text only)."""
    return {
        "title": f"Fictief {n}: inzage in het dossier",
        "case_code": f"WT-2099-{n:03d}",
        "situation": f"Een verzonnen moeder wil het dossier van haar zoon lezen ({n}).\nHij niet.",
        "question": "Hoe weeg ik de wens van de moeder tegen de privacy van de jongere?",
        "dilemma": "Het dossier laten inzien of de jongere beschermen?",
        "options": [
            {"description": "Moeder laten meelezen", "harm": "vertrouwen geschaad"},
            {"description": f"Eerst met de jongere praten {n}", "harm": ""},
        ],
        "stakeholders": [{"who": "de jongere", "values": "autonomie, privacy"}],
        "decision": "Eerst een gesprek met de jongere.",
        "rationale": "Zijn toestemming weegt zwaar.",
        "damage_limitation": "De moeder uitleggen waarom.",
        "feelings": "Ongemakkelijk.",
        "learning_goal": "Helder zijn over beroepsgeheim.",
        "articles": [
            {"code": DEFAULT_CODE, "number": 10, "note": "toestemming"},
            {"code": DEFAULT_CODE, "number": 13, "note": ""},
        ],
        "method": "dilemmamethode",
        "method_answers": {"verhelderen": f"Wat wil de moeder weten? {n}"},
        "evaluation_outcome": "De jongere koos zelf wat hij deelde.",
        "evaluation_again": "Eerst met de jongere praten.",
        "evaluation_learned": "De moeder eerder betrekken.",
        "status": ["draft", "decided", "evaluated"][n % 3],
        "follow_up": "2099-03-01",
        "delete_after": "2099-12-31",
    }


@pytest.fixture
def journal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new journal (the one REFLECT_JOURNAL names); returns its path."""
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    capsys.readouterr()
    return Path(os.environ["REFLECT_JOURNAL"])


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None
) -> tuple[int, str, str]:
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _keep_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", sys.stdin)


def other_journal(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> Path:
    path = tmp_path / name / "journal.reflect"
    assert run(capsys, "--journal", str(path), "init")[0] == 0
    return path


def list_json(capsys: pytest.CaptureFixture[str], *where: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, *where, "list", "--json")
    assert code == 0, err
    listed: list[dict[str, Any]] = json.loads(out)
    return listed


def add_entries(capsys: pytest.CaptureFixture[str], count: int) -> list[str]:
    ids = []
    for n in range(count):
        code, out, err = run(capsys, "new", "--json-input", stdin=json.dumps(entry_data(n)))
        assert code == 0, err
        ids.append(out.strip())
    return ids


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def as_lines(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def generation(path: Path) -> int:
    with Journal.open(path, PASS) as opened:
        return opened.generation


# ---- round trip ---------------------------------------------------------------------------


def test_list_json_imported_into_a_new_journal_gives_the_same_entries(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_entries(capsys, 4)
    exported = list_json(capsys)
    assert len(exported) == 4
    assert all(e[spec.name] for e in exported for spec in FIELDS), "every field filled"
    array = write(tmp_path, "alles.json", json.dumps(exported, ensure_ascii=False, indent=2))
    jsonl = write(tmp_path, "alles.jsonl", as_lines(exported))

    for name, source in (("array", array), ("lines", jsonl)):
        target = other_journal(tmp_path, capsys, name)
        code, out, err = run(capsys, "--journal", str(target), "import", str(source))
        assert code == 0, err
        assert out.splitlines() == ["Imported 4 entries."]
        assert err == ""  # no progress bar when stderr is not a terminal
        assert list_json(capsys, "--journal", str(target)) == exported, name


def test_show_json_with_revisions_imports_the_current_version_with_a_note(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [entry_id] = add_entries(capsys, 1)
    assert run(capsys, "edit", entry_id, "--decision", "Toch anders.")[0] == 0
    code, shown, _ = run(capsys, "show", entry_id, "--json", "--revisions")
    assert code == 0 and json.loads(shown)["revisions"]
    target = other_journal(tmp_path, capsys, "kopie")

    code, out, err = run(capsys, "--journal", str(target), "import", "-", stdin=shown)

    assert code == 0, err
    assert "Imported 1 entry." in out
    assert "1 record had earlier versions; only its current version was imported" in out
    [copied] = list_json(capsys, "--journal", str(target))
    assert copied == {k: v for k, v in json.loads(shown).items() if k != "revisions"}


# ---- jrnl ---------------------------------------------------------------------------------

JRNL_EXPORT = {
    "tags": {"@art10": 1, "@intervisie": 1, "#artikel13": 1, "@art999": 1},
    "entries": [
        {
            "title": "Fictief: een huisbezoek liep anders dan gepland.",
            "body": "Een verzonnen gezin, een verzonnen vraag. @intervisie @art10\n#artikel13",
            "date": "2023-11-20",
            "time": "16:45",
            "tags": ["@intervisie", "@art10", "#artikel13"],
            "starred": True,
        },
        {
            "title": "Fictief: collega vroeg om een gunst.",
            "body": "Niets echts. @art999",
            "date": "2023-12-01",
            "time": "08:05",
            "tags": ["@art999"],
            "starred": False,
        },
    ],
}


def test_a_jrnl_export_becomes_entries_with_articles(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(JRNL_EXPORT, indent=2)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == "    {"][1]
    source = write(tmp_path, "jrnl.json", text)

    code, out, err = run(capsys, "import", str(source))

    assert code == 0, err
    assert out.splitlines() == [
        "Imported 2 entries.",
        "Notes:",
        f"  line {second} (record 2): the tag @art999 names no article of {DEFAULT_CODE}; "
        "it stays in the text",
        "  1 jrnl entry was starred; reflect has no star, so that mark was not kept",
    ]
    newest, oldest = list_json(capsys)
    assert oldest["title"] == "Fictief: een huisbezoek liep anders dan gepland."
    assert oldest["situation"] == JRNL_EXPORT["entries"][0]["body"]  # type: ignore[index]
    assert oldest["articles"] == [
        {"code": DEFAULT_CODE, "number": 10, "note": ""},
        {"code": DEFAULT_CODE, "number": 13, "note": ""},
    ]
    written = datetime(2023, 11, 20, 16, 45).astimezone(UTC)  # jrnl's time is local
    assert datetime.fromisoformat(oldest["created"]) == written
    assert oldest["updated"] == oldest["created"]
    assert oldest["status"] == "draft"
    assert newest["articles"] == [] and newest["situation"] == "Niets echts. @art999"


def test_importing_the_same_files_again_adds_nothing(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jrnl = write(tmp_path, "jrnl.json", json.dumps(JRNL_EXPORT))
    assert run(capsys, "import", str(jrnl))[0] == 0
    exported = list_json(capsys)
    own = write(tmp_path, "eigen.json", json.dumps(exported))
    on_disk = journal.read_bytes()

    for source in (jrnl, own):
        code, out, err = run(capsys, "import", str(source))
        assert code == 0, err
        assert out.splitlines()[:3] == [
            "Imported 0 entries.",
            "Skipped 2 records:",
            "  2 already in the journal: line 1 (record 1), line 1 (record 2)",
        ]
    assert list_json(capsys) == exported
    assert journal.read_bytes() == on_disk  # not even saved again


def test_an_entry_destroyed_on_purpose_is_not_brought_back(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept, gone = add_entries(capsys, 2)
    source = write(tmp_path, "oud.jsonl", as_lines(list_json(capsys)))
    assert run(capsys, "delete", gone, "--yes")[0] == 0

    code, out, err = run(capsys, "import", str(source), "--json")

    assert code == 0, err
    summary = json.loads(out)
    assert summary["imported"] == 0
    assert {(s["id"], s["reason"]) for s in summary["skipped"]} == {
        (kept, "exists"),
        (gone, "erased"),
    }
    assert [e["id"] for e in list_json(capsys)] == [kept]


# ---- bad records --------------------------------------------------------------------------


def five_with_a_bad_third() -> str:
    records = [entry_data(n) for n in range(5)]
    records[2] = {**records[2], "follow_up": "volgende week"}
    return as_lines(records)


def test_a_bad_line_imports_nothing_and_names_the_line(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "fout.jsonl", five_with_a_bad_third())
    on_disk = journal.read_bytes()

    code, out, err = run(capsys, "import", str(source))

    assert code == 2 and out == ""
    assert err.splitlines() == [
        "reflect: error: nothing imported: 1 of 5 records cannot be imported:",
        "  line 3: follow_up: 'volgende week' is not a date (use YYYY-MM-DD)",
        "Fix them, or add --skip-bad to import the others. The journal was not opened or "
        "changed.",
    ]
    assert journal.read_bytes() == on_disk
    assert list_json(capsys) == []


def test_skip_bad_imports_the_others_and_lists_the_bad_one(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "fout.jsonl", five_with_a_bad_third())

    code, out, err = run(capsys, "import", str(source), "--skip-bad")

    assert code == 0, err
    assert out.splitlines() == [
        "Imported 4 entries.",
        "Left out 1 bad record (--skip-bad):",
        "  line 3: follow_up: 'volgende week' is not a date (use YYYY-MM-DD)",
    ]
    titles = sorted(e["title"] for e in list_json(capsys))
    assert titles == [f"Fictief {n}: inzage in het dossier" for n in (0, 1, 3, 4)]


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ('{"title": "Fictief", "mood": "blij"}', "mood"),
        ('{"title": "Fictief", "created": "gisteren"}', "created"),
        ('{"title": "Fictief"', "not valid JSON"),
        ('{"situation": "' + "x" * 1_100_000 + '"}', "MB"),
    ],
    ids=["unknown field", "not a date", "broken JSON", "too large"],
)
def test_each_refusal_names_the_line(
    journal: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    line: str,
    named: str,
) -> None:
    text = as_lines([entry_data(0)]) + line + "\n" + as_lines([entry_data(1)])
    source = write(tmp_path, "fout.jsonl", text)
    on_disk = journal.read_bytes()

    code, _, err = run(capsys, "import", str(source))

    assert code == 2
    assert "  line 2: " in err and named in err, err
    assert journal.read_bytes() == on_disk


def test_many_problems_are_listed_up_to_a_limit(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "fout.jsonl", '{"status": "klaar"}\n' * (SHOWN + 7))

    code, _, err = run(capsys, "import", str(source))

    assert code == 2
    listed = [line for line in err.splitlines() if line.startswith("  line ")]
    assert len(listed) == SHOWN and listed[-1].startswith(f"  line {SHOWN}: status")
    assert "  and 7 more" in err.splitlines()


def test_a_broken_array_stops_with_its_line_even_with_skip_bad(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps([entry_data(0), entry_data(1)], indent=2)
    broken = text.replace('"case_code": "WT-2099-001",', '"case_code": "WT-2099-001"')
    line = broken.splitlines().index('    "situation": "Een verzonnen moeder wil het dossier '
                                      'van haar zoon lezen (1).\\nHij niet.",') + 1
    source = write(tmp_path, "lijst.json", broken)

    code, out, err = run(capsys, "import", str(source), "--skip-bad")

    assert code == 2 and out == ""
    assert err.startswith(f"reflect: error: the file cannot be read past line {line}: ")
    assert list_json(capsys) == []


def test_text_from_the_file_is_cleaned_and_problems_are_shown_inert(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"title": "Fic\x1b]52;c;aGFjaw==\x07tief", "situation": "Wis\x1b[2J niets"},
        {"title": "Fictief", "\x1b[31mrood\u202e": "onbekend veld"},
    ]
    source = write(tmp_path, "vreemd.jsonl", as_lines(records))

    code, out, err = run(capsys, "import", str(source), "--skip-bad")

    assert code == 0, err
    assert "\x1b" not in out + err and "\u202e" not in out
    assert "  line 2: unknown field ␛[31mrood⟨RLO⟩; the fields are: id, " in out
    [entry] = list_json(capsys)
    assert (entry["title"], entry["situation"]) == ("Fictief", "Wis niets")


# ---- options ------------------------------------------------------------------------------


def test_dry_run_saves_nothing_and_says_what_would_be_imported(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "drie.jsonl", as_lines([entry_data(n) for n in range(3)]))
    on_disk = journal.read_bytes()

    code, out, err = run(capsys, "import", str(source), "--dry-run")

    assert code == 0, err
    assert out.splitlines() == ["Would import 3 entries (--dry-run: nothing was saved)."]
    assert journal.read_bytes() == on_disk


def test_json_summary(journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = as_lines([entry_data(0), {}, {"status": "klaar"}])
    source = write(tmp_path, "mix.jsonl", text)

    code, out, err = run(capsys, "import", str(source), "--json", "--skip-bad")

    assert code == 0, err
    summary = json.loads(out)
    [entry] = list_json(capsys)
    assert summary["imported"] == 1 and summary["ids"] == [entry["id"]]
    assert summary["skipped"] == [
        {"line": 2, "record": None, "reason": "empty", "id": None, "same_as": None}
    ]
    [error] = summary["errors"]
    assert error["line"] == 3 and error["message"].startswith("status: 'klaar'")


def test_an_unknown_code_is_a_usage_error(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "jrnl.json", json.dumps(JRNL_EXPORT))
    code, _, err = run(capsys, "import", str(source), "--code", "geen-code")
    assert code == 2 and "geen-code" in err


def test_a_missing_file_is_one_line(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "bestaat-niet.json")
    assert code == 1 and "bestaat-niet.json" in err and len(err.splitlines()) == 1


def test_a_missing_journal_is_reported_before_the_file_is_read(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data", tmp_path / "config")
    result = cli.run("import", str(tmp_path / "bestaat-ook-niet.json"))
    assert result.code == 1
    assert result.error_line().endswith("create one with `reflect init`")


def test_standard_input_in_its_own_process(tmp_path: Path) -> None:
    """``-`` reads bytes from stdin: a line that is not UTF-8 spoils only itself."""
    cli = Cli(tmp_path / "data", tmp_path / "config")
    cli.init()
    data = as_lines([entry_data(0)]).encode() + b'{"title": "Fictief \xff"}\n'
    refused = cli.run("import", "-", input=data)
    assert refused.code == 2
    assert "  line 2: the text contains characters that cannot be stored" in refused.err
    result = cli.run("import", "-", "--skip-bad", input=data)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "Imported 1 entry."
    assert result.err == ""


def test_dutch_summary(journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "een.jsonl", as_lines([entry_data(0), {"status": "klaar"}]))
    code, _, err = run(capsys, "--lang", "nl", "import", str(source))
    assert code == 2
    assert err.splitlines()[0] == (
        "reflect: fout: niets geïmporteerd: 1 van de 2 records is niet te importeren:"
    )
    assert err.splitlines()[1].startswith("  regel 2: status:")
    code, out, _ = run(capsys, "--lang", "nl", "import", str(source), "--skip-bad")
    assert code == 0 and out.splitlines()[0] == "1 verslag geïmporteerd."


def test_the_progress_bar_is_drawn_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown = Terminal()
    bar = Progress(shown)
    bar.record(500, 0.5)
    bar.saving(1000)
    bar.clear()
    assert "50%" in shown.getvalue() and "500 records" in shown.getvalue()
    assert "Saving 1000 entries…" in shown.getvalue()
    assert shown.getvalue().endswith("\r\x1b[K")

    piped = io.StringIO()
    quiet = Progress(piped)
    quiet.record(500, 0.5)
    quiet.saving(1000)
    quiet.clear()
    assert piped.getvalue() == ""


# ---- at career scale ----------------------------------------------------------------------


def test_ten_thousand_records_are_imported_in_one_save(
    journal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Forty years of notes: one save (the generation goes up by one), not one per entry."""
    count = 10_000
    records = [
        {
            "title": f"Fictief {n}.",
            "body": f"Verzonnen notitie nummer {n} @art10",
            "date": f"{1990 + n % 35}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "time": f"{n % 24:02d}:{n % 60:02d}",
            "tags": ["@art10"],
            "starred": False,
        }
        for n in range(count)
    ]
    source = write(tmp_path, "veertig-jaar.json", json.dumps({"tags": {}, "entries": records}))
    before = generation(journal)
    backups = sorted(journal.parent.glob("*.bak*"))

    code, out, err = run(capsys, "import", str(source))

    assert code == 0, err
    assert out.splitlines() == [f"Imported {count} entries."]
    assert generation(journal) == before + 1
    assert len(sorted(journal.parent.glob("*.bak*"))) <= len(backups) + 1
    with Journal.open(journal, PASS) as opened:
        documents = opened.documents()
    assert len(documents) == count
    assert all(d["articles"] == [{"code": DEFAULT_CODE, "number": 10, "note": ""}]
               for d in documents)


def test_an_empty_file_imports_nothing_without_asking_for_the_passphrase(
    journal: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("REFLECT_PASSPHRASE")  # asking would fail: no terminal, no variable
    source = write(tmp_path, "leeg.json", "\n  \n")
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    assert out.splitlines() == ["The file holds no entries; nothing was imported."]
