"""A journal in a folder that a sync tool (Nextcloud, OneDrive, Dropbox, Syncthing) keeps.

When two devices save the journal before they have heard from each other, the sync tool
keeps one file under the journal's name and renames the other: a *conflict copy* beside it.
And a sync tool can put an older journal in place while the backups beside it are newer: a
*stale* journal. Both are found here without a key, and merged in entry by entry:

* an entry only one side has is kept; an entry both sides changed keeps this journal's
  version current and gets the other side's version as an earlier version (a revision), so
  no edit is lost; earlier versions are the union of both sides';
* an entry destroyed on purpose on either side (the ``erased`` table) stays destroyed on
  both: a merge never brings it back, and the erased lists are joined;
* the alias tables are joined (on a clash this journal's pseudonym stays).

:func:`merge_tables` is pure (decoded tables in, merged tables and a report out); the rest
reads a copy, saves the merge and keeps the copy as the newest backup, sealed under this
journal's key slots (a copy made before a passphrase change must not go on opening with the
old passphrase). Only ciphertext is written; no Textual here.
"""

from __future__ import annotations

import copy
import json
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.errors import (
    JournalDamaged,
    JournalNotFound,
    SaveFailed,
    UsageError,
    WrongPassphrase,
)
from reflect.i18n import t
from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.backups import keep_as_backup
from reflect.vault.files import open_tables
from reflect.vault.journal import (
    ALIASES,
    ENTRIES,
    ERASED,
    PLACES,
    RECORD_TABLES,
    RECOVERED,
    REVISIONS,
    Journal,
    without_entries,
)
from reflect.vault.storage import (
    backup_path,
    existing_backups,
    read_journal_file,
)
from reflect.vault.tinystore import Tables

# ---- finding conflict copies and a stale journal -----------------------------------------

# The fixed start of every journal file (docs/FORMAT.md): magic, major, minor, header length;
# then the header, its SHA-256, and the ciphertext (at least its 16-byte tag).
_PREFIX = struct.Struct(">8sHHI")
_MAX_HEADER_LENGTH = 64 * 1024
_CHECKSUM_AND_TAG = 32 + 16


def _name_parts(journal_path: Path) -> tuple[str, str]:
    """The journal's name before its extension, and the extension with its dot. Sync tools
    put their mark before the last dot (``journal (conflicted copy …).reflect``); a name
    without one (or a hidden ``.name``) gets the mark at the end."""
    name = journal_path.name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return name, ""
    return stem, "." + ext


