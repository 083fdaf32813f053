"""A TinyDB storage that keeps the decrypted tables in memory and hands every write to the
journal, which encrypts and saves it. Nothing here touches the disk.

TinyDB reads and writes the whole database on each operation, so reads are served from the
cached dict. Writes can be deferred inside :meth:`MemoryWriteThrough.batch` so a change that
spans tables (an entry and its revision) reaches the disk as one save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tinydb.storages import Storage

Tables = dict[str, dict[str, Any]]


class MemoryWriteThrough(Storage):
    def __init__(self, tables: Tables, persist: Callable[[Tables], None]) -> None:
        self._tables = tables
        self._persist = persist
        self._depth = 0
        self._pending = False

    def read(self) -> Tables:
        return self._tables

    def write(self, data: Tables) -> None:
        self._tables = data
        if self._depth:
            self._pending = True
        else:
            self._persist(self._tables)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Collect writes; persist once when the outermost batch ends without error.

        On an error inside the batch nothing is persisted; the caller's in-memory change is
        still there, and the next successful save writes it.
        """
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._depth == 0 and self._pending:
            self._pending = False
            self._persist(self._tables)

    def replace(self, tables: Tables) -> None:
        """Put other tables in place without saving them (reverting unsaved changes)."""
        self._tables = tables
        self._pending = False

    def forget(self) -> None:
        """Drop the decrypted tables from memory (on close or auto-lock)."""
        self._tables = {}
        self._pending = False

    def close(self) -> None:
        pass
