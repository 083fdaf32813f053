"""The command line for writing and reading entries, run in-process."""

from __future__ import annotations

import io
import json
import sys

import pytest

from reflect.cli import main

PASS = "twee losse woorden"


@pytest.fixture
def journal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    capsys.readouterr()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_prints_the_id_and_show_json_returns_the_fields(
    journal: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "new", "--title", "Inzage dossier", "--situation", "Moeder wil meelezen.",
        "--dilemma", "Delen of niet?", "--decision", "Eerst met de jongere praten",
        "--rationale", "Vertrouwen", "--article", "10", "--article", "11:toestemming",
        "--method", "dilemmamethode",
    )
    assert code == 0
    entry_id = out.strip()
    code, out, _ = run(capsys, "show", entry_id, "--json")
    data = json.loads(out)
    assert data["id"] == entry_id
    assert data["title"] == "Inzage dossier"
    assert data["decision"] == "Eerst met de jongere praten"
    assert data["articles"] == [
        {"code": "bpsw-2021", "number": 10, "note": ""},
        {"code": "bpsw-2021", "number": 11, "note": "toestemming"},
    ]
    assert data["method"] == "dilemmamethode"
    assert data["status"] == "draft"
    for key in ("created", "updated", "situation", "rationale"):
        assert key in data


def test_edit_records_a_revision_visible_in_show(
    journal: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "new", "--title", "Eerste versie", "--decision", "A")
    entry_id = out.strip()
    assert run(capsys, "edit", entry_id[:6], "--decision", "B", "--status", "decided")[0] == 0
    _, out, _ = run(capsys, "show", entry_id, "--json", "--revisions")
    data = json.loads(out)
    assert data["decision"] == "B" and data["status"] == "decided"
    assert [r["entry"]["decision"] for r in data["revisions"]] == ["A"]


def test_list_and_search(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "--title", "Huisbezoek", "--situation", "signalen van verwaarlozing")
    run(capsys, "new", "--title", "Wijkteam", "--situation", "overleg met de huisarts")
    _, out, _ = run(capsys, "list", "--json")
    assert [e["title"] for e in json.loads(out)] == ["Wijkteam", "Huisbezoek"]
    _, out, _ = run(capsys, "search", "verwaarlozing", "--json")
    assert [e["title"] for e in json.loads(out)] == ["Huisbezoek"]
    _, out, _ = run(capsys, "list")
    assert "Huisbezoek" in out and "Wijkteam" in out


def test_long_text_through_json_input(
    journal: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_text = "Één zin met ë, emoji 🙂 en שלום.\n" * 20000
    payload = json.dumps({"title": "lang", "situation": long_text})
    monkeypatch.setattr(sys, "stdin", io.StringIO(payload))
    code, out, _ = run(capsys, "new", "--json-input")
    assert code == 0
    _, shown, _ = run(capsys, "show", out.strip(), "--json")
    assert json.loads(shown)["situation"] == long_text


def test_delete_needs_confirmation_when_not_on_a_terminal(
    journal: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    _, out, _ = run(capsys, "new", "--title", "weg")
    entry_id = out.strip()
    code, _, err = run(capsys, "delete", entry_id)
    assert code == 2 and "--yes" in err
    assert run(capsys, "delete", entry_id, "--yes")[0] == 0
    _, out, _ = run(capsys, "list", "--json")
    assert json.loads(out) == []


def test_bad_values_are_usage_errors(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["new", "--article", "tien"],
        ["new", "--status", "klaar"],
        ["new", "--follow-up", "volgende week"],
        ["new", "--article", "30"],
        ["new", "--method", "no-such-method"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert len(err.strip().splitlines()) == 1, err


def test_dutch_interface(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "nl", "show", "bestaatniet")
    assert code == 2
    assert err.startswith("reflect: fout:")


@pytest.mark.parametrize(
    "payload",
    ['{"options": [1, 2]}', '{"articles": [{"note": "no number"}]}', '{"method_answers": []}',
     '["not", "an", "object"]', "{not json"],
)
def test_json_input_of_the_wrong_shape_is_a_usage_error(
    journal: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    payload: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(payload))
    code, _, err = run(capsys, "new", "--json-input")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err
    _, out, _ = run(capsys, "list", "--json")
    assert json.loads(out) == []


def test_export_to_a_missing_folder_fails_before_loading_the_de_identifier(
    journal: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the de-identifier was loaded for an export that cannot be written")

    monkeypatch.setattr("reflect.commands.export.load_name_detector", must_not_load)
    _, out, _ = run(capsys, "new", "--title", "x")
    code, _, err = run(capsys, "export", out.strip(), "-o", "/no/such/folder/x.md")
    assert code == 1
    assert "/no/such/folder" in err and len(err.strip().splitlines()) == 1


def test_a_missing_journal_with_backups_points_to_check(
    journal: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    from pathlib import Path

    run(capsys, "new", "--title", "x")
    Path(os.environ["REFLECT_JOURNAL"]).unlink()
    code, _, err = run(capsys, "list")
    assert code == 1 and "reflect check" in err
    code, _, err = run(capsys, "init")
    assert code == 1
    code, _, err = run(capsys, "check")
    assert code == 4
    assert "bak1" in err  # the backup that still opens, and how to restore it
