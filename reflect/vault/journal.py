"""The journal: entries, their revisions and the alias table, in one encrypted file.

This is the one path for data: the CLI and the TUI both call these methods. Every change is
saved before the method returns (write-through); when a save fails the change stays in memory,
:attr:`Journal.unsaved` is true, and :meth:`Journal.save` tries again.

A journal opened with ``lazy=True`` (the command line) reads a format 2 file a segment at a
time (reflect.vault.segments): showing or editing one entry decrypts the directory and that
entry's segment; a list reads the entries' summaries; a search skips the segments that
cannot match. Anything else that needs every entry (TinyDB queries over entries, an export)
reads the rest first. Every save, lazy or not, seals again only the segments that changed
and copies the others' ciphertext as it is.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from reflect.errors import (
    EntryNotFound,
    JournalChangedOnDisk,
    JournalDamaged,
    JournalExists,
    ReflectError,
    SaveFailed,
    UsageError,
    WrongPassphrase,
)
from reflect.i18n import t
from reflect.model import Entry, Revision, match_entry_id, now_utc
from reflect.vault import format as fmt
from reflect.vault import segments
from reflect.vault.backups import Cleaned, reseal_backups
from reflect.vault.files import open_tables, seal_tables, verified, verified_or_save_failed
from reflect.vault.kdf import KdfParams, at_least, default_params
from reflect.vault.ondisk import OnDisk
from reflect.vault.payload import ENTRIES as ENTRIES
from reflect.vault.payload import REVISIONS as REVISIONS
from reflect.vault.payload import UnstorableText as UnstorableText
from reflect.vault.payload import decode_tables as decode_tables
from reflect.vault.payload import encode_tables as encode_tables
from reflect.vault.recovery import new_recovery_code, normalise_recovery_code
from reflect.vault.storage import (
    DEFAULT_BACKUPS,
    FileSink,
    JournalLock,
    SavedButNotFlushed,
    atomic_write,
    ensure_private_folder,
    existing_backups,
    fsync_folder,
    missing_journal,
    read_journal_file,
    read_prefix,
    remove_stale_temp_files,
    replace_file_atomically,
    require_journal_file,
)
from reflect.vault.tinystore import MemoryWriteThrough, Tables

ALIASES = "aliases"
PLACES = "places"  # the method step each entry was left at, to resume there
RECOVERED = "recovered"  # entries saved as the app was ended (signal, crash): told next time
# Ids (never content) of entries destroyed on purpose: backups are cleaned of them, and a
# merge or a restore must not bring them back.
ERASED = "erased"
# Records that are not entries but may name entries, each with an "id" and, where it links
# entries, their ids in a list under "entries": the reflection log's meetings and the
# learning goals. Destroying an entry takes its id out of these lists; the record stays.
MEETINGS = "meetings"
GOALS = "goals"
RECORD_TABLES = (MEETINGS, GOALS)

Secret = str | Callable[[], str]


class Journal:
    """An unlocked journal. Create with :meth:`create`, :meth:`open` or :meth:`unlock`."""

    def __init__(
        self,
        path: Path,
        lock: JournalLock,
        header: fmt.Header,
        data_key: bytes,
        tables: Tables,
        authenticated: bytes,
        disk: OnDisk | None = None,
    ) -> None:
        self.path = path
        self._lock = lock
        self._header = header
        self._data_key = data_key
        self._on_disk = authenticated  # header bytes of the file we last read or wrote
        self._store = MemoryWriteThrough(tables, self._persist)
        self._tinydb: TinyDB | None = None
        # None when no save can copy from the file on disk (format 1, a new journal, tables
        # replaced whole): the next save seals everything.
        self._disk = disk
        self._doc_ids = dict(disk.directory.index) if disk else _doc_id_index(tables)
        self.backups = DEFAULT_BACKUPS
        self.unsaved = False

    # ---- opening and closing -------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        kdf: KdfParams | None = None,
        lock: JournalLock | None = None,
    ) -> tuple[Journal, str]:
        """Make a new, empty journal; return it (open and locked) and its recovery code.

        ``lock`` lets a caller that already holds the lock (the app, before it asks for a
        passphrase) pass it on; otherwise it is taken here.
        """
        if not passphrase:
            raise UsageError(t("vault.empty_passphrase"))
        ensure_private_folder(path.parent)
        if lock is None:
            lock = JournalLock(path)
        if not lock.held:
            lock.acquire()
        try:
            if path.exists():
                raise JournalExists(t("vault.exists", path=path))
            if existing_backups(path):
                # A new journal here would rotate the old backups away, one save at a time.
                raise JournalExists(t("vault.exists_backups", missing=missing_journal(path)))
            params = kdf or default_params()
            recovery = new_recovery_code()
            data_key = os.urandom(fmt.DATA_KEY_LENGTH)
            header = fmt.Header(
                slots=(
                    fmt.KeySlot.wrap(fmt.SLOT_PASSPHRASE, passphrase, data_key, params),
                    fmt.KeySlot.wrap(
                        fmt.SLOT_RECOVERY, recovery, data_key, params.with_fresh_salt()
                    ),
                ),
                generation=0,
            )
            journal = cls(path, lock, header, data_key, {}, authenticated=b"")
            journal._persist({})
        except BaseException:
            lock.release()
            raise
        return journal, recovery

    @classmethod
    def unlock(
        cls,
        path: Path,
        secret: str,
        lock: JournalLock,
        *,
        recovery: bool = False,
        lazy: bool = False,
    ) -> Journal:
        """Open a journal whose lock the caller already holds (the TUI unlocks in a worker).

        ``lazy``: read a format 2 journal's segments only when they are needed (a command
        that shows or changes one entry); otherwise all of it is read and checked now."""
        remove_stale_temp_files(path)
        parsed = _read_head(path)
        kind = fmt.SLOT_RECOVERY if recovery else fmt.SLOT_PASSPHRASE
        if recovery:
            secret = normalise_recovery_code(secret)
        data_key = fmt.unlock_data_key(parsed.header, secret, kind)
        header, authenticated = parsed.header, parsed.authenticated
        if not parsed.segmented:
            # The ciphertext goes before the JSON is decoded: at 10,000 entries it is 27 MB
            # that would otherwise sit beside the plaintext and the tables at peak memory.
            plaintext = fmt.open_payload(parsed, data_key)
            del parsed
            tables = decode_tables(plaintext)
            del plaintext
            return cls(path, lock, header, data_key, tables, authenticated)
        directory = segments.open_directory(parsed, data_key)
        disk = OnDisk(path, authenticated, directory, data_key)
        tables = segments.merged(directory, [])
        journal = cls(path, lock, header, data_key, tables, authenticated, disk)
        if not lazy or directory.summaries is None:
            # Read and authenticated whole, as a format 1 file is: the summaries too,
            # though a journal held whole has no use for them. The revisions are decrypted
            # (checked) but left on disk until they are needed.
            disk.authenticate_summaries()
            journal._read_entries()
        return journal

    @classmethod
    @contextmanager
    def open(
        cls, path: Path, secret: Secret, *, recovery: bool = False, lazy: bool = False
    ) -> Iterator[Journal]:
        """Lock, unlock, yield, close. ``secret`` may be a callable, asked only after the
        lock is held so nobody types a passphrase for a journal that is in use."""
        require_journal_file(path)  # a clear "no journal" before any prompt
        lock = JournalLock(path)
        lock.acquire()
        try:
            value = secret() if callable(secret) else secret
            journal = cls.unlock(path, value, lock, recovery=recovery, lazy=lazy)
        except BaseException:
            lock.release()
            raise
        try:
            yield journal
        finally:
            journal.close()

    def close(self) -> None:
        """Forget the key and release the lock. Unsaved changes are lost: callers check
        :attr:`unsaved` first and tell the user."""
        self._data_key = b""
        self._store.forget()
        self._tinydb = None
        self._disk = None
        self._doc_ids = {}
        if self._lock.held:
            self._lock.release()

    # ---- saving ---------------------------------------------------------------------------

    def _persist(self, tables: Tables) -> None:
        if not self._data_key:
            raise SaveFailed(t("vault.closed.save"))
        self.unsaved = True
        if self._on_disk and read_prefix(self.path, len(self._on_disk)) != self._on_disk:
            raise JournalChangedOnDisk(t("vault.changed_on_disk.save"))
        header = fmt.next_header(self._header)
        layout = self._layout(tables)
        written: list[segments.Directory] = []

        def write(out: FileSink) -> None:
            if self._disk is None:
                written.append(segments.write_file(out, header, self._data_key, layout))
                return
            # The segments not changed are copied from the file on disk, as they are.
            with self.path.open("rb") as source:
                written.append(segments.write_file(out, header, self._data_key, layout, source))

        try:
            atomic_write(
                self.path, write, verified_or_save_failed(self._data_key), backups=self.backups
            )
        except SavedButNotFlushed:
            self._saved_as(header, written[0], layout)
            raise
        except JournalDamaged as exc:  # a segment copied from the file on disk was damaged
            raise SaveFailed(t("vault.verify_failed", reason=exc)) from exc
        self._saved_as(header, written[0], layout)

    def _layout(self, tables: Tables) -> segments.Layout:
        """What the next save writes: the segments changed since the file on disk was read
        or written (and any new ones) sealed again, the others copied as they are; all of
        them sealed anew when there is no such file to copy from (reflect.vault.ondisk)."""
        if self._disk is not None:
            found = self._disk.layout(tables, self._doc_ids, self._data_key)
            if found is not None:
                return found
        self._read_all()
        return segments.layout_of(tables)

    def _saved_as(
        self, header: fmt.Header, directory: segments.Directory, layout: segments.Layout
    ) -> None:
        self._header = header
        self._on_disk = fmt.encode_authenticated(header, fmt.SEGMENTED_MAJOR)
        if self._disk is None:
            self._disk = OnDisk.written(self.path, self._on_disk, directory, self._data_key)
        else:
            self._disk = self._disk.after_save(self._on_disk, directory, layout, self._data_key)
        self.unsaved = False

    def save(self) -> None:
        """Write the in-memory journal again (after a failed save)."""
        self._persist(self._store.read())

    def revert_unsaved(self) -> None:
        """Throw away the changes a failed save left in memory: read the tables back from
        the file this journal last wrote. When that file was changed by another program,
        nothing is reverted and :class:`JournalChangedOnDisk` says so."""
        if not self.unsaved:
            return
        if not self._data_key:
            raise SaveFailed(t("vault.closed.revert"))
        parsed = fmt.parse(read_journal_file(self.path))
        if parsed.authenticated != self._on_disk:
            raise JournalChangedOnDisk(t("vault.changed_on_disk.revert"))
        tables = open_tables(parsed, self._data_key)
        del parsed
        self._put_tables(tables)
        self.unsaved = False

    def write_copy(self, target: Path) -> None:
        """Write the journal, encrypted as it is (same key slots, same generation), to
        ``target``: a backup the user keeps elsewhere."""
        try:
            self.write_sealed(target, self.tables(), self.generation)
            fsync_folder(target.parent)
        except OSError as exc:
            raise SaveFailed(
                t("vault.copy_failed", path=target, reason=exc.strerror or exc)
            ) from None

    # ---- other files sealed with this journal's key (backups, conflict copies) -------------

    def tables(self) -> Tables:
        """The decrypted tables, read only (callers copy what they change)."""
        if not self._data_key:
            raise SaveFailed(t("vault.closed.save"))
        self._read_all()
        return self._store.read()

    def open_other(self, parsed: fmt.ParsedFile) -> Tables:
        """The tables of another file sealed with this journal's data key (a backup, a
        conflict copy); :class:`JournalDamaged` when it was not, or was changed."""
        if not self._data_key:
            raise SaveFailed(t("vault.closed.save"))
        return open_tables(parsed, self._data_key)

    def holds_key(self, data_key: bytes) -> bool:
        """Whether ``data_key`` is this journal's data key (compared in constant time)."""
        return bool(self._data_key) and hmac.compare_digest(data_key, self._data_key)

    def write_sealed(self, target: Path, tables: Tables, generation: int) -> None:
        """Write ``tables`` to ``target`` under this journal's key slots and data key, with
        ``generation`` as its save count, atomically and read back before it replaces
        anything there. Raises OSError (the caller words the message)."""
        if not self._data_key:
            raise SaveFailed(t("vault.closed.save"))
        base = replace(self._header, generation=max(generation - 1, 0))
        _, blob = seal_tables(base, self._data_key, tables)
        replace_file_atomically(target, blob, verified(self._data_key))

    def replace_tables(self, tables: Tables, *, generation_above: int = 0) -> None:
        """Put ``tables`` in place of the journal's and save once (a merge); the file saved
        counts above ``generation_above`` and above the journal's own count."""
        if not self._data_key:
            raise SaveFailed(t("vault.closed.save"))
        self._put_tables(tables)
        if generation_above > self._header.generation:
            self._header = replace(self._header, generation=generation_above)
        self.save()

    def check_secret(self, passphrase: str) -> bool:
        """True when ``passphrase`` opens this journal's passphrase slot. Runs the KDF (call
        it off the UI thread); the journal is not read again or reopened."""
        if not self._data_key:
            return False
        try:
            key = fmt.unlock_data_key(self._header, passphrase, fmt.SLOT_PASSPHRASE)
        except WrongPassphrase:
            return False
        return hmac.compare_digest(key, self._data_key)

    @property
    def generation(self) -> int:
        return self._header.generation

    # ---- entries --------------------------------------------------------------------------

    def add(self, entry: Entry) -> Entry:
        stamp = now_utc()
        stored = replace(entry, created=stamp, updated=stamp)
        return self.add_many([stored])[0]

    def add_many(self, entries: list[Entry]) -> list[Entry]:
        """Add entries in one save (demo data, imports, benchmarks); keeps their timestamps."""
        for entry in entries:
            _ensure_storable(entry.to_dict())
        ids = [entry.id for entry in entries]
        if len(set(ids)) != len(ids) or any(i in self._doc_ids for i in ids):
            raise UsageError(t("vault.entry_exists"))
        # Doc ids as TinyDB gives them (one above the highest), written straight into the
        # table: only the segments they go to are read. In a batch, so the index is updated
        # before the save runs (and maybe fails).
        tables = self._store.read()
        next_id = max(self._doc_ids.values(), default=0) + 1
        doc_ids = list(range(next_id, next_id + len(entries)))
        with self._store.batch():
            for doc_id, entry in zip(doc_ids, entries, strict=True):
                tables.setdefault(ENTRIES, {})[str(doc_id)] = entry.to_dict()
                self._doc_ids[entry.id] = doc_id
            self._changed(tables)
            try:
                # Their segments are read after the entries are in memory: when that fails
                # (another program replaced the file), they are kept, as after a failed save.
                for doc_id in doc_ids:
                    self._will_change(doc_id)
            except ReflectError:
                self.unsaved = True
                raise
        return entries

    def update(self, entry: Entry, *, keep_revision: bool = True) -> Entry:
        """Save a changed entry; the version it replaces is kept as a revision unless
        ``keep_revision`` is False (a later save in the same editing session, whose start
        was kept already: an autosave every few seconds must not bury the history)."""
        doc_id = self._doc_ids.get(entry.id)
        if doc_id is None:
            raise EntryNotFound(t("vault.entry_not_found", id=entry.id))
        self._read_segment_of(doc_id)
        tables = self._store.read()
        previous = Entry.from_dict(dict(tables[ENTRIES][str(doc_id)]))
        if _same_content(previous, entry):
            return previous
        stamp = now_utc()
        stored = replace(entry, created=previous.created, updated=stamp)
        _ensure_storable(stored.to_dict())
        with self._store.batch():
            if keep_revision:
                revisions = tables.setdefault(REVISIONS, {})
                revisions[str(self._next_revision_id(tables))] = {
                    "entry_id": entry.id,
                    "saved": stamp.isoformat(),
                    "entry": previous.to_dict(),
                }
            # A new document, not the stored one changed in place: a list built from the
            # stored documents (in another thread, in the app) never sees one half-written.
            self._will_change(doc_id)  # the entry, and the revision beside it
            tables[ENTRIES][str(doc_id)] = stored.to_dict()
            self._changed(tables)
        return stored

    def _next_revision_id(self, tables: Tables) -> int:
        """One above the highest revision doc id, as TinyDB would number it."""
        known = self._disk.directory.last_revision if self._disk else 0
        return max(known, segments.last_revision_id(tables)) + 1

    def _changed(self, tables: Tables) -> None:
        """After a change written straight into the tables: save (or, in a batch, mark for
        the batch's save), and let TinyDB start afresh (its caches knew the old tables)."""
        self._tinydb = None
        self._store.write(tables)

    def delete(self, entry_id: str) -> Cleaned:
        """Destroy one entry (by id or unique prefix); see :meth:`destroy`."""
        return self.destroy([self.get(entry_id).id])

    def destroy(self, entry_ids: list[str]) -> Cleaned:
        """Remove entries and everything kept about them (revisions, step, recovery note)
        in one save, then rewrite every backup without them. Returns what happened to the
        backups. When the save fails nothing is destroyed (the change stays in memory, as
        with any failed save); when cleaning a backup fails, :class:`SaveFailed` says so and
        the next deletion or passphrase change cleans it (the ids are remembered).

        It needs the whole journal in memory: what is not read yet is read first, and when
        that fails (another program replaced the file) nothing is changed."""
        ids = list(dict.fromkeys(entry_ids))
        for entry_id in ids:
            if entry_id not in self._doc_ids:
                raise EntryNotFound(t("vault.entry_not_found", id=entry_id))
        known = self.erased()
        with self._store.batch():
            self._table(ENTRIES).remove(doc_ids=[self._doc_ids.pop(i) for i in ids])
            for table in (REVISIONS, PLACES, RECOVERED):
                self._table(table).remove(Query().entry_id.one_of(ids))
            for table in RECORD_TABLES:
                self._table(table).update(_unlinked(set(ids)), Query().entries.any(ids))
            self._table(ERASED).insert_multiple({"entry_id": i} for i in ids if i not in known)
        return self.clean_backups()

    def erased(self) -> set[str]:
        """Ids of entries destroyed on purpose."""
        return {str(doc["entry_id"]) for doc in self._table(ERASED).all()}

    def clean_backups(self, *, always: bool = False, open_key: bytes | None = None) -> Cleaned:
        """Make every backup follow the journal: no erased entry in any of them, sealed under
        the journal's current key slots (and data key; ``open_key`` is the key they were
        sealed with, when it changed). ``always`` rewrites backups that hold no erased entry
        too (after a key change)."""
        if not self._data_key:
            raise SaveFailed(t("vault.closed.save"))
        erased = self.erased()
        return reseal_backups(
            self.path,
            self._header,
            open_key or self._data_key,
            self._data_key,
            lambda tables: without_entries(tables, erased),
            always=always,
        )

    def get(self, entry_id: str) -> Entry:
        """By full id or by a unique prefix of at least four characters."""
        return Entry.from_dict(dict(self.document(entry_id)))

    def document(self, entry_id: str) -> Mapping[str, Any]:
        """One entry as stored (plain JSON data, not to be changed), by full id or by a
        unique prefix: an index lookup, nothing else is read."""
        doc_id = self._doc_ids[match_entry_id(self._doc_ids.keys(), entry_id)]
        self._read_segment_of(doc_id)
        found: Mapping[str, Any] = self._store.read()[ENTRIES][str(doc_id)]
        return found

    def has(self, entry_id: str) -> bool:
        """Whether an entry with exactly this id is in the journal (no prefix matching)."""
        return entry_id in self._doc_ids

    def list_entries(self) -> list[Entry]:
        """All entries, newest first."""
        return self.find(lambda doc: True)

    def documents(self) -> list[Mapping[str, Any]]:
        """Every entry as stored (plain JSON data, not to be changed), in no order: for
        scanning thousands without building an Entry for each."""
        return list(self._rows(ENTRIES).values())

    def find(self, keep: Callable[[Mapping[str, Any]], bool]) -> list[Entry]:
        """Entries whose stored document passes ``keep``, newest first. Only those are built
        into entries: a query over thousands tests plain dicts (reflect.operations.query)."""
        return [Entry.from_dict(dict(doc)) for doc in self.find_documents(keep)]

    def find_documents(
        self,
        keep: Callable[[Mapping[str, Any]], bool],
        *,
        words: Sequence[str] = (),
        listing: bool = False,
    ) -> list[Mapping[str, Any]]:
        """The stored documents (not to be changed) that pass ``keep``, newest first: what
        a list prints needs no Entry built for each of thousands of rows.

        ``words``: case-folded words that ``keep`` requires in every entry it passes (a
        query's free words). The segments not read yet whose text cannot hold them all
        are then decrypted but not decoded (:class:`reflect.vault.wordfilter.WordFilter`).
        ``listing``: ``keep`` and the caller need only the list's fields of each entry
        (:data:`reflect.model.SUMMARY_FIELDS`); a journal read in part then answers from
        its summaries, without reading the entries."""
        docs: Iterable[Mapping[str, Any]]
        if words and self._disk is not None and self._disk.missing():
            self._disk.read_matching(self._store.read(), list(words))
            docs = self._store.read().get(ENTRIES, {}).values()
        elif listing:
            docs = self.summaries()
        else:
            docs = self._rows(ENTRIES).values()
        found = [doc for doc in docs if keep(doc)]
        found.sort(key=_created_at, reverse=True)  # stable: ties keep the stored order
        return found

    def summaries(self) -> list[Mapping[str, Any]]:
        """Every entry with at least the list's fields (:func:`reflect.model.summary_of`;
        whole stored documents where the journal holds them), in no order. Not to be
        changed."""
        disk = self._disk
        if disk is None or not disk.missing() or disk.directory.summaries is None:
            return self.documents()
        return disk.summaries_of(self._store.read(), self._doc_ids)

    def revisions(self, entry_id: str) -> list[Revision]:
        """Earlier versions of an entry, oldest first."""
        # An entry's revisions are stored beside it: reading its segment reads them all.
        wanted = str(self.document(entry_id)["id"])
        self._read_segment_of(self._doc_ids[wanted], revisions=True)
        revisions = [
            Revision(wanted, datetime.fromisoformat(d["saved"]), Entry.from_dict(d["entry"]))
            for d in self._store.read().get(REVISIONS, {}).values()
            if d.get("entry_id") == wanted
        ]
        revisions.sort(key=lambda r: r.saved)
        return revisions

    def _rows(self, table: str) -> Mapping[str, Any]:
        """A table as TinyDB stores it (doc id -> document), read without TinyDB: its reads
        copy every document into a new ``Document``, 10,000 copies for one list. Empty once
        the journal is closed (the tables are forgotten)."""
        if table == ENTRIES:
            self._read_entries()
        elif table in segments.GROWING:
            self._read_all()
        rows: Mapping[str, Any] = self._store.read().get(table, {})
        return rows

    def _table(self, name: str) -> Table:
        """A TinyDB table; the entries and revisions only once every segment is read
        (TinyDB's queries and writes see a table whole)."""
        if name in segments.GROWING:
            self._read_all()
            if self._disk is not None:
                self._disk.everything_changed = True
        if self._tinydb is None:
            self._tinydb = TinyDB(storage=lambda: self._store)
        return self._tinydb.table(name)

    # ---- reading a format 2 journal's segments ----------------------------------------------

    def _read_segment_of(self, doc_id: int, *, revisions: bool = False) -> None:
        """Make sure the segment that holds the entry ``doc_id`` is read (``revisions``:
        with the revisions stored beside its entries)."""
        if self._disk is not None:
            number = self._disk.segment_of(doc_id)
            self._disk.read(self._store.read(), [number], revisions=revisions)

    def _will_change(self, doc_id: int) -> None:
        """Entry ``doc_id`` is about to be added or changed: its segment is read whole and
        sealed again at the next save."""
        if self._disk is not None:
            self._disk.will_change(self._store.read(), doc_id)

    def _read_entries(self) -> None:
        """Read every entry not in memory yet (their revisions may stay on disk)."""
        if self._disk is not None and self._disk.missing():
            self._disk.read(self._store.read(), self._disk.missing(), revisions=False)
            self._tinydb = None

    def _read_all(self) -> None:
        """Read every entry and revision not in memory yet: the journal is then whole."""
        disk = self._disk
        if disk is not None and not disk.whole:
            disk.read(self._store.read(), list(range(len(disk.directory.segments))))
            self._tinydb = None

    def _put_tables(self, tables: Tables) -> None:
        """Put whole tables in place of the journal's (nothing is saved here)."""
        self._store.replace(tables)
        self._tinydb = None  # no cached queries of the old tables
        self._disk = None
        self._doc_ids = _doc_id_index(tables)

    # ---- the alias table ------------------------------------------------------------------

    def aliases(self) -> dict[str, str]:
        """Real names the user typed, mapped to the pseudonyms exports use instead."""
        return {d["real"]: d["pseudonym"] for d in self._table(ALIASES).all()}

    def set_alias(self, real: str, pseudonym: str) -> None:
        real, pseudonym = real.strip(), pseudonym.strip()
        if not real or not pseudonym:
            raise UsageError(t("vault.alias.incomplete"))
        _ensure_storable({"real": real, "pseudonym": pseudonym})
        # upsert is an update and then an insert: batch them so a failed save still leaves
        # the alias in memory, as every other change is.
        with self._store.batch():
            self._table(ALIASES).upsert(
                {"real": real, "pseudonym": pseudonym}, Query().real == real
            )

    def remove_alias(self, real: str) -> None:
        if not self._table(ALIASES).remove(Query().real == real.strip()):
            raise UsageError(t("vault.alias.unknown"))

    # ---- records: meetings, learning goals ---------------------------------------------------

    def records(self, table: str) -> list[dict[str, Any]]:
        """Every record of ``table`` (one of :data:`RECORD_TABLES`), as copies, in the order
        they were first stored."""
        _require_record_table(table)
        return [dict(doc) for doc in self._table(table).all()]

    def put_record(self, table: str, record: Mapping[str, Any]) -> None:
        """Store ``record`` (it has an ``"id"``), replacing the record with that id whole."""
        _require_record_table(table)
        document = dict(record)
        if not str(document.get("id") or ""):
            raise ValueError("a record needs an id")
        _ensure_storable(document)
        rows = self._table(table)
        with self._store.batch():
            found = rows.get(Query().id == document["id"])
            if found is None:
                rows.insert(document)
            else:
                rows.update(_replace_all(document), doc_ids=[found.doc_id])

    def remove_record(self, table: str, record_id: str) -> bool:
        """Remove the record with this id; whether there was one."""
        _require_record_table(table)
        return bool(self._table(table).remove(Query().id == record_id))

    # ---- where an entry was left -----------------------------------------------------------

    def place(self, entry_id: str) -> str | None:
        """The method step the entry was left at, if any."""
        found = self._table(PLACES).get(Query().entry_id == entry_id)
        return str(found["step"]) if found else None

    def set_place(self, entry_id: str, step: str | None) -> None:
        """Remember (or, with None, forget) the step; writes only when it changes."""
        if self.place(entry_id) == step:
            return
        table = self._table(PLACES)
        if step is None:
            table.remove(Query().entry_id == entry_id)
        else:
            table.upsert({"entry_id": entry_id, "step": step}, Query().entry_id == entry_id)

    # ---- saved on the way out --------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Changes inside are written in one save when the block ends."""
        with self._store.batch():
            yield

    def note_recovered(self, entry_ids: list[str], reason: str) -> None:
        """Remember that these entries were saved because the app was ended (``reason``:
        ``signal`` or ``error``), so the next start can say what it kept."""
        stamp = now_utc().isoformat()
        self._table(RECOVERED).insert_multiple(
            {"entry_id": i, "reason": reason, "saved": stamp} for i in entry_ids
        )

    def take_recovered(self) -> list[dict[str, str]]:
        """What :meth:`note_recovered` remembered, forgotten once read (saved at once)."""
        table = self._table(RECOVERED)
        found = [dict(doc) for doc in table.all()]
        if found:
            table.truncate()
        return found

    # ---- keys -----------------------------------------------------------------------------

    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> Cleaned:
        """Re-wrap the data key under a new passphrase; the entries are not re-encrypted
        with another key, only sealed again as on any save (backups too)."""
        return self.install_slots(self.passphrase_slot(new_passphrase, kdf))

    def new_recovery_code(self, kdf: KdfParams | None = None) -> str:
        """Replace the recovery slot; the old code stops working. (A command that must show
        the code first uses :meth:`recovery_slot` and :meth:`install_slots`.)"""
        code, slot = self.recovery_slot(kdf)
        self.install_slots(slot)
        return code

    def passphrase_slot(
        self,
        new_passphrase: str,
        kdf: KdfParams | None = None,
        data_key: bytes | None = None,
    ) -> fmt.KeySlot:
        """A key slot for ``new_passphrase``, not yet in the journal. ``data_key``: wrap a
        new data key (:meth:`new_data_key`) instead of the current one."""
        if not new_passphrase:
            raise UsageError(t("vault.empty_passphrase"))
        params = kdf or at_least(default_params(), self.kdf_params())
        return fmt.KeySlot.wrap(
            fmt.SLOT_PASSPHRASE, new_passphrase, data_key or self._data_key, params
        )

    def recovery_slot(
        self, kdf: KdfParams | None = None, data_key: bytes | None = None
    ) -> tuple[str, fmt.KeySlot]:
        """A new recovery code and its key slot, not yet in the journal: the code can be
        shown (and the showing can fail) while the old code still works."""
        code = new_recovery_code()
        slot = fmt.KeySlot.wrap(
            fmt.SLOT_RECOVERY, code, data_key or self._data_key, kdf or default_params()
        )
        return code, slot

    @staticmethod
    def new_data_key() -> bytes:
        return os.urandom(fmt.DATA_KEY_LENGTH)

    def kdf_params(self) -> KdfParams:
        """The key derivation settings of the passphrase slot (to raise them, not lower)."""
        return self._header.slots_of(fmt.SLOT_PASSPHRASE)[0].kdf

    def install_slots(self, *slots: fmt.KeySlot, data_key: bytes | None = None) -> Cleaned:
        """Put key slots in place, all in one save: each replaces the slot of its kind.
        With ``data_key`` (a re-key), the journal is encrypted under that new key and the
        slots given must wrap it, one of every kind.

        Then every backup is sealed again under the new slots (and key), so no copy opens
        with the old passphrase or the old key; a backup that cannot be opened is dropped.
        """
        if data_key is not None and {slot.kind for slot in slots} != set(fmt.SLOT_KINDS):
            raise ValueError("a new data key needs a new slot of every kind")
        if data_key is not None:
            self._read_all()  # the segments not read are sealed under the old key
        previous_header, previous_key = self._header, self._data_key
        header = previous_header
        for slot in slots:
            header = header.with_slot(slot)
        self._header = header
        if data_key is not None:
            self._data_key = data_key
        try:
            self.save()
        except SavedButNotFlushed:
            raise  # the new file is in place: the new slots (and key) are the journal's now
        except BaseException:
            self._header, self._data_key = previous_header, previous_key
            raise
        return self.clean_backups(always=True, open_key=previous_key)


