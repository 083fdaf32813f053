"""Exports as both front ends make them: what to read, and where a file may be written.

The policy, the same on the command line and in the app:

- never inside the journal's folder: a sync tool that carries the encrypted journal along
  would carry the plaintext export with it;
- an existing file is replaced only when asked (``--overwrite``; a question in the app);
- a bare file name goes to the export folder (the settings' choice, else
  ``<Documents>/reflect-exports``, made readable by the owner only), never the current or
  home folder by accident;
- the template, format and folder of an export that was made become the next export's
  defaults (:func:`remember_export`), in the app and on the command line alike.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import platformdirs

from reflect.errors import UsageError
from reflect.export import SUFFIXES, PreparedExport, write_export
from reflect.export.writer import ExportWriteFailed
from reflect.i18n import t
from reflect.model import Entry, Revision
from reflect.operations.goals import list_goals
from reflect.operations.query import Query, find_entries, row_of_entry
from reflect.operations.settings import Settings, save_export_choices, with_export_choices
from reflect.privacy.check import Finding
from reflect.sanitize import visible
from reflect.vault.journal import Journal

EXPORT_FOLDER_NAME = "reflect-exports"


class TargetExists(UsageError):
    """The export file exists and replacing it was not asked for."""


@dataclass(frozen=True)
class Material:
    """What an export reads from the journal: the entries (oldest first), the alias table,
    and revisions when the template shows them."""

    entries: list[Entry]
    aliases: dict[str, str]
    revisions: dict[str, list[Revision]]
    period: tuple[date | None, date | None] = (None, None)
    goals: list[tuple[str, tuple[str, ...]]] | None = None  # learning goals, when grouped by them


def read_material(
    journal: Journal, ids: Sequence[str], query: Query, *, with_revisions: bool
) -> Material:
    """Named entries (by id or unique prefix, as given, filtered by ``query``), or every
    entry the query selects; oldest first. Runs where the journal is open (the app's gate)."""
    if ids:
        chosen: list[Entry] = []
        for wanted in ids:
            entry = journal.get(wanted)  # a full id or a unique prefix
            if entry.id not in {e.id for e in chosen} and query.matches(row_of_entry(entry)):
                chosen.append(entry)
        entries = chosen
    else:
        entries = sorted(find_entries(journal, query), key=lambda e: e.created)
    revisions = {e.id: journal.revisions(e.id) for e in entries} if with_revisions else {}
    return Material(entries, dict(journal.aliases()), revisions, (query.start, query.end))


def with_goals(journal: Journal, material: Material) -> Material:
    """``material`` with the learning goals, to group a supervision export by
    (``--by-goal``; reflect.export.goal_groups)."""
    return replace(material, goals=[(g.text, g.entries) for g in list_goals(journal)])


def finding_lines(findings: Sequence[Finding], lang: str) -> list[str]:
    """One line per finding — kind, the text in its context, where — as the CLI prints and
    the app lists them when an export is refused. The context is the user's own text, which
    can hold escape sequences and bidi overrides: it goes through the core sanitiser here,
    at the one place both front ends take it from, so a finding is shown and never obeyed."""
    return [visible(finding.describe(lang), keep_newlines=False) for finding in findings]


def default_export_folder() -> Path:
    return Path(platformdirs.user_documents_dir()) / EXPORT_FOLDER_NAME


def export_folder(chosen: str) -> Path:
    """The folder a bare file name goes to: the settings' choice, else the default."""
    return Path(chosen).expanduser() if chosen.strip() else default_export_folder()


def default_file_name(template: str, fmt: str, today: date) -> str:
    return f"reflect-{template}-{today.isoformat()}{SUFFIXES[fmt]}"


def resolve_target(text: str, folder: Path) -> Path | None:
    """The file a typed path names: ``~`` expanded; a relative path taken in ``folder``."""
    text = text.strip()
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else folder / path


def check_target(
    target: Path, journal_path: Path | None, *, overwrite: bool, default_folder: Path | None
) -> None:
    """Refuse a target the policy does not allow (see the module's docstring). The default
    export folder is created (0700) when it is the target's folder; any other missing
    folder is refused, since a typo should not create folders."""
    resolved = target.expanduser().resolve()
    if journal_path is not None:
        folder = journal_path.expanduser().resolve().parent
        if resolved == folder or folder in resolved.parents:
            raise UsageError(t("ops.export.inside_journal", folder=folder))
    if resolved.is_dir():
        raise ExportWriteFailed(t("export.error.is_directory", path=target))
    parent = resolved.parent
    if default_folder is not None and parent == default_folder.expanduser().resolve():
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not parent.is_dir():
        raise ExportWriteFailed(
            t(
                "export.error.cannot_write",
                path=target,
                reason=t("ops.export.no_folder", folder=parent),
            )
        )
    if resolved.exists() and not overwrite:
        raise TargetExists(t("ops.export.exists", path=target))
    if not os.access(parent, os.W_OK):
        raise ExportWriteFailed(
            t("export.error.cannot_write", path=target, reason=t("ops.export.not_writable"))
        )


def write_checked(
    prepared: PreparedExport,
    fmt: str,
    target: Path,
    journal_path: Path | None,
    *,
    overwrite: bool,
    force: bool,
    default_folder: Path | None = None,
) -> Path:
    """Check the target against the policy, then write (atomic, 0600). Raises
    IdentifiersFound while identifiers remain and ``force`` is not set."""
    check_target(target, journal_path, overwrite=overwrite, default_folder=default_folder)
    return write_export(prepared, fmt, target, force=force)


def folder_setting(written: Path) -> str:
    """The export-folder setting that sends the next bare file name where ``written`` went:
    empty for the default folder, so the setting keeps following it."""
    parent = written.expanduser().resolve().parent
    return "" if parent == default_export_folder().expanduser().resolve() else str(parent)


def remember_export(settings: Settings, template: str, fmt: str, written: Path | None) -> Settings:
    """Make an export's template, format and — when a file was ``written`` — its folder the
    defaults of the next export; return ``settings`` with them. Saved in the settings file
    for the app and the command line alike. The export itself is done: a settings file
    that cannot be written only means the choice is not remembered."""
    folder = folder_setting(written) if written is not None else None
    with contextlib.suppress(OSError):  # settings are a convenience, never a failure
        save_export_choices(template, fmt, folder)
    return with_export_choices(settings, template, fmt, folder)
