"""The journal's contents as JSON: TinyDB's tables, ``{table: {doc id: document}}``.

One codec for every file format: format 1 stores all tables as one JSON document, format 2
stores the same tables split into a directory and segments (reflect.vault.segments).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import orjson

from reflect.errors import JournalDamaged
from reflect.i18n import t

Tables = dict[str, dict[str, Any]]

# The two tables that grow with the journal (format 2 keeps them in segments); the names
# of the others are the journal's business (reflect.vault.journal).
ENTRIES = "entries"
REVISIONS = "revisions"

_decode_json: Callable[[bytes | memoryview], Any] = msgspec.json.Decoder().decode


class UnstorableText(ValueError):
    """Text that cannot be written as UTF-8 reached the tables."""


def decode_json(data: bytes | memoryview) -> Any:
    """Any JSON reflect wrote; :class:`JournalDamaged` for anything else.

    Decoded by msgspec, which builds the Python objects as it reads: orjson first builds a
    parse tree of the whole text, about 35 MB beside the tables at 10,000 entries, at the
    moment of peak memory. orjson writes it (:func:`encode_json`)."""
    try:
        return _decode_json(data)
    except msgspec.DecodeError:
        raise JournalDamaged(t("vault.contents_unreadable")) from None


def decode_tables(plaintext: bytes | memoryview) -> Tables:
    """The tables in a JSON object; anything else means damage."""
    data = decode_json(plaintext)
    if not isinstance(data, dict):
        raise JournalDamaged(t("vault.contents_unreadable"))
    return data


def encode_json(value: Any) -> bytes:
    """Compact UTF-8 JSON, byte for byte what ``json.dumps(value, ensure_ascii=False,
    separators=(",", ":"))`` wrote before, about ten times faster: at 10,000 entries the
    serializer was most of the cost of a save. Raises :class:`UnstorableText` for text that
    is not valid Unicode (a lone surrogate)."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError as exc:
        raise UnstorableText(str(exc)) from None


encode_tables = encode_json
