"""The export screen's work off the UI thread, kept free of Textual: what to read from the
journal (in the gate), where to write, and a daemon-thread runner.

Daemon threads, because quitting while deduce loads must not wait minutes for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from reflect.errors import UsageError
from reflect.export import SUFFIXES, PreparedExport, Selection, select_entries, write_export
from reflect.i18n import t
from reflect.model import Entry, Revision
from reflect.vault.journal import Journal

T = TypeVar("T")


async def in_daemon_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` on a daemon thread and await its result.

    Unlike the default executor, a daemon thread does not hold up leaving the app. If the
    awaiting worker is cancelled, the thread finishes on its own and its result is dropped.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(result: Any, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        try:
            result: Any = fn(*args)
            error: BaseException | None = None
        except BaseException as exc:  # handed to the awaiting worker
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the app (and its loop) may be gone
            loop.call_soon_threadsafe(deliver, result, error)

    threading.Thread(target=run, name="reflect-export", daemon=True).start()
    return await future


# ---- the work off the UI thread ------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """What to export: named entries (oldest first), or a selection of all entries."""

    ids: tuple[str, ...] | None
    selection: Selection = field(default_factory=Selection)
    period: tuple[date | None, date | None] = (None, None)


@dataclass(frozen=True)
class Material:
    """What the gate read: the entries, the alias table, and revisions for ``full``."""

    entries: list[Entry]
    aliases: dict[str, str]
    revisions: dict[str, list[Revision]]
    with_revisions: bool
    period: tuple[date | None, date | None]


def read_material(journal: Journal, source: Source, with_revisions: bool) -> Material:
    """Runs in the gate."""
    if source.ids is not None:
        entries = sorted((journal.get(i) for i in source.ids), key=lambda e: e.created)
    else:
        entries = select_entries(journal.list_entries(), source.selection)
    revisions = {e.id: journal.revisions(e.id) for e in entries} if with_revisions else {}
    return Material(entries, dict(journal.aliases()), revisions, with_revisions, source.period)


def target_path(text: str) -> Path | None:
    """The file to write: ``~`` expanded, a relative name taken in the home folder."""
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else Path.home() / path


def write_file(
    prepared: PreparedExport, fmt: str, target: Path, journal_folder: Path | None, force: bool
) -> Path:
    """Runs on a worker thread: refuse the journal's folder, then write (atomic, 0600)."""
    if journal_folder is not None:
        folder = journal_folder.resolve()
        resolved = target.resolve()
        if resolved == folder or folder in resolved.parents:
            raise UsageError(t("tui.export.inside_journal", folder=folder))
    return write_export(prepared, fmt, target, force=force)


def default_path(template: str, fmt: str, today: date) -> str:
    return f"~/reflect-{template}-{today.isoformat()}{SUFFIXES[fmt]}"
