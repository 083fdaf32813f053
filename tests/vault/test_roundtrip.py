"""Whatever a user types comes back byte for byte after the journal is closed and reopened."""

from __future__ import annotations

import functools
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vault_helpers import PASSPHRASE, Cli, make_journal

from reflect.errors import ReflectError
from reflect.model import TEXT_FIELDS, ArticleRef, Entry, Option, Stakeholder, Status
from reflect.sanitize import clean_input
from reflect.vault.journal import Journal

# Strings that have broken journals, terminals and JSON encoders before.
SPECIAL = [
    "Cliënt (17) woont bij oma in Ĳmuiden; één keer per week, naïef, café, coöperatie",
    "😀 👩‍👧‍👦 🏳️‍🌈 🇳🇱 🫶🏽",
    "שלום עולם",
    "مرحبا بالعالم ١٢٣",
    "\u202eevil\u202c and \u2066isolate\u2069 \u200f\u200e",
    "\x1b[31mrood\x1b[0m",
    "\x1b]0;new terminal title\x07",
    "\x1b[2J\x1b[H\x1b[?1049h",
    "\x9b31m C1 CSI",
    "\x00NUL in the middle\x00",
    "\r\n",
    "\r",
    "\t\v\f\b",
    "\x7f",
    "\x85 next line",
    "\u2028\u2029",
    "\ufeffBOM",
    "\ufffe\uffff",
    "\U0001d11e \U0001f600 \U0010ffff \U000e0001",
    "e\u0301 versus \u00e9",  # NFD and NFC must both survive unnormalised
    "A\u030a versus \u00c5 versus \u212b",
    "\"quotes\" \\backslash\\ 'single'",
    "</script><!--",
    '{"id": "not-a-real-entry", "entries": {}}',
    "",
    " ",
]

_chars = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be UTF-8
_pieces = st.one_of(st.sampled_from(SPECIAL), st.text(_chars, max_size=40))
TEXT = st.one_of(
    st.text(_chars),
    st.sampled_from(SPECIAL),
    st.lists(_pieces, max_size=8).map("".join),
    # long text: a short piece repeated many times
    st.builds(lambda s, n: s * n, st.text(_chars, min_size=1, max_size=12), st.integers(50, 800)),
)

_json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    # The payload holds 64-bit integers at most (docs/FORMAT.md); larger ones are refused.
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
)
JSON_VALUE = st.recursive(
    _json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(_chars, max_size=10), inner, max_size=4),
    ),
    max_leaves=10,
)
_KNOWN_KEYS = {
    "id",
    "created",
    "updated",
    "options",
    "stakeholders",
    "articles",
    "method",
    "method_answers",
    "follow_up",
    "delete_after",
    "status",
    "follows",
    *TEXT_FIELDS,
}
EXTRA = st.dictionaries(
    st.text(_chars, max_size=12).filter(lambda k: k not in _KNOWN_KEYS), JSON_VALUE, max_size=3
)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    texts = {name: draw(TEXT) for name in TEXT_FIELDS}
    return Entry(
        **texts,
        options=draw(st.lists(st.builds(Option, TEXT, TEXT), max_size=3)),
        stakeholders=draw(st.lists(st.builds(Stakeholder, TEXT, TEXT), max_size=3)),
        articles=draw(
            st.lists(st.builds(ArticleRef, TEXT, st.integers(-(2**40), 2**40), TEXT), max_size=3)
        ),
        method=draw(st.none() | TEXT),
        method_answers=draw(st.dictionaries(TEXT, TEXT, max_size=3)),
        follow_up=draw(st.none() | st.dates()),
        delete_after=draw(st.none() | st.dates()),
        status=draw(st.sampled_from(list(Status))),
        extra=draw(EXTRA),
    )


