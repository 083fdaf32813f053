"""One sanitiser for text that enters the journal and for text that reaches a terminal.

Journal text comes from anywhere: a mail pasted into the app, a script driving the CLI, a JSON
file. It can hold terminal escape sequences that, printed raw, set the terminal's title, clear
the screen or write the clipboard (OSC 52); and Unicode bidi overrides that flip the rest of a
line so it reads differently from what is stored. Two functions, two moments:

:func:`clean_input` — text being *entered* (app fields, CLI options, ``--json-input``).
    Whole escape sequences are removed, not just their ESC byte, so nothing like ``]52;c;…``
    or ``[2J`` is left behind: CSI (``ESC [ … final``), the string sequences OSC, DCS, SOS, PM
    and APC (``ESC ] … BEL`` or ``… ESC \\``), their 8-bit C1 forms, and every other
    ``ESC``-prefixed sequence. An unterminated string sequence ends at the first control
    character (a newline, say) or at the end of the text: its payload never spans a line. Then
    every remaining C0 control except ``\\n`` and ``\\t``, DEL and every C1 control
    (U+0080–U+009F) is removed. ``\\r\\n`` and a lone ``\\r`` become ``\\n``. With
    ``multiline=False`` (a title, a name) line breaks — ``\\n``, U+2028, U+2029 — and tabs
    become spaces. Bidi controls are *kept*: Arabic and Hebrew text can need them, and they are
    harmless once shown visibly (below).

:func:`visible` — text being *shown* on a terminal, by the CLI and by the app alike (the app's
    ``reflect.widgets.safe_text.safe`` delegates here, so both show the same). Stored text is
    never changed; only what is printed is. Each character below gets an inert, visible
    stand-in, so a reader sees that something is there:

    * C0 controls → the Control Pictures block, U+2400 + code (ESC → ``␛``, BEL → ``␇``);
      ``\\n`` is kept when ``keep_newlines`` (else ``␊``); a ``\\r\\n`` pair counts as one
      line break; a lone ``\\r`` (which would let a line overwrite itself) → ``␍``;
    * TAB → four spaces (a tab's width depends on the terminal and breaks column layouts);
    * DEL → ``␡``; C1 controls (U+0080–U+009F) → U+FFFD, as Unicode has no pictures for them;
    * bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) → their Unicode
      abbreviation in angle brackets: ``⟨LRE⟩ ⟨RLE⟩ ⟨PDF⟩ ⟨LRO⟩ ⟨RLO⟩ ⟨LRI⟩ ⟨RLI⟩ ⟨FSI⟩
      ⟨PDI⟩``. The marker says what was there (U+FFFD would only say "something"), and it is
      made of narrow characters, so column layouts stay predictable;
    * U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR → ``\\n`` when ``keep_newlines``
      (terminals do not break the line for them, so text would run together), else ``⟨LS⟩`` and
      ``⟨PS⟩``.

    Deliberately left alone: the implicit marks LRM/RLM/ALM (they nudge neutral characters, they
    cannot reverse a run of text) and zero-width characters (ZWJ is part of many emoji and
    ZWNJ of Persian spelling; neither controls the terminal). ``visible`` is idempotent: its
    stand-ins are ordinary printable characters.

No Textual and no Rich here: this is core code that the CLI imports.
"""

from __future__ import annotations

import re

#: Explicit bidi embeddings, overrides and isolates, with the Unicode abbreviation of each.
BIDI_NAMES: dict[str, str] = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
BIDI_CONTROLS: frozenset[str] = frozenset(BIDI_NAMES)

LINE_SEPARATOR = "\u2028"
PARAGRAPH_SEPARATOR = "\u2029"
TAB_AS = "    "

# ---- input --------------------------------------------------------------------------------

# Characters that may end or interrupt an escape sequence: all C0, DEL, all C1.
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
_SEQUENCES = re.compile(
    # String sequences: OSC (ESC ]), DCS (ESC P), SOS (ESC X), PM (ESC ^), APC (ESC _) and their
    # 8-bit introducers. The payload runs up to BEL or ST (ESC \ or 0x9C); when that is missing
    # it stops at the first control character, so a stray ESC ] cannot eat the following lines.
    rf"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^{_CONTROLS}]*(?:\x07|\x1b\\|\x9c)?"
    # CSI, 7-bit (ESC [) and 8-bit (0x9B): parameter bytes, intermediate bytes, a final byte.
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    # Every other ESC sequence (charset selection, ESC c full reset, ESC 7 …): intermediates
    # and a final byte; a lone ESC matches too, so no ESC ever survives.
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
    # Whatever control is left, except \t and \n (\r is turned into \n before this runs).
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# Checked first: most input has no control character at all, and this one-class search is
# ~15x faster than trying the alternation above at every position.
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK_OR_TAB = re.compile(r"[\t\n\u2028\u2029]")


def clean_input(text: str, *, multiline: bool = True) -> str:
    """``text`` as it should be stored: no escape sequences, no control characters but ``\\n``
    and ``\\t`` (none at all when not ``multiline``), line ends as ``\\n``. Idempotent."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _ANY_CONTROL.search(text) is not None:
        text = _SEQUENCES.sub("", text)
    if not multiline:
        # A regex with a constant replacement stays in C; translate() is slow on non-ASCII.
        text = _LINE_BREAK_OR_TAB.sub(" ", text)
    return text


# ---- output -------------------------------------------------------------------------------


def _stand_ins(keep_newlines: bool) -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
    table[ord("\t")] = TAB_AS
    table[0x7F] = "\N{SYMBOL FOR DELETE}"
    table.update({code: "\N{REPLACEMENT CHARACTER}" for code in range(0x80, 0xA0)})
    table.update({ord(ch): f"⟨{name}⟩" for ch, name in BIDI_NAMES.items()})
    if keep_newlines:
        del table[ord("\n")]
        table[ord(LINE_SEPARATOR)] = "\n"
        table[ord(PARAGRAPH_SEPARATOR)] = "\n"
    else:
        table[ord(LINE_SEPARATOR)] = "⟨LS⟩"
        table[ord(PARAGRAPH_SEPARATOR)] = "⟨PS⟩"
    return table


_KEEP_NEWLINES = _stand_ins(keep_newlines=True)
_FLAT = _stand_ins(keep_newlines=False)
# What each table replaces. Searching for it first is ~30x faster than translate() on
# non-ASCII text, and most text (every render of the entry list) has nothing to replace.
_SPECIALS = r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"  # besides C0
_NEEDS_STAND_IN_KEEP = re.compile(rf"[\x00-\x09\x0b-\x1f{_SPECIALS}]")  # all C0 but \n
_NEEDS_STAND_IN_FLAT = re.compile(rf"[\x00-\x1f{_SPECIALS}]")


def needs_stand_in(text: str) -> bool:
    """Whether :func:`visible` would change ``text`` shown on one line (a cheap test for a
    renderer that shows thousands of lines)."""
    return _NEEDS_STAND_IN_FLAT.search(text) is not None


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` safe to print on a terminal: every control and bidi character made visible."""
    needs = _NEEDS_STAND_IN_KEEP if keep_newlines else _NEEDS_STAND_IN_FLAT
    if needs.search(text) is None:
        return text
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")  # a Windows line end is one line break, not ␍␊
    return text.translate(_KEEP_NEWLINES if keep_newlines else _FLAT)
