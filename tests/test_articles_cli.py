"""``reflect articles``: browsing, searching, JSON output, import, and clear errors.

The handler is driven the way the CLI will drive it: ``register`` on a fresh parser, then
``args.handler(args, ctx)`` with string streams. The import PDF is generated with fpdf2 and
holds MADE-UP article text only.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from fpdf import FPDF

from reflect.catalog import reload_catalog
from reflect.commands.articles import register
from reflect.commands.base import CommandContext


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(folder))
    reload_catalog()
    return folder


def run(tmp_path: Path, *argv: str, lang: str = "nl") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="reflect")
    register(parser.add_subparsers())
    args = parser.parse_args(["articles", *argv])
    out, err = io.StringIO(), io.StringIO()
    ctx = CommandContext(journal_path=tmp_path / "j", lang=lang, out=out, err=err)
    code = args.handler(args, ctx)
    return code, out.getvalue(), err.getvalue()


def made_up_code_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(1, 30):
        pdf.add_page()
        for line in (
            f"Artikel {n} - Testkop {n}",
            f"Verzonnen norm {n}.",
            "Toelichting",
            f"Verzonnen toelichting {n}.",
        ):
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_search_lists_matching_articles_with_their_status(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "privacy")
    assert code == 0 and err == ""
    assert "Artikel 20 – Privacy in de samenwerking  [geverifieerd]" in out
    assert "Beroepscode voor professionals in sociaal werk" in out
    assert "Principe 6" not in out  # only the default code


def test_listing_marks_unknown_headings_and_hints_at_import(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, lang="en")
    assert code == 0
    assert "  Article 12  [heading unknown]" in out
    assert "  Article 1  [topic only, heading unknown]" in out
    assert "reflect articles import FILE" in out


def test_json_output(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "12", "--json")
    assert code == 0
    [article] = json.loads(out)
    assert article["code"] == "bpsw-2021"
    assert article["number"] == 12
    assert article["heading"] is None
    assert article["status"] == "unknown"
    assert article["label"] == {"nl": "Artikel 12", "en": "Article 12"}
    _, out, _ = run(tmp_path, "geen-enkel-artikel", "--json")
    assert json.loads(out) == []


def test_code_all_searches_every_catalogue(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "privacy", "--code", "all", lang="en")
    assert code == 0
    assert "Article 20 – Privacy in de samenwerking" in out
    assert "Principle 6 – Respect for confidentiality and privacy" in out
    # Each catalogue's header appears once, its articles grouped under it.
    assert out.count("IFSW Global Social Work Statement") == 1


def test_unknown_code_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "--code", "nasw-2021", lang="en")
    assert code == 2
    assert out == ""
    assert "nasw-2021" in err and "bpsw-2021" in err
    assert "Traceback" not in err


def test_no_match_says_so(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "zzzz", lang="en")
    assert code == 0
    assert "No articles match" in out


def test_broken_user_catalogue_is_a_warning_on_stderr(tmp_path: Path, config: Path) -> None:
    (config / "codes").mkdir(parents=True)
    broken = config / "codes" / "org.yaml"
    broken.write_text("id: org\nname: [oops\n", encoding="utf-8")
    reload_catalog()  # a new process would read the folder afresh
    code, out, err = run(tmp_path, "13")
    assert code == 0
    assert "Artikel 13" in out
    [line] = err.splitlines()
    assert line.startswith(f"{broken}:3: invalid YAML")


def test_import_then_browse_shows_the_imported_headings(tmp_path: Path, config: Path) -> None:
    pdf = made_up_code_pdf(tmp_path / "beroepscode.pdf")
    code, out, err = run(tmp_path, "import", str(pdf), lang="en")
    assert (code, err) == (0, "")
    assert "Imported 29 articles" in out
    assert (config / "codes" / "bpsw-2021.yaml").is_file()
    code, out, _ = run(tmp_path, "12")
    assert "Artikel 12 – Testkop 12  [geverifieerd]" in out
    assert "Verzonnen norm 12." in out
    assert "uit je configuratiemap" in out


def test_import_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "import", str(tmp_path / "missing.pdf"), lang="en")
    assert code == 1
    assert err.strip().count("\n") == 0 and "missing.pdf" in err
    not_pdf = tmp_path / "code.pdf"
    not_pdf.write_text("not a pdf", encoding="utf-8")
    code, _, err = run(tmp_path, "import", str(not_pdf), lang="en")
    assert code == 1
    assert "Nothing was changed" in err
    assert "Traceback" not in err


def test_import_without_a_file_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "import", lang="en")
    assert code == 2
    assert out == ""
    assert "reflect articles import FILE" in err
