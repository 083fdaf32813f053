"""Bringing notes in: entries from reflect's own JSON and from jrnl's JSON export.

What a file may hold (one reader for all of it — a file is a sequence of JSON values):

* **JSON lines**: one entry object per line, in the shape ``reflect show --json`` emits;
* **a JSON array** of such objects (``reflect list --json``), or several pretty-printed
  objects one after the other (``reflect show --json`` run for a few entries);
* **jrnl's JSON export** (``jrnl --format json``): ``{"tags": {...}, "entries": [...]}``,
  each entry ``{"title", "body", "date", "time", "tags", "starred"}``; also a single jrnl
  entry (jrnl's export to a folder writes one per file). An object with a ``body`` key is
  read as a jrnl entry: reflect's entries have no such field.

How a jrnl entry becomes a reflect entry: ``title`` → title, ``body`` → situation, ``date``
and ``time`` (jrnl's local time) → created and updated, ``tags`` that name an article
(``@art10``, ``#artikel-10``, ``@article_10``) → that article of the code given (the
default code unless ``--code``). jrnl finds its tags in the entry's text, so every other tag is
in the title or body already and stays there; a tag the text does not hold (an edited
export) is added as the last line of the situation, so nothing is lost. A tag naming an
article the code does not have stays text, with a note. ``starred`` has no place in reflect
and is not kept (a note counts them); ``uuid`` and ``creator`` (Day One metadata) are ignored.

Every record is checked before anything is stored, by the same parsers as ``new
--json-input`` (unknown keys, dates, statuses, articles are refused naming the key), and every
text passes :func:`reflect.sanitize.clean_input` as all typed input does. A problem names the
line the record starts on (and its position in an array). A syntax error in a line of JSON
lines spoils only that record; one inside an array makes the rest of the array unreadable, so
it stops the import whatever ``--skip-bad`` says.

Importing the same file twice adds nothing the second time: a record with an ``id`` the
journal has is skipped ("already in the journal"); an ``id`` destroyed on purpose is skipped
too (a purge is not undone by importing an old export); a record without an ``id`` (jrnl) is
skipped when an entry with the same content — and the same time, when the record gives one —
is in the journal or earlier in the file. New ids are random, never derived from the text.

Everything is added in one save (:meth:`Journal.add_many`), or nothing is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, Protocol

from reflect.errors import UsageError
from reflect.fields import BY_NAME
from reflect.i18n import t
from reflect.model import ArticleRef, Entry, new_entry_id
from reflect.operations.entries import has_content
from reflect.operations.entry_input import apply_changes, changes_from_json
from reflect.operations.values import Catalogue, article_value, refuse, text_value
from reflect.sanitize import clean_input, visible

#: The largest record accepted, in characters of the file: an entry of 1 MB is hundreds of
#: pages. A larger one is refused with its line, not read into the journal.
MAX_RECORD_CHARS = 1_000_000

#: The keys of one entry in jrnl's JSON export (jrnl/plugins/json_exporter.py).
JRNL_KEYS = ("title", "body", "date", "time", "tags", "starred", "uuid", "creator")
#: The keys of jrnl's whole-journal export.
JRNL_EXPORT_KEYS = frozenset({"tags", "entries"})

# A jrnl tag that names an article: @art10, #artikel-10, @article_10 (jrnl lowercases tags
# and allows letters, digits and -+*#/ after the @ or #).
_ARTICLE_TAG = re.compile(r"[@#](?:art|artikel|article)[-_/]?(\d{1,4})", re.IGNORECASE)
_ID = re.compile(r"[0-9a-z]{4,32}")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# Where the next record can start after a syntax error: a line beginning with { or [.
_NEXT_RECORD = re.compile(r"\n(?=[\[{])")
_DECODER = json.JSONDecoder()


class Skip(StrEnum):
    """Why a readable record was not imported."""

    EXISTS = "exists"  # the journal has it (same id, or same content and time)
    ERASED = "erased"  # its id was destroyed on purpose
    DUPLICATE = "duplicate"  # the same entry is earlier in the file
    EMPTY = "empty"  # nothing in it worth an entry


class NoteKind(StrEnum):
    """Something imported differently from how the file has it."""

    NOT_ARTICLE = "not_article"  # a tag like @art99 that names no article of the code
    REVISIONS = "revisions"  # earlier versions in the record, not imported
    STARRED = "starred"  # a jrnl star, which reflect has no place for


@dataclass(frozen=True)
class Where:
    """Where a record starts: its line, and its place in an array (1-based) if in one."""

    line: int
    record: int | None = None

    def __str__(self) -> str:
        if self.record is None:
            return t("importing.where.line", line=self.line)
        return t("importing.where.record", line=self.line, record=self.record)

    def to_json(self) -> dict[str, int | None]:
        return {"line": self.line, "record": self.record}


@dataclass(frozen=True)
class Problem:
    """A record that cannot be imported, and why (shown inert: it can quote the file)."""

    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {visible(self.message, keep_newlines=False)}"


@dataclass(frozen=True)
class Skipped:
    where: Where
    reason: Skip
    entry_id: str = ""
    same_as: Where | None = None  # for DUPLICATE: the earlier record


@dataclass(frozen=True)
class Note:
    where: Where
    kind: NoteKind
    detail: str = ""  # for NOT_ARTICLE: the tag


@dataclass(frozen=True)
class Raw:
    """One value read from the file: a decoded JSON value, or the problem reading it."""

    where: Where
    value: Any = None
    problem: str | None = None
    fraction: float = 0.0  # how much of the file has been read after this record


@dataclass(frozen=True)
class Candidate:
    """A record turned into an entry, not yet checked against the journal."""

    where: Where
    entry: Entry
    id_given: bool
    created_given: bool
    content_key: str  # the entry without id and times, to find it again (see _content_key)


@dataclass
class Built:
    """Every record of the file, parsed: what could become entries, and what could not."""

    candidates: list[Candidate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    records: int = 0


@dataclass
class ImportPlan:
    """What an import adds, what it leaves out and why."""

    entries: list[Entry]
    skipped: list[Skipped]
    problems: list[Problem]
    notes: list[Note]
    records: int


class JournalView(Protocol):
    """What planning an import reads of the journal."""

    def has(self, entry_id: str) -> bool: ...

    def erased(self) -> set[str]: ...

    def documents(self) -> list[Mapping[str, Any]]: ...


class EntriesTarget(Protocol):
    def add_many(self, entries: list[Entry]) -> list[Entry]: ...


# ---- reading the file ---------------------------------------------------------------------


def decode_input(data: bytes) -> str:
    """The file's text. Bytes that are not UTF-8 are kept as lone surrogates, so the record
    holding them is refused with its line (it cannot be stored) instead of the whole file."""
    text = data.decode("utf-8", errors="surrogateescape")
    return text.removeprefix("\ufeff")


class _Lines:
    """Line numbers of positions in a text, counted forward from the last one asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._pos = 0
        self._line = 1

    def at(self, pos: int) -> int:
        if pos < self._pos:
            self._pos, self._line = 0, 1
        self._line += self.text.count("\n", self._pos, pos)
        self._pos = pos
        return self._line


