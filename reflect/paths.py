"""Where reflect keeps its files: the journal, and the user's config folder.

Environment overrides come first so tests and scripts never touch a real user's data.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "reflect"
JOURNAL_FILENAME = "journal.reflect"


def default_journal_path() -> Path:
    """The journal in the platform's per-user data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / JOURNAL_FILENAME


def resolve_journal_path(cli_value: str | None) -> Path:
    """``--journal``, else ``REFLECT_JOURNAL``, else the platform data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("REFLECT_JOURNAL")
    if env:
        return Path(env).expanduser()
    return default_journal_path()


def config_dir() -> Path:
    """``REFLECT_CONFIG_DIR``, else the platform's per-user config folder."""
    env = os.environ.get("REFLECT_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def private_config_dir(*parts: str) -> Path:
    """The config folder (or a folder inside it), created if need be, readable by the owner
    only: it names the export folder and holds the user's catalogues, so like the journal's
    folder it is 0700 (a folder an older version made with the default mode is narrowed)."""
    folder = config_dir()
    for part in ("", *parts):
        folder = folder / part if part else folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # not ours to change (a shared mount): leave it
            os.chmod(folder, 0o700)
    return folder