# Each table that holds entries or refers to them, and the key naming the entry's id.
_ENTRY_REFERENCES = (
    (ENTRIES, "id"),
    (REVISIONS, "entry_id"),
    (PLACES, "entry_id"),
    (RECOVERED, "entry_id"),
)


def without_entries(tables: Tables, erased: set[str]) -> Tables:
    """``tables`` without the erased entries and whatever refers to them (a new dict when
    something was removed, so callers can tell by equality)."""
    if not erased:
        return tables
    changed = dict(tables)
    for name, key in _ENTRY_REFERENCES:
        rows = tables.get(name)
        if rows:
            kept = {doc_id: doc for doc_id, doc in rows.items() if str(doc.get(key)) not in erased}
            if len(kept) != len(rows):
                changed[name] = kept
    for name in RECORD_TABLES:
        rows = tables.get(name)
        if rows and any(erased.intersection(doc.get("entries") or ()) for doc in rows.values()):
            unlink = _unlinked(erased)
            cleaned = {doc_id: dict(doc) for doc_id, doc in rows.items()}
            for doc in cleaned.values():
                unlink(doc)
            changed[name] = cleaned
    if changed == tables:
        return tables
    known = {str(doc.get("entry_id")) for doc in tables.get(ERASED, {}).values()}
    return changed if erased <= known else _with_erased(changed, erased)