def _skip(text: str, pos: int) -> int:
    """The position of the first character from ``pos`` on that is not JSON whitespace."""
    found = _WHITESPACE.match(text, pos)
    return found.end() if found else pos


def _fatal(line: int, problem: str, *, first: bool = False) -> UsageError:
    """The file cannot be read on from ``line``; ``first``: not even its first record (it is
    probably not JSON at all: jrnl's text format starts with ``[2024-03-05 09:15]``)."""
    key = "importing.error.not_json_file" if first else "importing.error.fatal"
    return UsageError(t(key, line=line, problem=problem))


def _json_problem(exc: json.JSONDecodeError) -> str:
    return t("importing.error.not_json", problem=exc.msg, line=exc.lineno, column=exc.colno)


def read_records(text: str) -> Iterator[Raw]:
    """Every record in ``text``, in order, each with where it starts.

    Raises :class:`UsageError` (naming the line) when the file cannot be read past a point:
    a syntax error inside an array.
    """
    lines = _Lines(text)
    size = max(len(text), 1)
    pos = _skip(text, 0)
    while pos < len(text):
        start = pos
        if text[pos] == "[":
            pos = yield from _array(text, pos, lines, size)
        else:
            try:
                value, pos = _DECODER.raw_decode(text, pos)
            except (json.JSONDecodeError, RecursionError) as exc:
                problem = (
                    _json_problem(exc)
                    if isinstance(exc, json.JSONDecodeError)
                    else t("importing.error.too_deep")
                )
                found = _NEXT_RECORD.search(text, start)
                pos = found.end() if found else len(text)
                yield Raw(Where(lines.at(start)), problem=problem, fraction=pos / size)
            else:
                if _is_jrnl_export(value):
                    yield from _jrnl_export(text, start, lines, size)
                else:
                    yield _raw(text, start, pos, lines, None, value, size)
        pos = _skip(text, pos)


