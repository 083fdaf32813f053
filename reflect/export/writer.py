"""Writing an export file: atomically, mode 0600, never a partial file.

Why: an export holds the professional's reasoning about a client in plaintext. It must be
readable only by its owner from the first byte (the temp file is created 0600, not chmod-ed
later), and a failure half-way (full disk, unwritable folder, interrupted process) must
leave either the old file or nothing — never a truncated one that looks complete.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from reflect.errors import ReflectError
from reflect.i18n import t


class ExportWriteFailed(ReflectError):
    """The export file could not be written; nothing was left behind."""


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (temp file in the same folder, fsync, rename); return the path."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportWriteFailed(t("export.error.is_directory", path=target))
    folder = target.parent if str(target.parent) else Path(".")
    temp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    fd = -1
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(temp, target)
    except BaseException as exc:  # interrupted too: never leave a temp file behind
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if not isinstance(exc, OSError):
            raise
        raise ExportWriteFailed(
            t("export.error.cannot_write", path=target, reason=exc.strerror or exc)
        ) from None
    _fsync_folder(folder)
    return target


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; not every platform can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
