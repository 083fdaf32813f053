"""Human output never lets user text drive the terminal."""

from __future__ import annotations

from datetime import UTC

from reflect.model import Entry
from reflect.sanitize import visible
from reflect.textout import entry_row, entry_text, one_line


def test_escape_sequences_and_controls_are_shown_inert() -> None:
    shown = visible("a\x1b[2Jb\x07c\rd\x9be\nf")
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert "\x9b" not in shown
    assert shown.endswith("\nf")  # line breaks are kept in multi-line output
    assert "␛[2J" in shown


def test_list_row_is_one_line_even_with_newlines_and_escapes() -> None:
    row = entry_row(Entry(title="regel 1\nregel 2 \x1b]0;titel\x07"), zone=UTC)
    assert "\n" not in row and "\x1b" not in row


def test_one_line_cuts_what_is_shown_not_what_is_stored() -> None:
    assert one_line("ab\u202ec", 8) == "ab⟨RLO⟩c"  # the marker counts, not the character
    assert one_line("ab\u202ecd", 8) == "ab⟨RLO⟩…"


def test_show_keeps_the_title_on_one_line_and_fields_inert() -> None:
    text = entry_text(Entry(title="Titel\nmet \u202eomkering", situation="a\x1b]52;c;eA==\x07b"))
    first = text.splitlines()[0]
    assert first.startswith("Titel met ⟨RLO⟩omkering  (")
    assert "a␛]52;c;eA==␇b" in text and "\x1b" not in text


def test_empty_fields_are_left_out_of_show() -> None:
    text = entry_text(Entry(title="Alleen titel", decision="Besluit genomen"))
    assert "Decision:" in text
    assert "Situation:" not in text and "Rationale:" not in text