def _raw(
    text: str, start: int, end: int, lines: _Lines, record: int | None, value: Any, size: int
) -> Raw:
    where = Where(lines.at(start), record)
    if end - start > MAX_RECORD_CHARS:
        megabytes = f"{(end - start) / 1_000_000:.1f}"
        limit = f"{MAX_RECORD_CHARS / 1_000_000:g}"
        problem = t("importing.error.too_large", size=megabytes, limit=limit)
        return Raw(where, problem=problem, fraction=end / size)
    return Raw(where, value, fraction=end / size)


def _array(text: str, pos: int, lines: _Lines, size: int) -> Generator[Raw, None, int]:
    """The elements of the array starting at ``pos``; the generator returns where it ends."""
    pos = _skip(text, pos + 1)
    if text.startswith("]", pos):
        return pos + 1
    index = 0
    while True:
        index += 1
        start = pos
        try:
            value, pos = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise _fatal(lines.at(exc.pos), _json_problem(exc)) from None
        except RecursionError:
            raise _fatal(lines.at(start), t("importing.error.too_deep")) from None
        yield _raw(text, start, pos, lines, index, value, size)
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif text.startswith("]", pos):
            return pos + 1
        else:
            problem = t("importing.error.array_unclosed")
            raise _fatal(lines.at(pos), problem, first=index == 1)


def _is_jrnl_export(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("entries"), list)
        and set(value) <= JRNL_EXPORT_KEYS
    )


def _jrnl_export(text: str, pos: int, lines: _Lines, size: int) -> Iterator[Raw]:
    """The entries of a jrnl export object (already known to be valid JSON), each with its
    line: the object is walked again, key by key, to find where its entries array starts."""
    entries_at = -1
    pos = _skip(text, pos + 1)
    while not text.startswith("}", pos):
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        pos = _skip(text, pos + 1)  # the ':'
        if key == "entries":
            entries_at = pos  # the last one counts, as for json.loads
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
    yield from _array(text, entries_at, lines, size)


# ---- turning records into entries ---------------------------------------------------------


def build_entries(
    raws: Iterable[Raw],
    catalog: Catalogue,
    default_code: str,
    on_record: Callable[[int, float], None] | None = None,
) -> Built:
    """Every record parsed into an entry, or the problem with it (nothing is stored).
    ``default_code`` is the catalogue of jrnl's article tags and of articles without one."""
    if default_code not in catalog.codes:
        allowed = ", ".join(sorted(catalog.codes))
        raise UsageError(t("ops.error.unknown_code", code=default_code, allowed=allowed))
    built = Built()
    ids: dict[str, Where] = {}
    for raw in raws:
        built.records += 1
        _build_one(raw, catalog, default_code, built, ids)
        if on_record is not None:
            on_record(built.records, raw.fraction)
    return built


def _build_one(
    raw: Raw, catalog: Catalogue, default_code: str, built: Built, ids: dict[str, Where]
) -> None:
    if raw.problem is not None:
        built.problems.append(Problem(raw.where, raw.problem))
        return
    if not isinstance(raw.value, dict):
        built.problems.append(Problem(raw.where, t("importing.error.want_object")))
        return
    notes: list[Note] = []
    try:
        if "body" in raw.value:
            entry = _jrnl_entry(raw.value, catalog, default_code, raw.where, notes)
            id_given, created_given = False, True
        else:
            entry = _reflect_entry(raw.value, catalog, default_code, raw.where, notes)
            id_given = raw.value.get("id") is not None
            created_given = bool(raw.value.get("created"))
        data = entry.to_dict()
        key = _content_key(data)
        _ensure_storable(key)
    except UsageError as exc:
        built.problems.append(Problem(raw.where, str(exc)))
        return
    if id_given:
        earlier = ids.get(entry.id)
        if earlier is not None:
            problem = t("importing.error.same_id", id=entry.id, where=str(earlier))
            built.problems.append(Problem(raw.where, problem))
            return
        ids[entry.id] = raw.where
    built.notes += notes
    if not has_content(entry):  # the rule the app and `new` follow: an empty form is not saved
        built.skipped.append(Skipped(raw.where, Skip.EMPTY, entry.id if id_given else ""))
        return
    built.candidates.append(Candidate(raw.where, entry, id_given, created_given, key))


