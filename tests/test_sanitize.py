"""The terminal sanitiser: escape sequences never enter the journal whole, and no control or
bidi character reaches a terminal raw — from the CLI or from the app, which show the same."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.catalog import reload_catalog
from reflect.cli import main
from reflect.commands.articles import register as register_articles
from reflect.commands.base import CommandContext
from reflect.privacy.check import Finding
from reflect.sanitize import BIDI_CONTROLS, clean_input, visible
from reflect.textout import entry_row, one_line
from reflect.widgets.safe_text import fit, safe

PASS = "twee losse woorden"
ESC = "\x1b"
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # writes "rm -rf ~" to the clipboard
CLEAR = "\x1b[2J"
TITLE_BEL = "\x1b]0;pwned\x07"
TITLE_ST = "\x1b]2;pwned\x1b\\"
RLO = "\u202e"
DUTCH = "Één cliënt — „overleg” met café-eigenaar; geëvalueerd 🙂 👩‍👧 שלום\nTweede regel."

C0_KEPT_ON_INPUT = {"\n", "\t"}
SEPARATORS = {"\u2028", "\u2029"}


def is_c0(ch: str) -> bool:
    return ord(ch) < 0x20


def is_c1(ch: str) -> bool:
    return 0x80 <= ord(ch) <= 0x9F


# Text rich in what matters here: controls, the bytes escape sequences are made of, bidi
# characters, separators, and ordinary letters; mixed with any text at all.
hostile_text = st.one_of(
    st.text(),
    st.text(
        alphabet=st.one_of(
            st.sampled_from(
                [*"\x1b[];\\\x07\x9b\x9c\x9d\x7f\r\n\tP02Jmcé ", *BIDI_CONTROLS, *SEPARATORS]
            ),
            st.characters(max_codepoint=0xA0),
        ),
    ),
)
# Text without anything either function touches.
plain_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs"),
        blacklist_characters=[*BIDI_CONTROLS, *SEPARATORS],
    )
)


# ---- clean_input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        (f"voor{OSC52}na", "voorna"),
        (f"voor{CLEAR}na", "voorna"),
        (f"voor{TITLE_BEL}na", "voorna"),
        (f"voor{TITLE_ST}na", "voorna"),
        ("voor\x1b[1;31mrood\x1b[0mna", "voorroodna"),
        ("voor\x9b2Jna", "voorna"),  # 8-bit CSI
        ("voor\x9d0;pwned\x9cna", "voorna"),  # 8-bit OSC and ST
        ("voor\x1bPq#0;2;0;0;0\x1b\\na", "voorna"),  # DCS (sixel)
        ("voor\x1b_apc\x07na", "voorna"),  # APC
        ("voor\x1b(Bna", "voorna"),  # charset selection
        ("voor\x1bcna", "voorna"),  # full reset
        ("voor\x1b", "voor"),  # a lone ESC at the end
        ("voor\x1b]0;nooit beëindigd\nvolgende regel", "voor\nvolgende regel"),
        ("voor\x9fapc\x9cna", "voorna"),  # 8-bit APC
        ("a\x00b\x07c\x08d\x7fe\x85f\x80g", "abcdefg"),
    ],
)
def test_escape_sequences_are_removed_whole(raw: str, cleaned: str) -> None:
    assert clean_input(raw) == cleaned


def test_line_ends_become_newlines() -> None:
    assert clean_input("een\r\ntwee\rdrie\nvier") == "een\ntwee\ndrie\nvier"


def test_single_line_input_turns_line_breaks_and_tabs_into_spaces() -> None:
    assert clean_input("een\ttwee\r\ndrie\u2028vier", multiline=False) == "een twee drie vier"


def test_tabs_newlines_and_bidi_controls_are_kept_on_input() -> None:
    text = "שלום\t\u2067عربي\u2069\n\u202eevil\u202c"
    assert clean_input(text) == text


def test_a_five_megabyte_paste_is_cleaned() -> None:
    """Completes, and correctly; the speed itself is the benchmark's business."""
    line = f"Een cliënt vertelt iets 👩‍👧 שלום {OSC52}{CLEAR}\r\n"
    big = (line * (5_000_000 // len(line) + 1))[:5_000_000]
    cleaned = clean_input(big)
    assert ESC not in cleaned and "\r" not in cleaned and "]52;" not in cleaned
    assert cleaned.startswith("Een cliënt vertelt iets 👩‍👧 שלום \nEen cliënt")


@given(hostile_text, st.booleans())
def test_clean_input_leaves_no_control_but_newline_and_tab(text: str, multiline: bool) -> None:
    cleaned = clean_input(text, multiline=multiline)
    allowed = C0_KEPT_ON_INPUT if multiline else set()
    assert not [ch for ch in cleaned if is_c0(ch) and ch not in allowed]
    assert not [ch for ch in cleaned if is_c1(ch) or ch == "\x7f"]
    assert ESC not in cleaned


@given(hostile_text, st.booleans())
def test_clean_input_is_idempotent(text: str, multiline: bool) -> None:
    once = clean_input(text, multiline=multiline)
    assert clean_input(once, multiline=multiline) == once


@given(plain_text)
def test_clean_input_leaves_ordinary_text_alone(text: str) -> None:
    assert clean_input(text) == text
    assert clean_input(text, multiline=False) == text


# ---- visible ----------------------------------------------------------------------------------


def test_controls_get_visible_stand_ins() -> None:
    assert visible(f"a{CLEAR}b\x07c\x7fd\x9be\x85f") == "a␛[2Jb␇c␡d\N{REPLACEMENT CHARACTER}e�f"
    assert visible("a\tb") == "a    b"


def test_bidi_controls_are_named() -> None:
    assert visible(f"{RLO}evil\u202c") == "⟨RLO⟩evil⟨PDF⟩"
    assert visible("\u202a\u202b\u202d\u2066\u2067\u2068\u2069") == (
        "⟨LRE⟩⟨RLE⟩⟨LRO⟩⟨LRI⟩⟨RLI⟩⟨FSI⟩⟨PDI⟩"
    )


def test_line_breaks_with_and_without_keep_newlines() -> None:
    assert visible("een\ntwee\r\ndrie\u2028vier\u2029vijf") == "een\ntwee\ndrie\nvier\nvijf"
    assert visible("a\rb") == "a␍b"  # a lone CR would let the line overwrite itself
    flat = visible("een\ntwee\r\ndrie\u2028vier\u2029vijf", keep_newlines=False)
    assert flat == "een␊twee␊drie⟨LS⟩vier⟨PS⟩vijf"


@given(hostile_text, st.booleans())
def test_visible_leaves_nothing_that_drives_a_terminal(text: str, keep_newlines: bool) -> None:
    shown = visible(text, keep_newlines=keep_newlines)
    allowed = {"\n"} if keep_newlines else set()
    assert not [ch for ch in shown if is_c0(ch) and ch not in allowed]
    assert not [ch for ch in shown if is_c1(ch) or ch == "\x7f"]
    assert not [ch for ch in shown if ch in BIDI_CONTROLS or ch in SEPARATORS]


@given(hostile_text, st.booleans())
def test_visible_is_idempotent(text: str, keep_newlines: bool) -> None:
    """The app shows already-visible CLI text (a revision's ``entry_text``) once more."""
    once = visible(text, keep_newlines=keep_newlines)
    assert visible(once, keep_newlines=keep_newlines) == once


@given(plain_text)
def test_visible_leaves_ordinary_text_alone(text: str) -> None:
    assert visible(text) == text
    assert visible(text, keep_newlines=False) == text


def test_ordinary_dutch_text_passes_both_unchanged() -> None:
    assert clean_input(DUTCH) == DUTCH
    assert visible(DUTCH) == DUTCH


def test_the_app_shows_what_the_cli_shows() -> None:
    hostile = f"titel {TITLE_BEL}{CLEAR}{RLO}evil\tend\nregel"
    assert safe(hostile) == visible(hostile)
    assert safe(hostile, keep_newlines=False) == visible(hostile, keep_newlines=False)
    assert fit(hostile, 200).rstrip() == one_line(hostile, 200)


def test_a_finding_is_described_visibly() -> None:
    finding = Finding(
        kind="email",
        text="a@b.nl",
        start=0,
        end=6,
        context=f"{CLEAR}»a@b.nl« {RLO}x",
        where=f"Situatie{TITLE_BEL}",
    )
    described = finding.describe("en")
    assert ESC not in described and RLO not in described and "\x07" not in described
    assert "␛[2J»a@b.nl« ⟨RLO⟩x" in described


# ---- the CLI ----------------------------------------------------------------------------------


@pytest.fixture
def journal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    capsys.readouterr()
    return Path(os.environ["REFLECT_JOURNAL"])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_inert(text: str) -> None:
    assert ESC not in text and "\x07" not in text and RLO not in text and "\x9b" not in text


def test_a_hostile_entry_is_shown_inert_by_list_show_and_search(
    journal: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    title = f"Huisbezoek {TITLE_BEL}{CLEAR}{RLO}live"
    payload = json.dumps({"title": title, "situation": f"Gekopieerd uit een mail{OSC52}.\n"})
    monkeypatch.setattr(sys, "stdin", io.StringIO(payload))
    code, out, _ = run(capsys, "new", "--json-input")
    assert code == 0
    entry_id = out.strip()
    for argv in (["list"], ["show", entry_id], ["search", "Huisbezoek"]):
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)
        assert "Huisbezoek" in out, argv
        assert_inert(out + err)
        assert "⟨RLO⟩live" in out, argv
    # --json stays the byte-exact path: it holds the text as stored, escaped by JSON.
    _, out, _ = run(capsys, "show", entry_id, "--json")
    assert json.loads(out)["title"].startswith("Huisbezoek ")


def test_an_error_quoting_user_text_is_one_inert_line(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "show", f"x{TITLE_BEL}\n{CLEAR}")
    assert code != 0 and out == ""
    assert_inert(err)
    assert len(err.strip().splitlines()) == 1


def test_alias_list_shows_stored_control_characters_inert(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reflect.vault.journal import Journal

    # Written straight into the table, as an older version (without input cleaning) could.
    with Journal.open(journal, PASS) as opened:
        opened.set_alias(f"Jan{TITLE_BEL} de Vries{CLEAR}", f"{RLO}J.")
    code, out, err = run(capsys, "alias", "list")
    assert code == 0, err
    assert_inert(out + err)
    assert "Jan␛]0;pwned␇ de Vries␛[2J" in out and "⟨RLO⟩J." in out


def test_alias_add_stores_the_name_without_escape_sequences(
    journal: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"Piet{TITLE_BEL} Jansen{CLEAR}\n"))
    code, _, err = run(capsys, "alias", "add", f"P.{CLEAR}")
    assert code == 0, err
    assert_inert(err)
    _, out, _ = run(capsys, "alias", "list")
    assert out.split() == ["Piet", "Jansen", "→", "P."]


def run_articles(tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="reflect")
    register_articles(parser.add_subparsers())
    args = parser.parse_args(["articles", *argv])
    out, err = io.StringIO(), io.StringIO()
    ctx = CommandContext(journal_path=tmp_path / "j", lang="en", out=out, err=err)
    code = args.handler(args, ctx)
    return code, out.getvalue(), err.getvalue()


USER_CODE = r"""schema: 1
id: org-code
name: {nl: "Gedragscode\e]0;pwned\a", en: "Code\e]0;pwned\a"}
source: "Made-up code\e[2J"
edition: "2024"
language: nl
sources:
  - {id: own, title: Our own code}
articles:
  - number: 1
    heading: "Cadeaus \u202Eevil"
    status: verified
    source: own
    paraphrase: {nl: "Geen cadeaus.\e]52;c;eA==\a", en: "No gifts.\e]52;c;eA==\a"}
"""


def test_a_user_catalogue_is_shown_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "config"
    (folder / "codes").mkdir(parents=True)
    (folder / "codes" / "org.yaml").write_text(USER_CODE, encoding="utf-8")
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(folder))
    reload_catalog()
    try:
        code, out, err = run_articles(tmp_path, "--code", "org-code")
    finally:
        monkeypatch.undo()
        reload_catalog()
    assert code == 0, err
    assert_inert(out + err)
    assert "Code␛]0;pwned␇" in out and "⟨RLO⟩evil" in out and "No gifts.␛]52;" in out


def test_articles_errors_and_queries_are_shown_inert(tmp_path: Path) -> None:
    code, out, err = run_articles(tmp_path, f"nergens{CLEAR}")
    assert code == 0 and "nergens␛[2J" in out
    assert_inert(out + err)
    code, out, err = run_articles(tmp_path, "--code", f"x{TITLE_BEL}")
    assert code == 2 and "x␛]0;pwned␇" in err
    assert_inert(out + err)


def test_a_list_row_with_a_hostile_title_is_one_inert_line() -> None:
    from datetime import UTC

    from reflect.model import Entry

    row = entry_row(Entry(title=f"regel 1\nregel 2 {TITLE_BEL}{RLO}"), zone=UTC)
    assert "\n" not in row
    assert_inert(row)
    assert "⟨RLO⟩" in row
