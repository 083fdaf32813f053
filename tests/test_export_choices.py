"""`reflect export` as the professional meets it: the supervision report by default, the last
template, format and folder remembered, the language asked for, DOCX into a file, findings
shown inert on the terminal, and odd input giving a correct file or a clear refusal — never
a traceback, never a half-written file.

The name detector is a stub that knows one fictional name, so these runs do not wait for
deduce (tests/test_export_cli.py runs the real one). Everything typed here is fictional.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from reflect.cli import main
from reflect.commands import export as export_command
from reflect.model import Entry
from reflect.operations.settings import load_settings, settings_path
from reflect.privacy.rules import Match
from reflect.vault.journal import Journal

PASS = "twee losse woorden"


class FictionalNames:
    def find(self, text: str) -> list[Match]:
        return [Match("person", m.start(), m.end()) for m in re.finditer("Jan de Vries", text)]


@pytest.fixture
def journal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> Path:
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the default export folder is in it
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "home" / "Documents"))

    def names(*args: Any, **kwargs: Any) -> FictionalNames:
        return FictionalNames()

    monkeypatch.setattr(export_command, "load_name_detector", names)
    assert main(["init"]) == 0
    capsys.readouterr()
    return Path(str(tmp_path / "data" / "journal.reflect"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def new(capsys: pytest.CaptureFixture[str], title: str = "Fictief: gesprek") -> str:
    code, out, _ = run(
        capsys,
        "new",
        "--title",
        title,
        "--situation",
        "Een gesprek over vertrouwen en grenzen.",
        "--decision",
        "Eerst zelf met de jongere praten.",
    )
    assert code == 0
    return out.strip()


def add_raw(journal: Path, entry: Entry) -> str:
    """Store an entry as it is, as an older version or a script could have: the CLI and the
    app clean what is typed, the journal API does not."""
    with Journal.open(journal, PASS) as opened:
        return opened.add(entry).id


def saved() -> dict[str, Any]:
    data = json.loads(settings_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# ---- defaults, remembered choices, language --------------------------------------------------


def test_the_default_is_the_supervision_report(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eid = new(capsys)
    code, out, err = run(capsys, "export", eid)
    assert code == 0, err
    assert out.startswith("# Supervision report (werkverslag)")
    assert "Eerst zelf met de jongere praten." in out  # the decision: not an intervision case


def test_the_last_template_format_and_folder_are_remembered(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = new(capsys)
    folder = tmp_path / "supervisie"
    folder.mkdir()
    code, _, err = run(
        capsys,
        "export",
        eid,
        "--template",
        "intervision-incident",
        "--format",
        "html",
        "-o",
        str(folder / "eerste.html"),
    )
    assert code == 0, err
    assert (saved()["export_template"], saved()["export_format"]) == (
        "intervision-incident",
        "html",
    )
    assert saved()["export_folder"] == str(folder.resolve())
    assert "language" not in saved()  # a language never chosen is not made one
    # the next export, with nothing said: same template and format, a bare name in that folder
    code, _, err = run(capsys, "export", eid, "-o", "tweede.html")
    assert code == 0, err
    html = (folder / "tweede.html").read_text(encoding="utf-8")
    assert "Intervision case – incident method" in html and "Eerst zelf met" not in html
    # into the default folder: the setting follows the default again
    code, _, err = run(
        capsys,
        "export",
        eid,
        "--template",
        "werkverslag",
        "-o",
        str(Path.home() / "Documents" / "reflect-exports" / "derde.html"),
    )
    assert code == 0, err
    assert saved()["export_folder"] == "" and saved()["export_template"] == "werkverslag"
    assert load_settings().settings.export_template == "werkverslag"


def test_a_refused_export_remembers_nothing(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = add_raw(journal, Entry(title="Fictief", situation="Jan de Vries belde."))
    code, _, _ = run(capsys, "export", eid, "--format", "html", "-o", str(tmp_path / "x.html"))
    assert code == 6 and not settings_path().exists()


def test_the_language_chosen_for_the_run_and_the_saved_one(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eid = new(capsys)
    code, out, _ = run(capsys, "export", eid, "--lang", "nl")
    assert code == 0 and out.startswith("# Werkverslag voor supervisie")
    code, out, _ = run(capsys, "--lang", "nl", "export", eid)
    assert code == 0 and out.startswith("# Werkverslag voor supervisie")
    # a language chosen in the app stays the saved one, whatever one run asked for
    settings_path().write_text(json.dumps({"language": "nl"}), encoding="utf-8")
    code, out, _ = run(capsys, "export", eid, "--lang", "en")
    assert code == 0 and out.startswith("# Supervision report")
    assert saved()["language"] == "nl"


# ---- DOCX ------------------------------------------------------------------------------------


def test_docx_is_written_to_a_file_and_read_back(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = new(capsys, "Fictief: huisbezoek")
    code, _, err = run(capsys, "export", eid, "--format", "docx")
    assert code == 2 and "-o" in err and "DOCX" in err
    target = tmp_path / "verslag.docx"
    code, _, err = run(capsys, "--lang", "nl", "export", eid, "--format", "docx", "-o", str(target))
    assert code == 0, err
    assert target.stat().st_mode & 0o777 == 0o600
    word = docx.Document(str(target))
    styled = [(p.style.name if p.style else "", p.text) for p in word.paragraphs]
    assert styled[0] == ("Title", "Werkverslag voor supervisie")
    assert ("Heading 1", "Fictief: huisbezoek") in styled
    assert ("List Bullet", "Besluit — Eerst zelf met de jongere praten.") in styled


# ---- terminal-safe findings and odd input ----------------------------------------------------

HOSTILE = "\x1b]0;gekaapt\x07\x1b[2J\u202e"


def test_findings_on_a_refusal_are_shown_inert(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eid = add_raw(
        journal,
        Entry(title=f"Fictief {HOSTILE}", situation=f"Jan de Vries {HOSTILE} belde gisteren."),
    )
    code, out, err = run(capsys, "export", eid)
    assert code == 6 and out == ""
    finding = next(line for line in err.splitlines() if "»Jan de Vries«" in line)
    assert "␛" in finding and "⟨RLO⟩" in finding
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in err


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_an_entry_full_of_control_characters_exports(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    controls = "".join(chr(c) for c in range(0x20) if c != 0x0A) + "\x7f\x9b"
    eid = add_raw(journal, Entry(title="Fictief", situation=f"Begin {controls} einde."))
    target = tmp_path / f"export.{fmt}"
    code, _, err = run(capsys, "export", eid, "--format", fmt, "-o", str(target))
    assert code == 0, err
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    elif fmt == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    else:
        text = target.read_text(encoding="utf-8")
    assert "Begin" in text and "einde." in text


def test_a_failing_renderer_leaves_no_file_and_no_traceback(
    journal: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reflect.export import docx as docx_renderer

    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("Fictief geheim uit de notitie")

    monkeypatch.setattr(docx_renderer, "render_docx", broken)
    eid = new(capsys)
    folder = tmp_path / "uit"
    folder.mkdir()
    code, out, err = run(capsys, "export", eid, "--format", "docx", "-o", str(folder / "x.docx"))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "geheim" not in err  # the user's text never ends up in an error message
    assert list(folder.iterdir()) == []  # no file, not even a temporary one


def test_the_written_path_is_printed_inert(
    journal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = new(capsys)
    target = tmp_path / "naam\x1b[2Jmet-escape.md"
    code, _, err = run(capsys, "export", eid, "-o", str(target))
    assert code == 0 and target.exists()
    assert "\x1b" not in err and "␛[2Jmet-escape.md" in err