def _reflect_entry(
    data: dict[str, Any], catalog: Catalogue, default_code: str, where: Where, notes: list[Note]
) -> Entry:
    """A record in the shape ``show --json`` emits (``--revisions`` included)."""
    data = dict(data)
    revisions = data.pop("revisions", None)
    if revisions is not None and not isinstance(revisions, list):
        raise refuse("revisions", t("ops.error.want_list"))
    if revisions:
        notes.append(Note(where, NoteKind.REVISIONS))
    entry_id = _entry_id(data.get("id"))
    created = _timestamp("created", data.get("created"))
    updated = _timestamp("updated", data.get("updated"))
    changes = changes_from_json(data, None, catalog, default_code)
    stamp = created or datetime.now(UTC)
    entry = Entry(
        id=entry_id or new_entry_id(),
        created=stamp,
        updated=updated or stamp,
        follows=_follows(data.get("follows")),  # set by reflect, kept as it was emitted
    )
    return apply_changes(entry, changes)


def _follows(raw: Any) -> str | None:
    """The id of the entry this one is the next cycle of (reflect.operations.evaluation)."""
    if raw is None or (isinstance(raw, str) and _ID.fullmatch(raw)):
        return raw
    raise refuse("follows", t("importing.error.want_id", value=raw))


def _entry_id(raw: Any) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, str) and _ID.fullmatch(raw):
        return raw
    raise refuse("id", t("importing.error.want_id", value=raw))


def _timestamp(key: str, raw: Any) -> datetime | None:
    """An ISO 8601 date and time, as ``show --json`` gives it; without a UTC offset it is the
    computer's local time. Stored in UTC, like every timestamp of the journal."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw.strip()).astimezone(UTC)
        except (ValueError, OverflowError, OSError):
            pass
    raise refuse(key, t("importing.error.want_timestamp", value=raw))


def _jrnl_entry(
    data: dict[str, Any], catalog: Catalogue, default_code: str, where: Where, notes: list[Note]
) -> Entry:
    """One entry of jrnl's JSON export."""
    unknown = sorted(str(k) for k in data if k not in JRNL_KEYS)
    if unknown:
        raise UsageError(
            t("importing.error.jrnl_keys", keys=", ".join(unknown), allowed=", ".join(JRNL_KEYS))
        )
    title = text_value(BY_NAME["title"], data.get("title"))
    body = text_value(BY_NAME["situation"], data.get("body"))
    created = _jrnl_time(data.get("date"), data.get("time"))
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise refuse("tags", t("importing.error.want_tags"))
    starred = data.get("starred", False)
    if not isinstance(starred, bool):
        raise refuse("starred", t("importing.error.want_bool", value=starred))
    if starred:
        notes.append(Note(where, NoteKind.STARRED))
    articles, missing = _jrnl_tags(tags, title, body, catalog, default_code, where, notes)
    if missing:
        body = f"{body}\n\n{' '.join(missing)}" if body.strip() else " ".join(missing)
    return Entry(
        id=new_entry_id(),
        created=created,
        updated=created,
        title=title,
        situation=body,
        articles=articles,
    )


def _jrnl_time(raw_date: Any, raw_time: Any) -> datetime:
    """jrnl's ``date`` (YYYY-MM-DD) and ``time`` (HH:MM, jrnl's local time) in UTC."""
    if not isinstance(raw_date, str):
        raise refuse("date", t("ops.error.want_date", value=raw_date))
    try:
        day = date.fromisoformat(raw_date.strip())
    except ValueError:
        raise refuse("date", t("ops.error.want_date", value=raw_date)) from None
    at = _jrnl_clock(raw_time)
    try:
        return datetime.combine(day, at).astimezone(UTC)
    except (OverflowError, OSError, ValueError):
        raise refuse("date", t("ops.error.want_date", value=raw_date)) from None


def _jrnl_clock(raw: Any) -> time:
    """jrnl's ``time``: HH:MM (midnight when there is none)."""
    if raw is None or raw == "":
        return time(0, 0)
    if isinstance(raw, str):
        try:
            return time.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise refuse("time", t("importing.error.want_time", value=raw))


