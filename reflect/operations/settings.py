"""The user's settings, one file for the command line and the app.

Language, theme, auto-lock time, the export defaults (template, format, folder) and the
default retention period (:mod:`reflect.operations.retention`), in a small JSON file in the
config folder. Settings are a convenience, never a reason to refuse to start: a missing file
gives the defaults, and a damaged one gives the defaults plus a notice, so the user learns
why their choices did not stick. The file is written like the journal (0600 temp file,
fsync, rename) in a folder only the user can read: the export folder can name a client's
case. ``REFLECT_CONFIG_DIR`` moves it (tests).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from reflect.i18n import LANGUAGES, detect_language
from reflect.operations.zones import find_zone
from reflect.paths import config_dir
from reflect.vault.storage import ensure_private_folder, fsync_folder, replace_file_atomically

SETTINGS_FILENAME = "settings.json"
DEFAULT_THEME = "textual-dark"
DEFAULT_AUTOLOCK_MINUTES = 10
MAX_AUTOLOCK_MINUTES = 24 * 60
# The default export is the one supervisors ask for, not the full record with its history.
DEFAULT_EXPORT_TEMPLATE = "werkverslag"
DEFAULT_EXPORT_FORMAT = "md"
EXPORT_FORMATS = ("md", "html", "pdf", "docx")  # reflect.export.FORMATS, without its import
MAX_RETENTION_MONTHS = 1200  # a hundred years: anything beyond is a typo


@dataclass(frozen=True)
class Settings:
    """What the user chose. ``autolock_minutes == 0`` switches auto-lock off."""

    language: str = "en"
    theme: str = DEFAULT_THEME
    autolock_minutes: int = DEFAULT_AUTOLOCK_MINUTES
    export_template: str = DEFAULT_EXPORT_TEMPLATE
    export_format: str = DEFAULT_EXPORT_FORMAT
    export_folder: str = ""  # empty: the default export folder (reflect.operations.exporting)
    # Entries without their own delete-after date are due this many months after they were
    # written; 0: no default period (reflect.operations.retention).
    retention_months: int = 0
    # The IANA zone whose calendar decides when a follow-up is due (reflect.operations.clock);
    # empty: the system's zone.
    time_zone: str = ""
    # The reflection log's registration period (reflect.operations.meetings): its first day
    # (YYYY-MM-DD) and the minimum points per five-year period the register asks, as
    # decimal text; empty: not entered (never a built-in number).
    registration_start: str = ""
    registration_minimum: str = ""


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


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _minutes(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return value if ok and 0 <= value <= MAX_AUTOLOCK_MINUTES else None


def _retention(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return value if ok and 0 <= value <= MAX_RETENTION_MONTHS else None


def _zone(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    name = value.strip()
    return name if not name or find_zone(name) is not None else None  # "": the system's


# Each setting and what makes a stored value usable (None: not usable, the default stays).
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "language": lambda v: v if v in LANGUAGES else None,
    "theme": _text,
    "autolock_minutes": _minutes,
    "export_template": _text,
    "export_format": lambda v: v if v in EXPORT_FORMATS else None,
    "export_folder": lambda v: v.strip() if isinstance(v, str) else None,
    "retention_months": _retention,
    "time_zone": _zone,
    "registration_start": lambda v: v.strip() if isinstance(v, str) else None,
    "registration_minimum": lambda v: v.strip() if isinstance(v, str) else None,
}


def _from_dict(data: dict[str, Any], base: Settings, target: Path) -> LoadedSettings:
    problems: list[str] = []
    values: dict[str, Any] = {}
    for name, check in _CHECKS.items():
        if name not in data:
            continue
        usable = check(data[name])
        if usable is None:
            problems.append(f"{name}={data[name]!r}")
        else:
            values[name] = usable
    problem = f"{target}: {', '.join(problems)}" if problems else None
    return LoadedSettings(replace(base, **values), problem, language_chosen="language" in values)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, 0600 in a 0700 folder (raises OSError on failure)."""
    _write(asdict(settings), path or settings_path())


def _write(data: dict[str, Any], target: Path) -> None:
    ensure_private_folder(target.parent)
    with contextlib.suppress(OSError):  # a folder made earlier with the default 0755
        os.chmod(target.parent, 0o700)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    replace_file_atomically(target, text.encode("utf-8"))
    # In place and complete; only its survival across a power cut is unconfirmed.
    with contextlib.suppress(OSError):
        fsync_folder(target.parent)


def with_export_choices(
    settings: Settings, template: str, fmt: str, folder: str | None = None
) -> Settings:
    """``settings`` with an export's template, format and (unless None) folder as defaults."""
    return replace(
        settings,
        export_template=template,
        export_format=fmt,
        export_folder=settings.export_folder if folder is None else folder,
    )


def save_export_choices(
    template: str, fmt: str, folder: str | None = None, path: Path | None = None
) -> None:
    """Remember an export's choices in the settings file, changing nothing else in it.

    Read afresh and merged, not written from a copy in memory, so a ``--lang`` given for
    one run or a language never chosen is not made the saved language. A file that could
    not be used as it was is left for the user to see and fix (the app says why at start).
    Raises OSError when the file cannot be written.
    """
    target = path or settings_path()
    loaded = load_settings(target)
    if loaded.problem is not None:
        return
    new = with_export_choices(loaded.settings, template, fmt, folder)
    if new == loaded.settings and target.exists():
        return
    data = asdict(new)
    if not loaded.language_chosen:
        del data["language"]  # still follows REFLECT_LANG or the system locale
    _write(data, target)


def save_registration(start: str, minimum: str, path: Path | None = None) -> None:
    """Remember the reflection log's registration period, changing nothing else in the file
    (read afresh and merged, as :func:`save_export_choices` does). Raises OSError when the
    file cannot be written, and ValueError when the file as it is could not be used: it is
    left for the user to fix rather than overwritten."""
    target = path or settings_path()
    loaded = load_settings(target)
    if loaded.problem is not None:
        raise ValueError(loaded.problem)
    data = asdict(replace(loaded.settings, registration_start=start, registration_minimum=minimum))
    if not loaded.language_chosen:
        del data["language"]
    _write(data, target)


def cli_language(explicit: str | None) -> str:
    """The language of one command-line run: ``--lang``, else ``REFLECT_LANG``, else the
    language chosen in the app (the settings file), else the system locale."""
    if explicit in LANGUAGES:
        return explicit
    if os.environ.get("REFLECT_LANG", "").strip().lower() in LANGUAGES:
        return detect_language()
    loaded = load_settings()
    return loaded.settings.language if loaded.language_chosen else detect_language()
