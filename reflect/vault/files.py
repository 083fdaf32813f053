"""Whole journal files in either format: the tables out of one, the tables into one.

For files read or written whole (backups, conflict copies, a restore, a check); the journal
itself reads format 2 a segment at a time (reflect.vault.journal).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from reflect.errors import JournalDamaged, SaveFailed
from reflect.i18n import t
from reflect.vault import format as fmt
from reflect.vault import segments
from reflect.vault.payload import Tables, decode_tables


def open_tables(parsed: fmt.ParsedFile, data_key: bytes) -> Tables:
    """The tables of a file parsed whole (:func:`reflect.vault.format.parse`);
    :class:`JournalDamaged` when any part of it was changed or is not reflect's."""
    if not parsed.segmented:
        return decode_tables(fmt.open_payload(parsed, data_key))
    if parsed.whole is None:
        raise ValueError("parse the whole file to read all of its tables")
    directory = segments.open_directory(parsed, data_key)
    return segments.merged(directory, segments.parts_in(parsed.whole, directory, data_key))


def seal_tables(header: fmt.Header, data_key: bytes, tables: Tables) -> tuple[fmt.Header, bytes]:
    """The whole file for ``tables`` in the current format, as the save after ``header``;
    returns its header and its bytes."""
    sealed = fmt.next_header(header)
    out = io.BytesIO()
    segments.write_file(out, sealed, data_key, segments.layout_of(tables))
    return sealed, out.getvalue()


def verified(data_key: bytes) -> Callable[[Path], None]:
    """A check, run on a written temp file before it is renamed into place, that every part
    of it authenticates under ``data_key`` (raises OSError otherwise)."""
    return _verifier(data_key, lambda exc: OSError(t("vault.readback_differs")))


def verified_or_save_failed(data_key: bytes) -> Callable[[Path], None]:
    """:func:`verified`, failing as :class:`SaveFailed` (the journal's own writes)."""
    return _verifier(data_key, lambda exc: SaveFailed(t("vault.verify_failed", reason=exc)))


def _verifier(
    data_key: bytes, failure: Callable[[Exception], Exception]
) -> Callable[[Path], None]:
    def verify(temp: Path) -> None:
        try:
            segments.verify_file(temp, data_key)
        except (JournalDamaged, OSError) as exc:
            raise failure(exc) from exc

    return verify
