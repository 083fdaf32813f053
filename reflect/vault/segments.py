"""Format 2's body: the tables in sealed segments, and a sealed directory.

A journal of 10,000 entries is about 27 MB of JSON. Format 1 sealed it as one payload, so
showing one entry meant reading, decrypting and decoding all of it, and every save encoded
and encrypted all of it again. Format 2 keeps the two tables that grow with the journal
(entries, and the revisions of each entry beside it) in segments of :data:`PER_SEGMENT`
entries by TinyDB doc id, each sealed on its own. The directory holds the other tables, an
index from entry id to doc id, and where each segment lies; a summaries part holds every
entry's list fields (reflect.model.summary_of). Showing one entry decrypts the directory and
one segment, a list the directory and the summaries; a save seals again the segments that
changed and copies the others' ciphertext as it is.

After the clear-text part (reflect.vault.format)::

    directory offset u64 | segment 0 | ... | segment n | summaries | directory (to the end)

A segment is AES-256-GCM under HKDF-SHA256(data key, its own random salt,
``reflect/segment/v2``) with a random nonce and associated data ``reflect/segment/v2/<n>``;
its offset, length, salt and nonce are in the directory. The directory is sealed under
HKDF-SHA256(data key, the header's salt, ``reflect/directory/v2``) with the header's nonce,
the clear-text part as associated data. The summaries are sealed like a segment, with
associated data ``reflect/summaries/v2``. So a part moved to another place, or taken from
another file or an older save, fails authentication like any other change.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reflect.errors import JournalDamaged
from reflect.i18n import t
from reflect.model import summary_of
from reflect.vault import format as fmt
from reflect.vault.payload import (
    ENTRIES,
    REVISIONS,
    Tables,
    decode_json,
    decode_tables,
    encode_json,
)
from reflect.vault.wordfilter import folds_to_ascii

PER_SEGMENT = 64  # entries per segment: ~170 KB of ciphertext at 2.7 KB an entry
GROWING = (ENTRIES, REVISIONS)
_SEGMENT_INFO = b"reflect/segment/v2"
# The list's fields of every entry (reflect.model.summary_of), sealed as a part of its own
# after the segments: a list or a retention check reads it instead of every segment.
_SUMMARIES_AAD = b"reflect/summaries/v2"
_DIRECTORY_INFO = b"reflect/directory/v2"
_decode_summaries = msgspec.json.Decoder(dict[str, dict[str, Any]]).decode
_SALT_LENGTH = 32
_NONCE_LENGTH = 12


@dataclass(frozen=True)
class SegmentRef:
    """Where one sealed segment lies in its file, and what opens it."""

    at: int  # offset in the file
    length: int  # ciphertext with its tag
    salt: bytes
    nonce: bytes
    # Whether its text holds a character whose case folding makes ASCII out of something
    # else (a search must then decode it: WordFilter); None when not recorded.
    folds: bool | None = None


@dataclass
class Directory:
    """A format 2 file's table of contents (sealed in the file)."""

    per_segment: int
    segments: list[SegmentRef]
    index: dict[str, int]  # entry id -> TinyDB doc id
    tables: Tables  # every table but the growing ones, whole
    growing: list[str] = field(default_factory=lambda: list(GROWING))  # those present
    last_revision: int = 0  # the highest revision doc id, so a new one needs no full read
    summaries: SegmentRef | None = None  # where the entries' summaries lie


def segment_of(doc_id: int, per_segment: int) -> int:
    return max(doc_id - 1, 0) // per_segment


def empty_segment() -> Tables:
    return {ENTRIES: {}, REVISIONS: {}}


def split(
    tables: Tables, index: Mapping[str, int], per_segment: int
) -> tuple[Tables, dict[int, Tables]]:
    """The tables that are not growing, and the growing ones by segment number. A revision
    goes with its entry (by ``index``); one whose entry is gone, to segment 0."""
    small = {name: rows for name, rows in tables.items() if name not in GROWING}
    parts: dict[int, Tables] = {}
    for key, doc in tables.get(ENTRIES, {}).items():
        parts.setdefault(segment_of(int(key), per_segment), empty_segment())[ENTRIES][key] = doc
    for key, doc in tables.get(REVISIONS, {}).items():
        owner = index.get(str(doc.get("entry_id")))
        number = 0 if owner is None else segment_of(owner, per_segment)
        parts.setdefault(number, empty_segment())[REVISIONS][key] = doc
    return small, parts


def entry_index(tables: Tables) -> dict[str, int]:
    """Entry id -> TinyDB doc id."""
    return {str(doc["id"]): int(key) for key, doc in tables.get(ENTRIES, {}).items()}