def _with_erased(tables: Tables, erased: set[str]) -> Tables:
    """Remember the erased ids in a cleaned copy too, so a restore of it knows them."""
    rows = dict(tables.get(ERASED, {}))
    known = {str(doc.get("entry_id")) for doc in rows.values()}
    next_id = max((int(k) for k in rows), default=0) + 1
    for entry_id in sorted(erased - known):
        rows[str(next_id)] = {"entry_id": entry_id}
        next_id += 1
    return {**tables, ERASED: rows}


def _unlinked(erased: set[str]) -> Callable[[MutableMapping[Any, Any]], None]:
    """A transform that takes the erased entries' ids out of a record's ``entries``."""

    def transform(doc: MutableMapping[Any, Any]) -> None:
        doc["entries"] = [i for i in doc.get("entries") or () if i not in erased]

    return transform


def _read_head(path: Path) -> fmt.ParsedFile:
    """The file's clear-text part and (format 2) its directory; format 1 is read whole."""
    require_journal_file(path)
    try:
        with path.open("rb") as handle:
            return segments.read_head(handle)
    except FileNotFoundError:
        raise missing_journal(path) from None
    except OSError as exc:
        raise SaveFailed(t("vault.cannot_read", path=path, reason=exc.strerror or exc)) from None


def _require_record_table(table: str) -> None:
    if table not in RECORD_TABLES:
        raise ValueError(f"not a record table: {table}")


def _created_at(doc: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(doc["created"])


def _doc_id_index(tables: Tables) -> dict[str, int]:
    """Entry id -> TinyDB doc id, so a lookup is not a scan of the whole journal."""
    return {str(doc["id"]): int(key) for key, doc in tables.get(ENTRIES, {}).items()}


def _ensure_storable(document: dict[str, Any]) -> None:
    """Refuse text that cannot be written as UTF-8 (lone surrogates) before it enters the
    tables: once in, it would make every later save of the whole journal fail."""
    try:
        encode_tables({"_": document})
    except UnstorableText:
        raise UsageError(t("vault.unstorable_text")) from None


def _same_content(a: Entry, b: Entry) -> bool:
    left, right = a.to_dict(), b.to_dict()
    for key in ("created", "updated"):
        left.pop(key), right.pop(key)
    return left == right


def _replace_all(new_doc: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    """A TinyDB update that replaces the whole document (keys removed stay removed)."""

    def transform(doc: MutableMapping[Any, Any]) -> None:
        doc.clear()
        doc.update(new_doc)

    return transform
