"""The journal's format 2 file as the journal knows it: which segments are in memory, which
changed since the file was read or written, and what the next save seals or copies.

The journal (reflect.vault.journal) keeps TinyDB's tables in memory; for a format 2 file the
entries and revisions tables hold only the segments read so far. :class:`OnDisk` reads more
of them into those tables when asked, and works out the next save's layout: the segments
changed (and new ones) sealed again, the others copied from this file as they are.

Revisions can stay on disk while their entries are read: the app reads every entry, and an
entry's earlier versions are needed only when they are shown, or when their segment is
sealed again (then they are read first, so a save never drops one).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from reflect.errors import JournalChangedOnDisk, JournalDamaged, SaveFailed
from reflect.i18n import t
from reflect.model import summary_of
from reflect.vault import segments
from reflect.vault.payload import ENTRIES, REVISIONS, Tables
from reflect.vault.storage import read_prefix
from reflect.vault.wordfilter import WordFilter


class OnDisk:
    """One format 2 file of a journal (the one it last read or wrote), and what of it is in
    memory. ``head`` is the file's clear-text part: when reading fails and the file no
    longer starts with it, another program replaced the file."""

    def __init__(
        self,
        path: Path,
        head: bytes,
        directory: segments.Directory,
        data_key: bytes,
        loaded: set[int] | None = None,
        revisions_unread: set[int] | None = None,
        summaries: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.head = head
        self.directory = directory
        self.data_key = data_key  # the key its parts are sealed with (a re-key seals anew)
        self.loaded: set[int] = loaded or set()  # segments whose entries are in memory
        # Segments in memory whose revisions were left on disk (see the module's note).
        self.revisions_unread: set[int] = revisions_unread or set()
        self.changed: set[int] = set()  # segments to seal again at the next save
        # Set when TinyDB was given the entries or revisions: what it changed is unknown.
        self.everything_changed = False
        self.summaries = summaries  # as the file holds them; read when first needed

    # ---- what is where -----------------------------------------------------------------------

    def segment_of(self, doc_id: int) -> int:
        return segments.segment_of(doc_id, self.directory.per_segment)

    def missing(self) -> list[int]:
        """Segments of the file whose entries are not in memory."""
        return [n for n in range(len(self.directory.segments)) if n not in self.loaded]

    @property
    def whole(self) -> bool:
        """Every entry and every revision is in memory."""
        return not self.missing() and not self.revisions_unread

    # ---- reading -----------------------------------------------------------------------------

    def read(self, tables: Tables, numbers: list[int], *, revisions: bool = True) -> None:
        """Read segments ``numbers`` into ``tables`` (a number beyond the file's segments is
        a new, empty one); with ``revisions`` False their revisions stay on disk. Entries
        already in memory are never replaced (they may hold unsaved changes)."""
        wanted = [
            n
            for n in dict.fromkeys(numbers)
            if n not in self.loaded or (revisions and n in self.revisions_unread)
        ]
        if not wanted:
            return
        refs = self.directory.segments
        with self.reading() as handle:
            for number in wanted:
                if number >= len(refs):
                    self.loaded.add(number)
                    continue
                text = segments.read_segment(handle, self.data_key, number, refs[number])
                self._take(tables, number, segments.decode_segment(text), revisions)

    def read_matching(self, tables: Tables, words: list[str]) -> None:
        """Read the segments not in memory that may hold entries with every one of
        ``words`` (reflect.vault.wordfilter.WordFilter); the others are authenticated, then
        left on disk."""
        check = WordFilter(words)
        refs = self.directory.segments
        with self.reading() as handle:
            for number in self.missing():
                text = segments.read_segment(handle, self.data_key, number, refs[number])
                if check.may_match(text, refs[number].folds):
                    self._take(tables, number, segments.decode_segment(text), True)

    def _take(self, tables: Tables, number: int, part: Tables, revisions: bool) -> None:
        if number not in self.loaded:
            tables.setdefault(ENTRIES, {}).update(part[ENTRIES])
            self.loaded.add(number)
            self.revisions_unread.add(number)
        if revisions and number in self.revisions_unread:
            tables.setdefault(REVISIONS, {}).update(part[REVISIONS])
            self.revisions_unread.discard(number)

    def stored_summaries(self) -> dict[str, Any]:
        """The summaries as the file holds them (read once)."""
        ref = self.directory.summaries
        if ref is None:
            raise ValueError("this file has no summaries")
        if self.summaries is None:
            with self.reading() as handle:
                self.summaries = segments.read_summaries(handle, self.data_key, ref)
        return self.summaries

    def authenticate_summaries(self) -> None:
        """Check the summaries part without keeping it (a journal read whole)."""
        if self.directory.summaries is not None:
            with self.reading() as handle:
                segments.decrypt_summaries(handle, self.data_key, self.directory.summaries)

    def summaries_of(self, tables: Tables, index: Mapping[str, int]) -> list[Mapping[str, Any]]:
        """Every entry with at least the list's fields: the whole entry where it is in
        memory, its stored summary otherwise."""
        stored = self.stored_summaries()
        if not self.loaded and stored.keys() == index.keys():
            return list(stored.values())  # nothing read: the file's summaries, as they are
        rows = tables.get(ENTRIES, {})
        found: list[Mapping[str, Any]] = []
        for entry_id, doc_id in index.items():
            if self.segment_of(doc_id) in self.loaded:
                found.append(rows[str(doc_id)])
            elif entry_id in stored:
                found.append(stored[entry_id])
            else:  # the file's index names an entry its summaries do not hold
                raise JournalDamaged(t("vault.contents_unreadable"))
        return found

    @contextmanager
    def reading(self) -> Iterator[BinaryIO]:
        """The file, open to read parts of it, with one message for each way that fails."""
        try:
            with self.path.open("rb") as handle:
                yield handle
        except (JournalDamaged, OSError) as exc:
            if read_prefix(self.path, len(self.head)) != self.head:
                raise JournalChangedOnDisk(t("vault.changed_on_disk.save")) from None
            if isinstance(exc, JournalDamaged):
                raise
            raise SaveFailed(
                t("vault.cannot_read", path=self.path, reason=exc.strerror or exc)
            ) from None

    # ---- changing and saving -----------------------------------------------------------------

    def will_change(self, tables: Tables, doc_id: int) -> None:
        """Entry ``doc_id``'s segment is about to change: its entries are read (a new
        segment is empty) and it is sealed again at the next save, which first reads the
        revisions it left on disk (sealing it without them would drop them)."""
        number = self.segment_of(doc_id)
        self.read(tables, [number], revisions=False)
        self.changed.add(number)

    def layout(
        self, tables: Tables, index: dict[str, int], data_key: bytes
    ) -> segments.Layout | None:
        """The next save's layout: the changed and new segments sealed, the others copied;
        None when everything must be sealed anew (after a re-key, or a change through
        TinyDB), or when something in memory belongs in a segment that would be copied."""
        if self.everything_changed or data_key != self.data_key:
            return None
        self.read(tables, sorted(self.changed & self.revisions_unread))
        directory = self.directory
        small, parts = segments.split(tables, index, directory.per_segment)
        copied = {n for n in range(len(directory.segments)) if n not in self.changed}
        if any(n in copied and n not in self.loaded for n in parts):
            # Something in memory belongs in a segment not read (a revision kept without
            # its entry, in a file from elsewhere): copying that segment would lose it.
            return None
        count = max([len(directory.segments) - 1, *parts]) + 1
        chosen: list[segments.Part] = [
            directory.segments[n] if n in copied else parts.get(n, segments.empty_segment())
            for n in range(count)
        ]
        return segments.Layout(
            directory.per_segment,
            chosen,
            dict(index),
            small,
            sorted(set(directory.growing) | {n for n in segments.GROWING if tables.get(n)}),
            max(directory.last_revision, segments.last_revision_id(tables)),
            self._summaries_to_write(tables),
        )

    def _summaries_to_write(self, tables: Tables) -> dict[str, Any] | segments.SegmentRef:
        """The file's summaries when no entry changed; else made again: from every entry
        when all are in memory, otherwise the stored ones with those in memory replaced."""
        if not self.changed and self.directory.summaries is not None:
            return self.directory.summaries
        summaries = dict(self.stored_summaries()) if self.missing() else {}
        for doc in tables.get(ENTRIES, {}).values():
            summaries[str(doc["id"])] = summary_of(doc)
        return summaries

    def after_save(
        self,
        head: bytes,
        directory: segments.Directory,
        layout: segments.Layout,
        data_key: bytes,
    ) -> OnDisk:
        """The file just written in its place, which later saves copy from. The segments
        sealed came from memory; those copied are in memory as before; none has changed."""
        sealed = {
            n for n, part in enumerate(layout.parts) if not isinstance(part, segments.SegmentRef)
        }
        same_key = data_key == self.data_key
        loaded = (self.loaded if same_key else set()) | sealed
        unread = (self.revisions_unread - sealed) if same_key else set()
        summaries = layout.summaries if isinstance(layout.summaries, dict) else self.summaries
        if not [n for n in range(len(directory.segments)) if n not in loaded]:
            summaries = None  # every entry is in memory: the next save makes them from those
        return OnDisk(self.path, head, directory, data_key, loaded, unread, summaries)

    @classmethod
    def written(
        cls, path: Path, head: bytes, directory: segments.Directory, data_key: bytes
    ) -> OnDisk:
        """A file written whole from memory: every segment in it is in memory (so its
        summaries need not be kept: the next save makes them from the entries)."""
        loaded = set(range(len(directory.segments)))
        return cls(path, head, directory, data_key, loaded)