def last_revision_id(tables: Tables) -> int:
    return max((int(key) for key in tables.get(REVISIONS, {})), default=0)


def merged(directory: Directory, parts: Iterable[Tables]) -> Tables:
    """The whole tables again, from the directory and every segment in order."""
    tables: Tables = dict(directory.tables)
    entries: dict[str, Any] = {}
    revisions: dict[str, Any] = {}
    for part in parts:
        entries.update(part[ENTRIES])
        revisions.update(part[REVISIONS])
    found = {ENTRIES: entries, REVISIONS: dict(sorted(revisions.items(), key=_by_doc_id))}
    for name in GROWING:
        if name in directory.growing or found[name]:
            tables[name] = found[name]
    return tables


def _by_doc_id(item: tuple[str, Any]) -> int:
    return int(item[0])


# ---- sealing and opening ------------------------------------------------------------------


def seal_segment(
    data_key: bytes, number: int, part: Tables
) -> tuple[bytes, bytes, bytes, bool]:
    """Salt, nonce and ciphertext of one segment, and whether its text folds to ASCII
    (recorded in the directory, so a search need not look)."""
    salt, nonce = os.urandom(_SALT_LENGTH), os.urandom(_NONCE_LENGTH)
    key = fmt.derive_key(data_key, salt, _SEGMENT_INFO)
    plaintext = encode_json(part)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, _segment_aad(number))
    return salt, nonce, ciphertext, folds_to_ascii(plaintext)


def open_segment(
    data_key: bytes, number: int, ref: SegmentRef, ciphertext: bytes | memoryview
) -> Tables:
    """One segment's entries and revisions; :class:`JournalDamaged` when it was changed."""
    return decode_segment(decrypt_segment(data_key, number, ref, ciphertext))


def decrypt_segment(
    data_key: bytes, number: int, ref: SegmentRef, ciphertext: bytes | memoryview
) -> bytes:
    """One segment's JSON text; :class:`JournalDamaged` when it was changed."""
    key = fmt.derive_key(data_key, ref.salt, _SEGMENT_INFO)
    try:
        return AESGCM(key).decrypt(ref.nonce, ciphertext, _segment_aad(number))
    except InvalidTag:
        raise _damaged("vault.damaged.authentication") from None


def seal_summaries(data_key: bytes, summaries: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    salt, nonce = os.urandom(_SALT_LENGTH), os.urandom(_NONCE_LENGTH)
    key = fmt.derive_key(data_key, salt, _SEGMENT_INFO)
    return salt, nonce, AESGCM(key).encrypt(nonce, encode_json(summaries), _SUMMARIES_AAD)


def read_summaries(handle: BinaryIO, data_key: bytes, ref: SegmentRef) -> dict[str, Any]:
    """Every entry's summary, by entry id, from the file open as ``handle``."""
    ciphertext = os.pread(handle.fileno(), ref.length, ref.at)
    try:  # the shape checked as it is decoded, not entry by entry after
        return _decode_summaries(open_summaries(data_key, ref, ciphertext))
    except msgspec.DecodeError:
        raise JournalDamaged(t("vault.contents_unreadable")) from None


def decrypt_summaries(handle: BinaryIO, data_key: bytes, ref: SegmentRef) -> bytes:
    """The summaries' JSON text; :class:`JournalDamaged` when it was changed."""
    return open_summaries(data_key, ref, os.pread(handle.fileno(), ref.length, ref.at))


def open_summaries(data_key: bytes, ref: SegmentRef, ciphertext: bytes | memoryview) -> bytes:
    if len(ciphertext) != ref.length:
        raise _damaged("vault.damaged.truncated")
    key = fmt.derive_key(data_key, ref.salt, _SEGMENT_INFO)
    try:
        return AESGCM(key).decrypt(ref.nonce, ciphertext, _SUMMARIES_AAD)
    except InvalidTag:
        raise _damaged("vault.damaged.authentication") from None


def decode_segment(plaintext: bytes) -> Tables:
    part = decode_tables(plaintext)
    if not all(isinstance(part.get(name), dict) for name in GROWING):
        raise JournalDamaged(t("vault.contents_unreadable"))
    return part


def _segment_aad(number: int) -> bytes:
    return _SEGMENT_INFO + b"/" + str(number).encode("ascii")


def _directory_key(data_key: bytes, header: fmt.Header) -> bytes:
    return fmt.derive_key(data_key, header.payload_salt, _DIRECTORY_INFO)


def open_directory(parsed: fmt.ParsedFile, data_key: bytes) -> Directory:
    """The directory of a format 2 file; any change to the file's head or directory fails
    here as damaged."""
    try:
        plaintext = AESGCM(_directory_key(data_key, parsed.header)).decrypt(
            parsed.header.payload_nonce, parsed.ciphertext, parsed.authenticated
        )
    except InvalidTag:
        raise _damaged("vault.damaged.authentication") from None
    data = decode_json(plaintext)
    try:
        directory = _directory_from_json(data)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise JournalDamaged(t("vault.contents_unreadable")) from None
    _check_parts_fill_the_body(directory, parsed)
    return directory


def _check_parts_fill_the_body(directory: Directory, parsed: fmt.ParsedFile) -> None:
    """The segments and the summaries lie back to back from the body's start up to the
    directory, as written: the offset before the directory is the one field the sealing
    does not cover, so bytes slipped in before the directory are caught here."""
    parts = [*directory.segments]
    if directory.summaries is not None:
        parts.append(directory.summaries)
    position = parsed.body_start
    for ref in parts:
        if ref.at != position:
            raise _damaged("vault.damaged.truncated")
        position += ref.length
    if position != parsed.directory_at:
        raise _damaged("vault.damaged.truncated")


def _directory_from_json(data: Any) -> Directory:
    refs = [_ref_from_json(item) for item in data["segments"]]
    index = data["index"]
    tables = data["tables"]
    if not isinstance(index, dict) or not isinstance(tables, dict):
        raise TypeError("directory")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in index.values()):
        raise TypeError("index")
    if not all(isinstance(rows, dict) for rows in tables.values()):
        raise TypeError("tables")
    per_segment = _count(data["per_segment"])
    if per_segment < 1:
        raise ValueError("per_segment")
    growing = [str(name) for name in data["growing"] if name in GROWING]
    summaries = data.get("summaries")
    return Directory(
        per_segment,
        refs,
        index,
        tables,
        growing,
        _count(data["last_revision"]),
        None if summaries is None else _ref_from_json(summaries),
    )


