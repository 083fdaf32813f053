"""Saving and deleting entries: the rules both the command line and the app follow."""

from __future__ import annotations

from dataclasses import dataclass

from reflect.model import Entry
from reflect.vault.journal import Journal


def save_entry(
    journal: Journal,
    entry: Entry,
    *,
    is_new: bool,
    keep_revision: bool = True,
    place: str | None = None,
) -> Entry:
    """Add or update ``entry`` and make sure it reached the disk; safe to call again.

    After a failed save the change is already in the journal's memory, so a retry writes the
    whole journal again; an entry the journal holds already is updated, never added twice (a
    save interrupted before its caller heard back). ``keep_revision`` keeps the replaced
    version (False for later saves of one editing session); ``place`` is the method step
    the user is at, to resume there. Returns the entry as stored.
    """
    with journal.batch():
        stored = _store(journal, Unsaved(entry, is_new, keep_revision, place))
    if journal.unsaved:
        journal.save()
    return stored


def _store(journal: Journal, draft: Unsaved) -> Entry:
    """Add or update one entry and remember its step; the caller's batch saves."""
    if draft.is_new and not journal.has(draft.entry.id):
        stored = journal.add(draft.entry)
    else:
        stored = journal.update(draft.entry, keep_revision=draft.keep_revision)
    journal.set_place(draft.entry.id, draft.place)
    return stored


@dataclass(frozen=True)
class Unsaved:
    """An open entry with changes not yet on disk, as the app hands it over on exit."""

    entry: Entry
    is_new: bool
    keep_revision: bool
    place: str | None


def save_on_exit(journal: Journal, drafts: list[Unsaved], reason: str) -> list[str]:
    """Save every open entry in one write as the app is ended (``reason``: ``signal`` or
    ``error``), and note them so the next start can say what was kept. Returns their ids."""
    kept = [d for d in drafts if not (d.is_new and not has_content(d.entry))]
    with journal.batch():
        for draft in kept:
            _store(journal, draft)
        if kept:
            journal.note_recovered([d.entry.id for d in kept], reason)
    if journal.unsaved:
        journal.save()
    return [d.entry.id for d in kept]


def entry_to_edit(journal: Journal, entry_id: str) -> tuple[Entry, str | None]:
    """An entry and the method step it was left at, to open it where work stopped."""
    entry = journal.get(entry_id)
    return entry, journal.place(entry.id)


def has_content(entry: Entry) -> bool:
    """Whether a new entry holds anything worth saving (an untouched form is not saved)."""
    return bool(entry.searchable_text().strip() or entry.follow_up or entry.method)
