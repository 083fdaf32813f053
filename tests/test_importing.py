"""The import rules (reflect/operations/importing.py), without the command line: which formats
are read, where each record starts, how a jrnl entry maps onto an entry, what is refused and
what is skipped. Every text here is fictional.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest

from reflect.catalog import DEFAULT_CODE, Catalog, load_catalog
from reflect.errors import UsageError
from reflect.model import ArticleRef, Entry, Status
from reflect.operations.importing import (
    MAX_RECORD_CHARS,
    Built,
    NoteKind,
    Skip,
    Where,
    build_entries,
    decode_input,
    plan_import,
    read_records,
)


@cache
def catalog() -> Catalog:
    return load_catalog()


def build(text: str, code: str = DEFAULT_CODE) -> Built:
    return build_entries(read_records(text), catalog(), code)


class FakeJournal:
    """What planning reads of a journal: ids, destroyed ids and the stored documents."""

    def __init__(self, entries: Iterable[Entry] = (), erased: Iterable[str] = ()) -> None:
        self.docs = {e.id: e.to_dict() for e in entries}
        self._erased = set(erased)

    def has(self, entry_id: str) -> bool:
        return entry_id in self.docs

    def erased(self) -> set[str]:
        return set(self._erased)

    def documents(self) -> list[Mapping[str, Any]]:
        return list(self.docs.values())


def lines(*records: Any) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# ---- formats and places -------------------------------------------------------------------


def test_json_lines_name_each_record_by_its_line() -> None:
    text = "\n" + lines({"title": "Fictief een"}) + "\n" + lines({"title": "Fictief twee"})
    built = build(text)
    assert [c.where for c in built.candidates] == [Where(2), Where(4)]
    assert [c.entry.title for c in built.candidates] == ["Fictief een", "Fictief twee"]
    assert built.problems == [] and built.records == 2


def test_an_array_names_the_line_and_the_place_of_each_record() -> None:
    data = [{"title": "Fictief een"}, {"title": "Fictief twee"}]
    built = build(json.dumps(data, indent=2))
    assert [c.where for c in built.candidates] == [Where(2, 1), Where(5, 2)]


def test_pretty_printed_objects_one_after_another_are_read_too() -> None:
    """`reflect show --json` run for a few entries, its outputs concatenated."""
    text = json.dumps({"title": "Fictief een"}, indent=2) + "\n"
    text += json.dumps({"title": "Fictief twee"}, indent=2) + "\n"
    built = build(text)
    assert [c.where.line for c in built.candidates] == [1, 4]


def test_a_byte_order_mark_and_windows_line_ends_are_accepted() -> None:
    data = ("\ufeff" + lines({"title": "Fictief"}, {"title": "Ook fictief"})).replace("\n", "\r\n")
    built = build(decode_input(data.encode("utf-8")))
    assert [c.entry.title for c in built.candidates] == ["Fictief", "Ook fictief"]


def test_a_broken_line_spoils_only_that_record() -> None:
    text = lines({"title": "Een"}) + '{"title": "Twee"\n' + lines({"title": "Drie"})
    built = build(text)
    assert [c.entry.title for c in built.candidates] == ["Een", "Drie"]
    [problem] = built.problems
    assert problem.where == Where(2)
    assert "not valid JSON" in problem.message


def test_a_syntax_error_inside_an_array_stops_the_whole_file() -> None:
    text = '[\n  {"title": "Een"},\n  {"title": },\n  {"title": "Drie"}\n]\n'
    with pytest.raises(UsageError, match="line 3"):
        build(text)


def test_jrnl_text_instead_of_its_json_export_says_what_is_read() -> None:
    text = "[2024-03-05 09:15] Een jrnl-tekstbestand.\nMet een tweede regel.\n"
    with pytest.raises(UsageError, match=r"^line 1: .*jrnl --format json"):
        build(text)


def test_text_that_is_not_json_is_one_problem_not_one_per_line() -> None:
    text = "Een gewoon tekstbestand.\nMet een tweede regel.\n{nog iets\n"
    built = build(text)
    assert [p.where for p in built.problems] == [Where(1), Where(3)]


def test_a_value_that_is_not_an_object_is_refused() -> None:
    built = build('["tekst", 12]')
    assert [(p.where.record, "expected an entry" in p.message) for p in built.problems] == [
        (1, True),
        (2, True),
    ]


def test_a_record_too_large_is_refused_with_its_line() -> None:
    huge = "x" * (MAX_RECORD_CHARS + 10)
    built = build(lines({"title": "Klein"}, {"situation": huge}, {"title": "Ook klein"}))
    [problem] = built.problems
    assert problem.where == Where(2)
    assert "MB" in problem.message
    assert len(built.candidates) == 2


def test_bytes_that_are_not_utf8_spoil_only_their_record() -> None:
    data = lines({"title": "Goed"}).encode() + b'{"title": "fout \xff"}\n'
    built = build(decode_input(data))
    assert [c.entry.title for c in built.candidates] == ["Goed"]
    assert [p.where for p in built.problems] == [Where(2)]


def test_an_empty_file_has_no_records() -> None:
    built = build("  \n\n")
    assert built.records == 0 and built.candidates == [] and built.problems == []


# ---- reflect records ----------------------------------------------------------------------


def test_a_show_json_object_keeps_its_id_and_times() -> None:
    entry = Entry(title="Fictief", situation="Iets", status=Status.DECIDED)
    [candidate] = build(lines(entry.to_dict())).candidates
    assert candidate.id_given and candidate.created_given
    assert candidate.entry.to_dict() == entry.to_dict()


def test_a_record_without_id_or_times_gets_a_new_id_and_now() -> None:
    before = datetime.now(UTC)
    [candidate] = build(lines({"title": "Fictief"})).candidates
    assert not candidate.id_given and not candidate.created_given
    assert candidate.entry.created >= before
    assert candidate.entry.updated == candidate.entry.created


def test_times_without_an_offset_are_local_and_stored_in_utc() -> None:
    [c] = build(lines({"title": "Fictief", "created": "2024-03-05T09:15:00"})).candidates
    assert c.entry.created == datetime(2024, 3, 5, 9, 15).astimezone(UTC)
    assert c.entry.created.tzinfo is UTC


@pytest.mark.parametrize(
    ("record", "named"),
    [
        ({"titel": "Fictief"}, ["titel", "title"]),
        ({"title": "Fictief", "status": "klaar"}, ["status", "klaar"]),
        ({"title": "Fictief", "follow_up": "volgende week"}, ["follow_up", "volgende week"]),
        ({"title": "Fictief", "created": "gisteren"}, ["created", "gisteren"]),
        ({"title": "Fictief", "updated": 20240305}, ["updated"]),
        ({"title": "Fictief", "id": "Niet Goed!"}, ["id", "Niet Goed!"]),
        ({"title": "Fictief", "articles": [{"number": 999}]}, ["articles", "999"]),
        ({"title": "Fictief", "revisions": "geen lijst"}, ["revisions"]),
    ],
    ids=lambda v: str(v)[:40],
)
def test_a_bad_record_names_the_key(record: dict[str, Any], named: list[str]) -> None:
    [problem] = build(lines({"title": "Goed"}, record)).problems
    assert problem.where == Where(2)
    for text in named:
        assert text in problem.message, problem.message


def test_the_same_id_twice_in_a_file_is_a_problem() -> None:
    entry = Entry(title="Fictief")
    built = build(lines(entry.to_dict(), {**entry.to_dict(), "title": "Anders"}))
    [problem] = built.problems
    assert problem.where == Where(2) and entry.id in problem.message and "line 1" in problem.message


def test_text_is_cleaned_as_typed_input_is() -> None:
    record = {"title": "Fic\x1b]52;c;aGFjaw==\x07tief\nnaam", "situation": "Een\r\nregel\x1b[2J"}
    [c] = build(lines(record)).candidates
    assert c.entry.title == "Fictief naam"
    assert c.entry.situation == "Een\nregel"


def test_revisions_are_left_out_with_a_note() -> None:
    data = {**Entry(title="Fictief").to_dict(), "revisions": [{"saved": "x", "entry": {}}]}
    built = build(lines(data))
    assert len(built.candidates) == 1
    assert [n.kind for n in built.notes] == [NoteKind.REVISIONS]


def test_an_empty_record_is_skipped_not_imported() -> None:
    built = build(lines({}, {"title": "  "}))
    assert built.candidates == []
    assert [s.reason for s in built.skipped] == [Skip.EMPTY, Skip.EMPTY]


def test_an_unknown_code_is_refused_before_any_record() -> None:
    with pytest.raises(UsageError, match="geen-code"):
        build(lines({"title": "Fictief"}), code="geen-code")


# ---- jrnl ---------------------------------------------------------------------------------

JRNL_EXPORT = {
    "tags": {"@art10": 1, "@supervisie": 1, "#art13": 1},
    "entries": [
        {
            "title": "Fictief: een huisbezoek liep anders.",
            "body": "Verzonnen tekst over @supervisie en @art10.\nTweede regel #art13.",
            "date": "2024-03-05",
            "time": "09:15",
            "tags": ["@supervisie", "@art10", "#art13"],
            "starred": True,
        },
        {
            "title": "Fictief: tweede verslag.",
            "body": "",
            "date": "2024-03-06",
            "time": "17:40",
            "tags": [],
            "starred": False,
        },
    ],
}


def test_a_jrnl_export_maps_title_body_time_and_article_tags() -> None:
    built = build(json.dumps(JRNL_EXPORT, indent=4))
    assert built.problems == []
    first, second = (c.entry for c in built.candidates)
    assert first.title == "Fictief: een huisbezoek liep anders."
    assert first.situation == JRNL_EXPORT["entries"][0]["body"]  # type: ignore[index]
    assert first.created == first.updated == datetime(2024, 3, 5, 9, 15).astimezone(UTC)
    assert first.articles == [ArticleRef(DEFAULT_CODE, 10), ArticleRef(DEFAULT_CODE, 13)]
    assert first.status is Status.DRAFT
    assert second.title == "Fictief: tweede verslag." and second.articles == []
    assert [n.kind for n in built.notes] == [NoteKind.STARRED]
    # Each jrnl entry named by the line it starts on and its place in the export.
    assert [c.where for c in built.candidates] == [Where(8, 1), Where(20, 2)]
    assert all(not c.id_given and c.created_given for c in built.candidates)


@pytest.mark.parametrize("tag", ["@art10", "#artikel10", "@artikel-10", "@article_10", "#ART10"])
def test_the_ways_a_tag_can_name_an_article(tag: str) -> None:
    record = {"title": "Fictief.", "body": f"Tekst {tag}", "date": "2024-01-02", "tags": [tag]}
    [c] = build(lines(record)).candidates
    assert c.entry.articles == [ArticleRef(DEFAULT_CODE, 10)]


def test_a_tag_naming_no_article_stays_text_with_a_note() -> None:
    record = {"title": "Fictief.", "body": "Over @art999.", "date": "2024-01-02",
              "tags": ["@art999"]}
    built = build(lines(record))
    [c] = built.candidates
    assert c.entry.articles == [] and c.entry.situation == "Over @art999."
    assert [(n.kind, n.detail) for n in built.notes] == [(NoteKind.NOT_ARTICLE, "@art999")]


def test_a_tag_the_text_does_not_hold_is_kept_as_a_last_line() -> None:
    record = {"title": "Fictief.", "body": "Tekst zonder tags.", "date": "2024-01-02",
              "time": "08:00", "tags": ["@intervisie", "#art10"]}
    [c] = build(lines(record)).candidates
    assert c.entry.situation == "Tekst zonder tags.\n\n@intervisie #art10"
    assert c.entry.articles == [ArticleRef(DEFAULT_CODE, 10)]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"date": "5 maart"}, "date"),
        ({"date": None}, "date"),
        ({"time": "kwart over negen"}, "time"),
        ({"tags": "@art10"}, "tags"),
        ({"starred": "ja"}, "starred"),
        ({"mood": "blij"}, "mood"),
        ({"body": 12}, "situation"),
    ],
    ids=str,
)
def test_a_bad_jrnl_entry_names_the_key(change: dict[str, Any], named: str) -> None:
    record = {"title": "Fictief.", "body": "Tekst.", "date": "2024-01-02", "time": "09:00",
              "tags": [], "starred": False, **change}
    [problem] = build(lines(record)).problems
    assert named in problem.message and problem.where == Where(1)


# ---- against the journal ------------------------------------------------------------------


def test_records_the_journal_has_are_skipped() -> None:
    have = Entry(title="Fictief: al bewaard")
    gone = Entry(title="Fictief: vernietigd")
    new = Entry(title="Fictief: nieuw")
    journal = FakeJournal([have], erased={gone.id})
    plan = plan_import(build(lines(have.to_dict(), gone.to_dict(), new.to_dict())), journal)
    assert [e.id for e in plan.entries] == [new.id]
    assert [(s.where.line, s.reason, s.entry_id) for s in plan.skipped] == [
        (1, Skip.EXISTS, have.id),
        (2, Skip.ERASED, gone.id),
    ]


def test_a_jrnl_entry_already_imported_is_skipped_by_its_content_and_time() -> None:
    first = plan_import(build(json.dumps(JRNL_EXPORT)), FakeJournal())
    assert len(first.entries) == 2
    journal = FakeJournal(first.entries)
    again = plan_import(build(json.dumps(JRNL_EXPORT)), journal)
    assert again.entries == []
    assert [s.reason for s in again.skipped] == [Skip.EXISTS, Skip.EXISTS]
    assert again.notes == []  # the star note is about an entry not imported this time


def test_the_same_text_at_another_time_is_another_entry() -> None:
    record = {"title": "Fictief: ziek.", "body": "", "date": "2024-01-02", "time": "09:00"}
    later = {**record, "date": "2024-02-02"}
    plan = plan_import(build(lines(record, later, record)), FakeJournal())
    assert len(plan.entries) == 2
    [skipped] = plan.skipped
    assert (skipped.reason, skipped.where, skipped.same_as) == (Skip.DUPLICATE, Where(3), Where(1))


def test_records_without_id_or_time_match_on_content_alone() -> None:
    have = Entry(title="Fictief", situation="Zelfde tekst")
    plan = plan_import(
        build(lines({"title": "Fictief", "situation": "Zelfde tekst"}, {"title": "Anders"})),
        FakeJournal([have]),
    )
    assert [e.title for e in plan.entries] == ["Anders"]
    assert [s.reason for s in plan.skipped] == [Skip.EXISTS]


def test_new_ids_are_random_not_derived_from_the_text() -> None:
    text = lines({"title": "Fictief"})
    ids = {build(text).candidates[0].entry.id for _ in range(5)}
    assert len(ids) == 5