def _ref_from_json(item: Any) -> SegmentRef:
    at, length, salt, nonce, *rest = item
    folds = rest[0] if rest else None
    if len(rest) > 1 or not (folds is None or isinstance(folds, bool)):
        raise TypeError("segment")
    return SegmentRef(_count(at), _count(length), _unb64(salt), _unb64(nonce), folds)


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("expected a count")
    return value


def _unb64(value: Any) -> bytes:
    if not isinstance(value, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(value, validate=True)


def _ref_json(ref: SegmentRef) -> list[Any]:
    found: list[Any] = [
        ref.at,
        ref.length,
        base64.b64encode(ref.salt).decode("ascii"),
        base64.b64encode(ref.nonce).decode("ascii"),
    ]
    return found if ref.folds is None else [*found, ref.folds]


def _directory_json(directory: Directory) -> dict[str, Any]:
    return {
        "per_segment": directory.per_segment,
        "segments": [_ref_json(ref) for ref in directory.segments],
        "summaries": None if directory.summaries is None else _ref_json(directory.summaries),
        "index": directory.index,
        "tables": directory.tables,
        "growing": directory.growing,
        "last_revision": directory.last_revision,
    }


def _damaged(reason_key: str) -> JournalDamaged:
    return JournalDamaged(t("vault.damaged", reason=t(reason_key)))


# ---- writing ------------------------------------------------------------------------------


class Sink(Protocol):
    """Where a file is written: a file being written, or memory (io.BytesIO)."""

    def write(self, data: bytes, /) -> int: ...

    def seek(self, position: int, /) -> int: ...

    def tell(self) -> int: ...


# What a save puts at each segment number: tables to seal, or a segment of the file on disk
# to carry over as it is (its ciphertext copied, never decrypted).
Part = Tables | SegmentRef


@dataclass(frozen=True)
class Layout:
    """Everything a format 2 file holds, before it is sealed."""

    per_segment: int
    parts: list[Part]
    index: dict[str, int]
    tables: Tables  # the tables that are not growing
    growing: list[str]
    last_revision: int
    # Every entry's summary by id (sealed anew), or where they lie in the source file.
    summaries: dict[str, Any] | SegmentRef


def layout_of(tables: Tables) -> Layout:
    """The layout of whole tables: every segment sealed anew."""
    index = entry_index(tables)
    small, parts = split(tables, index, PER_SEGMENT)
    count = max(parts, default=-1) + 1
    return Layout(
        PER_SEGMENT,
        [parts.get(number, empty_segment()) for number in range(count)],
        index,
        small,
        [name for name in GROWING if name in tables],
        last_revision_id(tables),
        {str(doc["id"]): summary_of(doc) for doc in tables.get(ENTRIES, {}).values()},
    )


def write_file(
    out: Sink,
    header: fmt.Header,
    data_key: bytes,
    layout: Layout,
    source: BinaryIO | None = None,
) -> Directory:
    """Write a whole format 2 file to ``out`` (at its start) under ``header`` (already the
    next save's: :func:`reflect.vault.format.next_header`); parts that are references are
    copied from ``source``, the file they lie in. Returns the directory written (where each
    segment now lies). One segment is in memory at a time."""
    authenticated = fmt.encode_authenticated(header, fmt.SEGMENTED_MAJOR)
    out.write(authenticated + fmt.directory_offset_bytes(0))
    position = len(authenticated) + len(fmt.directory_offset_bytes(0))
    refs = []
    for number, part in enumerate([*layout.parts, layout.summaries]):
        if isinstance(part, SegmentRef):
            if source is None:
                raise ValueError("a copied segment needs its source file")
            ciphertext = os.pread(source.fileno(), part.length, part.at)
            if len(ciphertext) != part.length:
                raise _damaged("vault.damaged.truncated")
            salt, nonce, folds = part.salt, part.nonce, part.folds
        elif number == len(layout.parts):
            salt, nonce, ciphertext = seal_summaries(data_key, part)
            folds = None
        else:
            salt, nonce, ciphertext, folds = seal_segment(data_key, number, part)
        out.write(ciphertext)
        refs.append(SegmentRef(position, len(ciphertext), salt, nonce, folds))
        position += len(ciphertext)
    directory = Directory(
        layout.per_segment,
        refs[:-1],
        layout.index,
        layout.tables,
        layout.growing,
        layout.last_revision,
        refs[-1],
    )
    out.write(
        AESGCM(_directory_key(data_key, header)).encrypt(
            header.payload_nonce, encode_json(_directory_json(directory)), authenticated
        )
    )
    end = out.tell()
    out.seek(len(authenticated))
    out.write(fmt.directory_offset_bytes(position))
    out.seek(end)
    return directory


# ---- reading ------------------------------------------------------------------------------


def read_head(handle: BinaryIO) -> fmt.ParsedFile:
    """A journal file's clear-text part and, for format 2, its directory, without reading
    the segments; a format 1 file is read whole (it has nothing smaller to read)."""
    prefix = handle.read(fmt.PREFIX_LENGTH)
    length = fmt.head_length(prefix)
    if length is None:
        return fmt.parse(prefix + handle.read())  # the right "damaged"/"not a journal"
    head = prefix + handle.read(length - len(prefix))
    parsed, _ = fmt.parse_clear(head)
    if not parsed.segmented:
        return fmt.parse(head + handle.read())
    size = os.fstat(handle.fileno()).st_size
    start = fmt.directory_start(head, size)
    directory = os.pread(handle.fileno(), size - start, start)
    return fmt.ParsedFile(
        parsed.header,
        parsed.authenticated,
        directory,
        major=parsed.major,
        body_start=len(head),
        directory_at=start,
    )


def read_segment(handle: BinaryIO, data_key: bytes, number: int, ref: SegmentRef) -> bytes:
    """The JSON text of one segment of the file open as ``handle``."""
    ciphertext = os.pread(handle.fileno(), ref.length, ref.at)
    if len(ciphertext) != ref.length:
        raise _damaged("vault.damaged.truncated")
    return decrypt_segment(data_key, number, ref, ciphertext)


def parts_in(whole: memoryview, directory: Directory, data_key: bytes) -> Iterable[Tables]:
    """Every segment of a format 2 file held in memory, opened, in order; the summaries
    are authenticated too (a file read whole is checked whole)."""
    for number, ref in enumerate(directory.segments):
        if ref.at + ref.length > len(whole):
            raise _damaged("vault.damaged.truncated")
        yield open_segment(data_key, number, ref, whole[ref.at : ref.at + ref.length])
    if directory.summaries is not None:
        ref = directory.summaries
        open_summaries(data_key, ref, whole[ref.at : ref.at + ref.length])


def verify_file(path: Path, data_key: bytes) -> None:
    """Read a written file back and authenticate every part of it, one segment at a time;
    :class:`JournalDamaged` when any of it is not what was sealed."""
    with path.open("rb") as handle:
        parsed = read_head(handle)
        if not parsed.segmented:
            fmt.open_payload(parsed, data_key)
            return
        directory = open_directory(parsed, data_key)
        for number, ref in enumerate(directory.segments):
            read_segment(handle, data_key, number, ref)
        if directory.summaries is not None:
            decrypt_summaries(handle, data_key, directory.summaries)