def _jrnl_tags(
    tags: list[str],
    title: str,
    body: str,
    catalog: Catalogue,
    default_code: str,
    where: Where,
    notes: list[Note],
) -> tuple[list[ArticleRef], list[str]]:
    """The articles the tags name, and the tags the entry's text does not hold."""
    articles: dict[int, ArticleRef] = {}
    missing: list[str] = []
    text = f"{title}\n{body}".lower()
    spec = BY_NAME["articles"]
    for raw_tag in tags:
        tag = clean_input(raw_tag.strip(), multiline=False)
        if not tag:
            continue
        named = _ARTICLE_TAG.fullmatch(tag)
        if named is not None:
            try:
                ref = article_value(spec, named.group(1), default_code, catalog)
            except UsageError:
                notes.append(Note(where, NoteKind.NOT_ARTICLE, tag))
            else:
                articles.setdefault(ref.number, ref)
        if tag.lower() not in text and tag not in missing:
            missing.append(tag)
    return list(articles.values()), missing


def _ensure_storable(content_key: str) -> None:
    """Refuse text the journal could not write (bytes that were not UTF-8), naming the record
    here instead of failing the whole save. ``content_key`` holds all of the entry's text."""
    try:
        content_key.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(t("vault.unstorable_text")) from None


# ---- against the journal ------------------------------------------------------------------


def _content_key(data: Mapping[str, Any]) -> str:
    """An entry's content (``to_dict``) without its id and timestamps, as one text: equal for
    the same entry in two journals, and holding every text of it."""
    content = {k: v for k, v in data.items() if k not in ("id", "created", "updated")}
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class _Known:
    """The journal's entries by content (and by content and time), built on first need:
    only records without an id are matched this way."""

    def __init__(self, journal: JournalView) -> None:
        self._journal = journal
        self._any: set[str] | None = None
        self._at: set[tuple[datetime, str]] = set()

    def _load(self) -> set[str]:
        if self._any is None:
            self._any = set()
            for doc in self._journal.documents():
                # Through the model, so an entry stored by an older reflect (fewer keys)
                # compares equal to the same entry read from a file.
                stored = Entry.from_dict(dict(doc))
                key = _content_key(stored.to_dict())
                self._any.add(key)
                self._at.add((stored.created, key))
        return self._any

    def has(self, key: str, created: datetime | None) -> bool:
        contents = self._load()
        return key in contents if created is None else (created, key) in self._at


def plan_import(built: Built, journal: JournalView) -> ImportPlan:
    """What of ``built`` the journal does not have yet (nothing is stored)."""
    erased = journal.erased()
    known = _Known(journal)
    in_file: dict[tuple[datetime | None, str], Where] = {}
    entries: list[Entry] = []
    skipped = list(built.skipped)
    taken = {c.entry.id for c in built.candidates if c.id_given}
    for candidate in built.candidates:
        entry, where = candidate.entry, candidate.where
        if candidate.id_given:
            if journal.has(entry.id):
                skipped.append(Skipped(where, Skip.EXISTS, entry.id))
                continue
            if entry.id in erased:
                skipped.append(Skipped(where, Skip.ERASED, entry.id))
                continue
        else:
            key = candidate.content_key
            created = entry.created if candidate.created_given else None
            if known.has(key, created):
                skipped.append(Skipped(where, Skip.EXISTS))
                continue
            earlier = in_file.get((created, key))
            if earlier is not None:
                skipped.append(Skipped(where, Skip.DUPLICATE, same_as=earlier))
                continue
            in_file[(created, key)] = where
            if created is not None:
                in_file.setdefault((None, key), where)
            while journal.has(entry.id) or entry.id in taken:  # 50 random bits: all but never
                entry = replace(entry, id=new_entry_id())
            taken.add(entry.id)
        entries.append(entry)
    skipped.sort(key=lambda s: (s.where.line, s.where.record or 0))
    # A note is about how a record was imported: none for those left out.
    kept = {c.where for c in built.candidates} - {s.where for s in skipped}
    notes = [note for note in built.notes if note.where in kept]
    return ImportPlan(entries, skipped, list(built.problems), notes, built.records)


def add_entries(journal: EntriesTarget, entries: list[Entry]) -> list[Entry]:
    """Add the planned entries in one save, keeping their ids and timestamps."""
    if not entries:
        return []
    return journal.add_many(entries)


def count_by_reason(skipped: Iterable[Skipped]) -> dict[Skip, list[Skipped]]:
    """The skipped records grouped by reason, in the order of :class:`Skip`."""
    groups: dict[Skip, list[Skipped]] = {reason: [] for reason in Skip}
    for item in skipped:
        groups[item.reason].append(item)
    return {reason: items for reason, items in groups.items() if items}