def _patterns(journal_path: Path) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(named schemes, OneDrive's computer-name scheme) for this journal's name."""
    stem, ext = (re.escape(part) for part in _name_parts(journal_path))
    named = "|".join(
        (
            # Nextcloud / ownCloud: "journal (conflicted copy 2026-01-02 101112).reflect",
            # with the user's name after "copy" on newer clients; Dropbox: "journal (Jan's
            # conflicted copy 2026-01-02).reflect", a second one on a day ending " (1))".
            # The tools translate the words, so any "conflict…" in the brackets counts.
            r" \([^()]*(?i:conflict)[^()]*(?:\(\d+\)[^()]*)?\)",
            # ownCloud before 2.5: "journal_conflict-20260102-101112.reflect".
            r"_conflict-\d{8}-\d{6}",
            # Syncthing: "journal.sync-conflict-20260102-101112-ABCDEFG.reflect" (the last
            # part, the device that made the change, is missing in older versions).
            r"\.sync-conflict-\d{8}-\d{6}(?:-[0-9A-Z]{7})?",
        )
    )
    onedrive = r"-[A-Za-z0-9][A-Za-z0-9_-]{0,62}"  # "journal-DESKTOP-AB12CD.reflect"
    return (
        re.compile(rf"{stem}(?:{named}){ext}"),
        re.compile(rf"{stem}{onedrive}{ext}"),
    )


def _starts_like_a_journal(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(fmt.MAGIC)) == fmt.MAGIC
    except OSError:
        return False


def conflict_copies(journal_path: Path) -> list[Path]:
    """Conflict copies of the journal that sync tools left beside it, sorted by name.

    The named schemes (Nextcloud, Dropbox, Syncthing) count whatever the file holds, so a
    damaged copy is still noticed. OneDrive only appends the computer's name
    (``journal-LAPTOP.reflect``), which a user's own second journal could share: such a
    name counts only when the file starts like a journal.
    """
    named, onedrive = _patterns(journal_path)
    try:
        candidates = sorted(journal_path.parent.iterdir())
    except OSError:
        return []
    found = []
    for path in candidates:
        if path.name == journal_path.name or not path.is_file():
            continue
        if named.fullmatch(path.name) or (
            onedrive.fullmatch(path.name) and _starts_like_a_journal(path)
        ):
            found.append(path)
    return found


def read_header(path: Path) -> fmt.Header | None:
    """The clear-text header of a journal file, reading only its first bytes (a backup can
    be megabytes); None when the file is missing or its header is damaged."""
    try:
        with path.open("rb") as handle:
            prefix = handle.read(_PREFIX.size)
            if len(prefix) < _PREFIX.size:
                return None
            length = _PREFIX.unpack(prefix)[3]
            if length > _MAX_HEADER_LENGTH:
                return None
            rest = handle.read(length + _CHECKSUM_AND_TAG)
    except OSError:
        return None
    try:
        return fmt.parse_clear(prefix + rest)[0].header
    except JournalDamaged:
        return None


@dataclass(frozen=True)
class NewerBackup:
    """A backup saved later than the journal it sits beside."""

    path: Path
    generation: int
    journal_generation: int


def newer_backup(journal_path: Path) -> NewerBackup | None:
    """The backup with the highest save count, when that is higher than the journal's: the
    journal is older than its own backup (a sync tool put an older copy in place)."""
    journal = read_header(journal_path)
    if journal is None:
        return None
    newest: NewerBackup | None = None
    for path in existing_backups(journal_path):
        header = read_header(path)
        if header is None or header.generation <= journal.generation:
            continue
        if newest is None or header.generation > newest.generation:
            newest = NewerBackup(path, header.generation, journal.generation)
    return newest


def stale_journal(journal_path: Path) -> bool:
    """Whether the journal's save count is lower than that of its newest backup."""
    return newer_backup(journal_path) is not None


@dataclass(frozen=True)
class SyncState:
    """What a sync tool left that wants merging: conflict copies, a newer backup."""

    copies: list[Path]
    newer: NewerBackup | None

    @property
    def sources(self) -> list[Path]:
        """What ``reflect merge`` without a file merges: every conflict copy, and the newer
        backup when the journal is stale."""
        return [*self.copies, *([self.newer.path] if self.newer else [])]

    def __bool__(self) -> bool:
        return bool(self.sources)


def sync_state(journal_path: Path) -> SyncState:
    return SyncState(conflict_copies(journal_path), newer_backup(journal_path))


# ---- merging decoded tables -------------------------------------------------------------


@dataclass(frozen=True)
class MergeReport:
    """What merging the other side in does, in numbers (never titles: they are case data)."""

    added: int = 0  # entries only the other side had
    kept_as_revision: int = 0  # changed on both sides: the other side's version is a revision
    revisions_added: int = 0  # earlier versions only the other side had
    erased_honoured: int = 0  # destroyed on one side, present on the other: stays destroyed
    erased_learned: int = 0  # ids destroyed on the other side that this journal learns
    erased_here: int = 0  # entries this journal held that the other side destroyed
    aliases_added: int = 0
    alias_clashes: int = 0  # same name, another pseudonym: this journal's pseudonym stays
    places_added: int = 0
    records_added: int = 0  # meetings and learning goals only the other side had

    @property
    def changes(self) -> bool:
        return any(
            (
                self.added,
                self.kept_as_revision,
                self.revisions_added,
                self.erased_learned,
                self.erased_here,
                self.aliases_added,
                self.places_added,
                self.records_added,
            )
        )


def _rows(tables: Tables, name: str) -> Iterator[dict[str, Any]]:
    table = tables.get(name) or {}
    yield from table.values()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _content(entry: dict[str, Any]) -> str:
    """An entry's content, without the moments it was created and last saved: two saves of
    the same text are the same version."""
    return _canonical({k: v for k, v in entry.items() if k not in ("created", "updated")})


def _revision_key(doc: dict[str, Any]) -> tuple[str, str, str]:
    return str(doc["entry_id"]), str(doc["saved"]), _canonical(doc["entry"])


class _Table:
    """One TinyDB table being built: documents under string ids, new ones numbered on."""

    def __init__(self, rows: Iterable[dict[str, Any]] = ()) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        for row in rows:
            self.append(row)

    def append(self, row: dict[str, Any]) -> None:
        self.rows[str(len(self.rows) + 1)] = copy.deepcopy(row)


def merge_tables(ours: Tables, theirs: Tables) -> tuple[Tables, MergeReport]:
    """Merge ``theirs`` (a conflict copy, a newer backup) into ``ours`` (the journal); neither
    argument is changed. See the module's docstring for the rules."""
    ours_erased = {str(d["entry_id"]) for d in _rows(ours, ERASED)}
    theirs_erased = {str(d["entry_id"]) for d in _rows(theirs, ERASED)}
    erased = ours_erased | theirs_erased

    ours_entries = [d for d in _rows(ours, ENTRIES)]
    theirs_entries = [d for d in _rows(theirs, ENTRIES)]
    ours_by_id = {str(d["id"]): d for d in ours_entries}
    present = set(ours_by_id) | {str(d["id"]) for d in theirs_entries}
    erased_honoured = len(present & erased)
    erased_here = len(set(ours_by_id) & erased)

    entries = _Table(d for d in ours_entries if str(d["id"]) not in erased)
    added = 0
    their_versions: list[dict[str, Any]] = []  # their current version of entries we changed
    for doc in theirs_entries:
        entry_id = str(doc["id"])
        if entry_id in erased:
            continue
        mine = ours_by_id.get(entry_id)
        if mine is None:
            entries.append(doc)
            ours_by_id[entry_id] = doc  # a copy holding one id twice adds it once
            added += 1
        elif _content(mine) != _content(doc):
            their_versions.append(doc)

    revisions = _Table(d for d in _rows(ours, REVISIONS) if str(d["entry_id"]) not in erased)
    known = {_revision_key(d) for d in revisions.rows.values()}
    revisions_added = 0
    for doc in _rows(theirs, REVISIONS):
        key = _revision_key(doc)
        if key[0] in erased or key in known:
            continue
        revisions.append(doc)
        known.add(key)
        revisions_added += 1

    # Their version of an entry both sides changed becomes an earlier version of ours,
    # unless the history holds that text already (then ours was saved after it).
    versions = {(str(d["entry_id"]), _content(d["entry"])) for d in revisions.rows.values()}
    kept_as_revision = 0
    for doc in their_versions:
        entry_id = str(doc["id"])
        if (entry_id, _content(doc)) in versions:
            continue
        revisions.append({"entry_id": entry_id, "saved": doc["updated"], "entry": doc})
        versions.add((entry_id, _content(doc)))
        kept_as_revision += 1

    aliases = _Table(_rows(ours, ALIASES))
    pseudonyms = {str(d["real"]): str(d["pseudonym"]) for d in aliases.rows.values()}
    aliases_added = alias_clashes = 0
    for doc in _rows(theirs, ALIASES):
        real, pseudonym = str(doc["real"]), str(doc["pseudonym"])
        if real not in pseudonyms:
            aliases.append(doc)
            pseudonyms[real] = pseudonym
            aliases_added += 1
        elif pseudonyms[real] != pseudonym:
            alias_clashes += 1

    places = _Table(d for d in _rows(ours, PLACES) if str(d["entry_id"]) not in erased)
    placed = {str(d["entry_id"]) for d in places.rows.values()}
    places_added = 0
    for doc in _rows(theirs, PLACES):
        entry_id = str(doc["entry_id"])
        if entry_id not in erased and entry_id not in placed:
            places.append(doc)
            placed.add(entry_id)
            places_added += 1

    # What the other device saved as it was ended is told on that device: not here.
    recovered = _Table(d for d in _rows(ours, RECOVERED) if str(d["entry_id"]) not in erased)

    # Meetings and learning goals, by id: ours where both have one, with the entries either
    # side linked to it (a goal linked on the other device keeps those links); theirs added;
    # links to erased entries dropped. (A record removed on one side comes back from the
    # other: there are no tombstones for records, and keeping one too many is the safe side.)
    records: dict[str, _Table] = {}
    records_added = 0
    for name in RECORD_TABLES:
        merged_rows: dict[str, dict[str, Any]] = {}
        for doc in _rows(ours, name):
            merged_rows.setdefault(str(doc.get("id")), dict(doc))
        for doc in _rows(theirs, name):
            record_id = str(doc.get("id"))
            mine = merged_rows.get(record_id)
            if mine is None:
                merged_rows[record_id] = dict(doc)
                records_added += 1
            elif "entries" in mine or "entries" in doc:
                links = [*(mine.get("entries") or ()), *(doc.get("entries") or ())]
                mine["entries"] = list(dict.fromkeys(links))
        kept = _Table()
        for doc in merged_rows.values():
            if "entries" in doc:
                doc["entries"] = [i for i in doc["entries"] if i not in erased]
            kept.append(doc)
        records[name] = kept

    erased_rows = _Table(_rows(ours, ERASED))
    for entry_id in sorted(theirs_erased - ours_erased):
        erased_rows.append({"entry_id": entry_id})

    built = {
        ENTRIES: entries,
        REVISIONS: revisions,
        ALIASES: aliases,
        PLACES: places,
        RECOVERED: recovered,
        ERASED: erased_rows,
        **records,
    }
    merged: Tables = {}
    # Tables this reflect does not know (a newer version's) are kept: ours, else theirs.
    for name, table in [*theirs.items(), *ours.items()]:
        if name not in built:
            merged[name] = copy.deepcopy(table)
    for name, rows in built.items():
        if rows.rows or name in ours or name in theirs:
            merged[name] = rows.rows
    report = MergeReport(
        added=added,
        kept_as_revision=kept_as_revision,
        revisions_added=revisions_added,
        erased_honoured=erased_honoured,
        erased_learned=len(theirs_erased - ours_erased),
        erased_here=erased_here,
        aliases_added=aliases_added,
        alias_clashes=alias_clashes,
        places_added=places_added,
        records_added=records_added,
    )
    return merged, report


def check_tables(tables: Tables) -> None:
    """Refuse tables a merge could not read whole (a copy damaged inside its encryption, or
    written by something else): every entry and revision must be a readable entry."""
    try:
        for name in (ENTRIES, REVISIONS, ALIASES, PLACES, RECOVERED, ERASED):
            table = tables.get(name, {})
            if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
                raise ValueError(name)
        for doc in _rows(tables, ENTRIES):
            Entry.from_dict(doc)
        for doc in _rows(tables, REVISIONS):
            str(doc["entry_id"])
            datetime.fromisoformat(doc["saved"])
            Entry.from_dict(doc["entry"])
        for doc in _rows(tables, ALIASES):
            str(doc["real"]), str(doc["pseudonym"])
        for name in (PLACES, RECOVERED, ERASED):
            for doc in _rows(tables, name):
                str(doc["entry_id"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise JournalDamaged(t("sync.copy.unreadable")) from None


def describe_report(report: MergeReport) -> list[str]:
    """What merging one copy does, a sentence a line (numbers only, never content)."""
    counts = (
        ("sync.report.added", report.added),
        ("sync.report.kept_as_revision", report.kept_as_revision),
        ("sync.report.revisions_added", report.revisions_added),
        ("sync.report.erased_honoured", report.erased_honoured),
        ("sync.report.aliases_added", report.aliases_added),
        ("sync.report.alias_clashes", report.alias_clashes),
    )
    lines = [t(key, count=count) for key, count in counts if count]
    return lines or [t("sync.report.nothing")]


# ---- reading a copy, saving the merge ---------------------------------------------------


class CopyNeedsPassphrase(WrongPassphrase):
    """The copy is sealed with another data key (a re-keyed journal, or another journal):
    only its passphrase slot can open it."""


@dataclass
class Copy:
    """A conflict copy or a newer backup, read and decrypted (in memory only)."""

    path: Path
    tables: Tables
    generation: int
    same_key: bool  # sealed with this journal's data key (the same journal, for certain)
    # A conflict copy beside the journal moves into its backups once merged. One of the
    # journal's own backups stays where it is, and so does a file from another folder.
    moves: bool

    def __repr__(self) -> str:  # never the decrypted tables in a log or a traceback
        return f"Copy({self.path.name!r}, generation={self.generation})"


def _moves_into_backups(journal: Journal, path: Path) -> bool:
    here = path.resolve()
    if here.parent != journal.path.resolve().parent:
        return False
    return all(here != backup.resolve() for backup in existing_backups(journal.path))


def read_copy(journal: Journal, path: Path, passphrase: str | None = None) -> Copy:
    """Decrypt a copy: with this journal's data key first, else (given ``passphrase``) with
    its own passphrase slot. Raises one clear error naming the copy: not there or not a
    journal, damaged (exit 4), another passphrase (exit 3)."""
    name = path.name
    if path.resolve() == journal.path.resolve():
        raise UsageError(t("sync.copy.is_journal", name=name))
    try:
        blob = read_journal_file(path)
    except (JournalNotFound, SaveFailed):
        raise JournalNotFound(t("sync.copy.missing", name=name)) from None
    if not blob.startswith(fmt.MAGIC):
        raise JournalDamaged(t("sync.copy.not_a_journal", name=name))
    try:
        parsed = fmt.parse(blob)
    except JournalDamaged as exc:
        raise JournalDamaged(t("sync.copy.damaged", name=name, reason=exc)) from None
    same_key = True
    try:
        tables = journal.open_other(parsed)
    except JournalDamaged:
        # Another data key, or damage: only the copy's own key slot can tell which.
        if passphrase is None:
            raise CopyNeedsPassphrase(t("sync.copy.needs_passphrase", name=name)) from None
        try:
            key = fmt.unlock_data_key(parsed.header, passphrase, fmt.SLOT_PASSPHRASE)
        except WrongPassphrase:
            raise WrongPassphrase(t("sync.copy.wrong_passphrase", name=name)) from None
        same_key = journal.holds_key(key)
        if same_key:  # the key is right, so the contents are what fails
            raise JournalDamaged(t("sync.copy.damaged_contents", name=name)) from None
        try:
            tables = open_tables(parsed, key)
        except JournalDamaged:
            raise JournalDamaged(t("sync.copy.damaged_contents", name=name)) from None
    try:
        check_tables(tables)
    except JournalDamaged:
        raise JournalDamaged(t("sync.copy.damaged_contents", name=name)) from None
    moves = _moves_into_backups(journal, path)
    return Copy(path, tables, parsed.header.generation, same_key, moves)


def preview(journal: Journal, copies: list[Copy]) -> tuple[Tables, list[MergeReport]]:
    """The journal's tables with every copy merged in (in order), and what each one adds.
    Nothing is saved."""
    merged = journal.tables()
    reports = []
    for item in copies:
        merged, report = merge_tables(merged, item.tables)
        reports.append(report)
    return merged, reports


@dataclass
class MergeResult:
    reports: list[MergeReport]
    # Where each conflict copy merged in is now, in order (None: rotated out already).
    kept: list[Path | None] = field(default_factory=list)
    backups_cleaned: int = 0  # backups rewritten or dropped: they held erased entries


def merge_copies(journal: Journal, copies: list[Copy]) -> MergeResult:
    """Merge the copies into the journal in one save, then keep each conflict copy as the
    newest backup (its own contents, without erased entries, sealed under the journal's key
    slots and key). A backup merged in stays where it is, and so does a file from elsewhere.

    The journal's save count is raised above every copy's, so it is not "older than its
    newest backup" afterwards. When the save fails nothing is moved (the merge stays in
    memory, as any failed save does, and the copies stay where they were)."""
    erased_before = journal.erased()
    merged, reports = preview(journal, copies)
    journal.replace_tables(merged, generation_above=max((c.generation for c in copies), default=0))
    result = MergeResult(reports)
    erased = journal.erased()
    moved = 0
    for item in copies:
        if not item.moves:
            continue
        kept = without_entries(item.tables, erased)
        try:
            journal.write_sealed(item.path, kept, item.generation)
            keep_as_backup(journal.path, item.path)
        except OSError as exc:
            # The merge is saved; only tidying up failed. Merging the copy again adds nothing.
            reason = exc.strerror or str(exc)
            raise SaveFailed(t("sync.copy.not_kept", name=item.path.name, reason=reason)) from exc
        moved += 1
    # Each copy kept pushed the ones before it up by one (and past the last backup kept,
    # out): where each one is now, or None.
    for index in range(moved, 0, -1):
        path = backup_path(journal.path, index)
        result.kept.append(path if path.exists() else None)
    if erased - erased_before:
        # The other side destroyed entries this journal (and its backups) still held.
        cleaned = journal.clean_backups()
        result.backups_cleaned = cleaned.copies
    return result


def describe_copy(item: Copy, newer: NewerBackup | None) -> str:
    """One line naming a copy and what it is (``newer``: the journal's newer backup, if any).
    The name can hold a user's or a computer's name: show it through ``visible``."""
    name = item.path.name
    if newer is not None and newer.path.resolve() == item.path.resolve():
        return t(
            "sync.merge.backup",
            name=name,
            generation=item.generation,
            journal_generation=newer.journal_generation,
        )
    key = "sync.merge.copy" if item.moves else "sync.merge.file"
    return t(key, name=name, generation=item.generation)


@dataclass
class Offer:
    """What the app offers to merge after unlocking: the copies that open with the journal's
    key, what each adds, and those that cannot be merged there (with why)."""

    newer: NewerBackup | None
    copies: list[Copy]
    reports: list[MergeReport]
    refused: list[tuple[Path, str]]


def find_offer(journal: Journal) -> Offer | None:
    """Conflict copies and a newer backup of an open journal, read with its data key (the
    app has no passphrase at hand: a copy with another key is refused, pointing to
    ``reflect merge``). None when there is nothing to merge."""
    state = sync_state(journal.path)
    if not state:
        return None
    copies: list[Copy] = []
    refused: list[tuple[Path, str]] = []
    for path in state.sources:
        try:
            copies.append(read_copy(journal, path))
        except (JournalDamaged, JournalNotFound, WrongPassphrase, UsageError) as exc:
            refused.append((path, str(exc)))
    _, reports = preview(journal, copies)
    return Offer(state.newer, copies, reports, refused)
