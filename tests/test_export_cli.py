"""`reflect export` and `reflect alias` through the real CLI and a real (test-KDF) journal.

Everything typed into these entries is fictional.
"""

from __future__ import annotations

import io
import stat
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from reflect.cli import main
from reflect.privacy import NameDetector, load_name_detector

PASS = "twee losse woorden"


@pytest.fixture(scope="session")
def names() -> NameDetector:
    return load_name_detector()  # once per session; the CLI then finds it loaded


@pytest.fixture
def journal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], names: NameDetector
) -> None:
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    capsys.readouterr()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def new(capsys: pytest.CaptureFixture[str], *fields: str) -> str:
    code, out, _ = run(capsys, "new", *fields)
    assert code == 0
    return out.strip()


def test_clean_entry_exports_markdown_to_stdout(
    journal: None, capsys: pytest.CaptureFixture[str]
) -> None:
    eid = new(
        capsys,
        "--title",
        "Inzage dossier",
        "--situation",
        "Moeder wil meelezen.",
        "--decision",
        "Eerst met de jongere praten",
        "--article",
        "10:toestemming",
    )
    code, out, err = run(capsys, "export", eid, "--template", "supervision")
    assert code == 0, err
    assert "# Supervision report" in out and "Eerst met de jongere praten" in out
    assert "Article 10" in out and "toestemming" in out


def test_identifiers_refuse_with_exit_6_and_show_context(
    journal: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = new(
        capsys, "--title", "Huisbezoek", "--situation", "Jan de Vries belde vanaf 06-12345678."
    )
    target = tmp_path / "out.md"
    code, out, err = run(capsys, "export", eid, "-o", str(target))
    assert code == 6 and out == "" and not target.exists()
    lines = err.splitlines()
    assert any("»Jan de Vries«" in line for line in lines)
    assert any("»06-12345678«" in line for line in lines)
    assert "--redact" in lines[-1] and "--force" in lines[-1]


def test_redact_writes_a_0600_file_with_pseudonyms(
    journal: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = new(
        capsys, "--title", "Huisbezoek", "--situation", "Jan de Vries belde vanaf 06-12345678."
    )
    target = tmp_path / "out.html"
    code, _, err = run(capsys, "export", eid, "--format", "html", "-o", str(target), "--redact")
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert "Jan de Vries" not in html and "[Person 1]" in html and "[phone]" in html
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "plaintext" in err


def test_force_writes_anyway_with_a_warning(
    journal: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = new(capsys, "--title", "Huisbezoek", "--situation", "Jan de Vries belde.")
    target = tmp_path / "out.pdf"
    code, _, err = run(capsys, "export", eid, "--format", "pdf", "-o", str(target), "--force")
    assert code == 0 and "warning" in err
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Jan de Vries" in text


def test_pdf_needs_an_output_file(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    eid = new(capsys, "--title", "x")
    code, _, err = run(capsys, "export", eid, "--format", "pdf")
    assert code == 2 and "-o" in err


def test_unknown_template_is_a_usage_error(
    journal: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", "--template", "nope")
    assert code == 2 and "werkverslag" in err


def test_unwritable_output_is_one_line_exit_1(
    journal: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    eid = new(capsys, "--title", "Schoon")
    target = tmp_path / "missing-folder" / "out.md"
    code, _, err = run(capsys, "export", eid, "-o", str(target))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "out.md" in err
    assert not target.parent.exists()


def test_selection_options(journal: None, capsys: pytest.CaptureFixture[str]) -> None:
    new(capsys, "--title", "Over tien", "--article", "10")
    new(capsys, "--title", "Over dertien", "--article", "13", "--status", "decided")
    code, out, _ = run(capsys, "export", "--article", "13")
    assert code == 0 and "Over dertien" in out and "Over tien" not in out
    code, out, _ = run(capsys, "export", "--status", "draft")
    assert "Over tien" in out and "Over dertien" not in out
    code, _, err = run(capsys, "export", "--from", "2000-01-01", "--to", "2000-12-31")
    assert code == 1 and "no entries" in err


def test_alias_add_reads_the_real_name_from_stdin_and_export_uses_the_pseudonym(
    journal: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Sanne Bakker\n"))
    code, _, err = run(capsys, "alias", "add", "cliënt S.")
    assert code == 0, err
    code, out, _ = run(capsys, "alias", "list")
    assert "Sanne Bakker" in out and "cliënt S." in out
    eid = new(capsys, "--title", "Gesprek", "--situation", "sanne bakker wil stoppen.")
    code, _, err = run(capsys, "export", eid)
    assert code == 6 and "»sanne bakker«" in err
    code, out, _ = run(capsys, "export", eid, "--redact")
    assert (
        code == 0
        and "cliënt S. wil stoppen" in out
        and "anne" not in out.lower().replace("annen", "")
    )
    code, _, err = run(capsys, "alias", "remove", "cliënt S.")
    assert code == 0
    code, out, err = run(capsys, "alias", "list")
    assert out == "" and "empty" in err
    code, _, err = run(capsys, "alias", "remove", "cliënt S.")
    assert code == 2


def test_alias_add_without_a_name_is_refused(
    journal: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "alias", "add", "X.")
    assert code == 2 and "no name" in err