def canonical(data: dict[str, Any]) -> bytes:
    """Exact bytes of a dict: tells 1 from 1.0 from True, and NFC from NFD."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def content(entry: Entry) -> bytes:
    data = entry.to_dict()
    del data["created"], data["updated"]
    return canonical(data)


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(batch=st.lists(entries(), min_size=1, max_size=3))
def test_arbitrary_entries_survive_close_and_reopen(
    batch: list[Entry], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "journal.reflect"
    made = make_journal(path, batch)
    for given_entry, stored in zip(batch, made.entries, strict=True):
        assert content(stored) == content(given_entry)
    expected = {e.id: canonical(e.to_dict()) for e in made.entries}

    with Journal.open(path, PASSPHRASE) as journal:
        got = {e.id: canonical(e.to_dict()) for e in journal.list_entries()}
        for entry in made.entries:
            assert canonical(journal.get(entry.id).to_dict()) == expected[entry.id]
    assert got == expected


@SETTINGS
@given(first=entries(), second=entries())
def test_an_edit_and_its_revision_survive_reopen(
    first: Entry, second: Entry, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("revision") / "journal.reflect"
    made = make_journal(path, [first])
    original = made.entries[0]
    with Journal.open(path, PASSPHRASE) as journal:
        edited = journal.update(Entry(**{**vars(second), "id": original.id}))
    with Journal.open(path, PASSPHRASE) as journal:
        now = journal.get(original.id)
        revisions = journal.revisions(original.id)
    assert canonical(now.to_dict()) == canonical(edited.to_dict())
    assert content(now) == content(Entry(**{**vars(second), "id": original.id}))
    if content(first) == content(Entry(**{**vars(second), "id": original.id})):
        assert revisions == []
    else:
        assert [canonical(r.entry.to_dict()) for r in revisions] == [canonical(original.to_dict())]


def five_megabytes_of_text(seed: int = 1) -> str:
    """At least 5 MB of UTF-8 mixing every script and control character above."""
    rng = random.Random(seed)
    special = [*SPECIAL, "abcdefghij klmnop ", "\U0001f4a9", "\u0000", "\x1b[", "ĳ", "\U00010348"]
    planes = [(0x20, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF)]
    pool = []
    for _ in range(2000):
        low, high = rng.choice(planes)
        random_chars = "".join(chr(rng.randrange(low, high)) for _ in range(40))
        pool.append(rng.choice(special) + random_chars)
    parts: list[str] = []
    size = 0
    while size < 5 * 1024 * 1024:
        piece = rng.choice(pool)
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


@functools.cache
def big_text() -> str:
    return five_megabytes_of_text()


def test_five_megabyte_field_round_trips_in_process(tmp_path: Path) -> None:
    big = big_text()
    path = tmp_path / "data" / "journal.reflect"
    entry = Entry(title="groot", situation=big, method_answers={"stap 1": big[::-1]})
    made = make_journal(path, [entry])
    assert len(big.encode("utf-8")) >= 5 * 1024 * 1024
    assert path.stat().st_size > 5 * 1024 * 1024
    with Journal.open(path, PASSPHRASE) as journal:
        got = journal.get(made.entries[0].id)
    assert got.situation == big
    assert got.method_answers == {"stap 1": big[::-1]}
    assert canonical(got.to_dict()) == canonical(made.entries[0].to_dict())


def test_five_megabyte_field_round_trips_through_the_cli(cli: Cli) -> None:
    big = big_text()
    cli.init()
    fields = {
        "title": "Groot verslag \U0001f600 \x1b[31m",
        "situation": big,
        "decision": "\u202eomgekeerd\u202c ĳs",
    }
    created = cli.run("new", "--json-input", input=json.dumps(fields, ensure_ascii=False))
    assert created.code == 0, created.err
    entry_id = created.out.strip()

    shown = cli.run("show", entry_id, "--json")
    assert shown.code == 0, shown.err
    data = json.loads(shown.out)
    # Text is kept exactly, bidi controls included; escape sequences are dropped on entry
    # (they would drive the terminal of whoever shows the entry later).
    assert data["title"] == "Groot verslag \U0001f600 "
    assert data["situation"] == clean_input(big)
    assert data["decision"] == fields["decision"]
    assert data["id"] == entry_id
    for key in ("created", "updated", "rationale", "articles", "method", "status"):
        assert key in data


@pytest.mark.parametrize(
    "bad",
    [
        Entry(title="lone surrogate \udc80"),
        Entry(options=[Option("\ud800 half an emoji")]),
        Entry(method_answers={"stap \udfff": "x"}),
    ],
    ids=["title", "option", "method-answer-key"],
)
def test_text_that_cannot_be_stored_is_refused_and_does_not_block_later_saves(
    journal_path: Path, bad: Entry
) -> None:
    """A lone surrogate (from a bad paste or a broken decoder) cannot be written as UTF-8.
    It must be refused as a user error, and must not poison the journal so that every
    later save fails too."""
    make_journal(journal_path, [Entry(title="een")])
    with Journal.open(journal_path, PASSPHRASE) as journal:
        with pytest.raises(ReflectError):
            journal.add(bad)
        journal.add(Entry(title="twee"))
        assert not journal.unsaved
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert sorted(e.title for e in journal.list_entries()) == ["een", "twee"]


def test_a_journal_written_by_the_stdlib_serializer_still_opens_and_saves_the_same_bytes(
    journal_path: Path,
) -> None:
    """Journals written before the switch to orjson (json.dumps, compact, UTF-8) open, and the
    tables they hold come back as the same JSON text."""
    import json

    from reflect.vault import format as fmt
    from reflect.vault.journal import Journal, encode_tables
    from tests.journal_files import plaintext_of, seal_format_1

    made = make_journal(journal_path, [Entry(title="Oud ✓", situation="tab\there, ‮ bidi, 😀")])
    parsed = fmt.parse(journal_path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, PASSPHRASE, "passphrase")
    tables = json.loads(plaintext_of(parsed, key))
    old_style = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    blob = seal_format_1(parsed.header, key, old_style)
    journal_path.write_bytes(blob)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert journal.get(made.entries[0].id).situation == "tab\there, ‮ bidi, 😀"
        assert encode_tables(tables) == old_style
