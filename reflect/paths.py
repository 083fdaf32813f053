"""Where reflect keeps its files: the journal, and the user's config folder.

Environment overrides come first so tests and scripts never touch a real user's data.
"""

from __future__ import annotations

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
