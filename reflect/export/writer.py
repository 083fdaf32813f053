"""Writing an export file: atomically, mode 0600, never a partial file.

Why: an export holds the professional's reasoning about a client in plaintext. It must be
readable only by its owner from the first byte (the temp file is created 0600, not chmod-ed
later), and a failure half-way (full disk, unwritable folder, interrupted process) must
leave either the old file or nothing — never a truncated one that looks complete.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.vault.storage import fsync_folder, replace_file_atomically


class ExportWriteFailed(ReflectError):
    """The export file could not be written; nothing was left behind."""


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (temp file in the same folder, fsync, rename); return the path."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportWriteFailed(t("export.error.is_directory", path=target))
    try:
        replace_file_atomically(target, data)
    except OSError as exc:
        raise ExportWriteFailed(
            t("export.error.cannot_write", path=target, reason=exc.strerror or exc)
        ) from None
    # The export is complete and in place; a folder that cannot be fsynced (some platforms
    # and file systems) only leaves its survival across a power cut unconfirmed.
    with contextlib.suppress(OSError):
        fsync_folder(target.parent)
    return target
