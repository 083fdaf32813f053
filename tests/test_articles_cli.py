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


# ---- reflect articles --suggest --------------------------------------------------------

SECRET_AND_DANGER = (
    "Een jongen van 16 vertelt dat hij een mes heeft en een klasgenoot iets wil aandoen. "
    "Hij liet me beloven dat ik het voor me houd."
)


def test_suggest_json_reads_the_text_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET_AND_DANGER))
    code, out, err = run(tmp_path, "--suggest", "--json", lang="en")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert found and all({"kind", "score", "reasons"} <= set(item) for item in found)
    kinds = {item["kind"] for item in found}
    assert kinds == {"article", "framework"}
    for item in found:
        if item["kind"] == "article":
            assert item["code"] == "bpsw-2021" and isinstance(item["number"], int)
            assert "id" not in item
        else:
            assert isinstance(item["id"], str) and "number" not in item
        assert 0 < item["score"] < 1 and item["reasons"]
    keys = [item.get("id") or item["number"] for item in found[:5]]
    assert {"conflict-van-plichten", 13, 10} <= set(keys)
    assert [item["score"] for item in found] == sorted((i["score"] for i in found), reverse=True)


def test_suggest_takes_the_words_after_the_options_too(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--suggest", "--limit", "3", SECRET_AND_DANGER, lang="en")
    assert code == 0
    lines = [line for line in out.splitlines() if not line.startswith(" " * 6)]
    assert len(lines) == 3 and lines[0].startswith(" 1. ")
    assert "Conflict of duties (framework)" in out
    assert "secrecy asked for while someone is in danger" in out  # the reason, in English


def test_suggest_shows_a_tentative_block_once(tmp_path: Path) -> None:
    text = "De cliënt wil inzage in zijn dossier en vraagt mij mijn aantekeningen te vernietigen."
    code, out, _ = run(tmp_path, "--suggest", "--json", text)
    assert code == 0
    [block] = [item for item in json.loads(out) if item.get("tentative")]
    assert block["block"] == [14, 15, 16, 17, 18] and block["group"] == "dossiervorming"
    _, human, _ = run(tmp_path, "--suggest", text, lang="en")
    assert human.count("Case files block (probable)") == 1


def test_suggest_without_text_or_with_nothing_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("   \n"))
    code, out, err = run(tmp_path, "--suggest", lang="en")
    assert code == 2 and out == "" and "standard input" in err
    code, out, _ = run(tmp_path, "--suggest", "De printer is kapot.", lang="en")
    assert code == 0 and out.strip() == "No suggestions for this text."
    code, out, _ = run(tmp_path, "--suggest", "--json", "De printer is kapot.")
    assert code == 0 and json.loads(out) == []
    code, _, err = run(tmp_path, "--suggest", "--code", "all", "geheim", lang="en")
    assert code == 2 and "bpsw-2021" in err
    code, _, err = run(tmp_path, "--learn", "geheim", lang="en")
    assert code == 2 and "--suggest" in err


def test_suggest_learn_uses_the_articles_tagged_on_similar_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.model import ArticleRef, Entry
    from reflect.vault.journal import Journal

    journal, _ = Journal.create(tmp_path / "j", "a passphrase for tests")
    for title in ("Jongen met autisme", "Autisme en structuur"):
        text = f"{title}: begeleiding van een kind met autisme op school, planning en structuur."
        journal.add(Entry(title=title, situation=text, articles=[ArticleRef("bpsw-2021", 2)]))
    journal.close()
    monkeypatch.setenv("REFLECT_PASSPHRASE", "a passphrase for tests")
    text = "Een nieuwe cliënt met autisme; de school vraagt om een vaste planning."

    _, plain, _ = run(tmp_path, "--suggest", "--json", text)
    code, learned, err = run(tmp_path, "--suggest", "--json", "--learn", text, lang="en")
    assert code == 0 and err == ""
    assert all(item.get("number") != 2 for item in json.loads(plain))
    [two] = [item for item in json.loads(learned) if item.get("number") == 2]
    assert len(two["precedents"]) == 2
    assert any("Jongen met autisme" in reason for reason in two["reasons"])
    code, human, err = run(tmp_path, "--suggest", "--learn", text, lang="en")
    assert code == 0 and "Learning from 2 entries" in err and "Article 2" in human
