"""The user's settings: language, theme and auto-lock time, in a small JSON file.

Settings are a convenience, never a reason to refuse to start: a missing file gives the
defaults, and a damaged one gives the defaults plus a notice the app shows, so the user
learns why their choices did not stick. ``REFLECT_CONFIG_DIR`` moves the file (tests).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from reflect.i18n import LANGUAGES, detect_language
from reflect.paths import config_dir

SETTINGS_FILENAME = "settings.json"
DEFAULT_THEME = "textual-dark"
DEFAULT_AUTOLOCK_MINUTES = 10
MAX_AUTOLOCK_MINUTES = 24 * 60


@dataclass(frozen=True)
class Settings:
    """What the user chose. ``autolock_minutes == 0`` switches auto-lock off."""

    language: str = "en"
    theme: str = DEFAULT_THEME
    autolock_minutes: int = DEFAULT_AUTOLOCK_MINUTES


@dataclass(frozen=True)
class LoadedSettings:
    """Settings plus, when the file could not be used as it was, the reason why."""

    settings: Settings
    problem: str | None = None
    language_chosen: bool = False  # the file names a language (it wins over the locale)


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILENAME


def defaults() -> Settings:
    """Defaults follow the environment: ``REFLECT_LANG`` or the system locale."""
    return Settings(language=detect_language())


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings; any flaw yields the defaults for the bad values and a problem."""
    target = path or settings_path()
    base = defaults()
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(base)
    except OSError as exc:
        return LoadedSettings(base, f"{target}: {exc.strerror or exc}")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        return LoadedSettings(base, f"{target}: {exc}")
    if not isinstance(data, dict):
        return LoadedSettings(base, f"{target}: not a JSON object")
    return _from_dict(data, base, target)


def _from_dict(data: dict[str, Any], base: Settings, target: Path) -> LoadedSettings:
    problems: list[str] = []
    settings = base
    language = data.get("language", base.language)
    if language in LANGUAGES:
        settings = replace(settings, language=language)
    else:
        problems.append(f"language={language!r}")
    theme = data.get("theme", base.theme)
    if isinstance(theme, str) and theme.strip():
        settings = replace(settings, theme=theme.strip())
    else:
        problems.append(f"theme={theme!r}")
    minutes = data.get("autolock_minutes", base.autolock_minutes)
    if (
        isinstance(minutes, int)
        and not isinstance(minutes, bool)
        and 0 <= minutes <= MAX_AUTOLOCK_MINUTES
    ):
        settings = replace(settings, autolock_minutes=minutes)
    else:
        problems.append(f"autolock_minutes={minutes!r}")
    problem = f"{target}: {', '.join(problems)}" if problems else None
    return LoadedSettings(
        settings, problem, language_chosen="language" in data and language in LANGUAGES
    )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings (atomically: a crash leaves the old file or the new one)."""
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_text(json.dumps(asdict(settings), indent=2) + "\n", encoding="utf-8")
    os.replace(temp, target)
