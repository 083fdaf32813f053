"""Message catalogs for the user interface, in Dutch and English.

Catalogs live in ``reflect/locale/<lang>/<area>.yaml`` as flat ``key: text`` maps; every key
is prefixed by its area (``cli.``, ``tui.``, ``export.``...) so areas never collide. A key
missing in the chosen language falls back to English, then to the key itself, so a gap shows
up as a visible key rather than a crash.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("nl", "en")
_LOCALE_DIR = Path(__file__).parent / "locale"
_current = "en"


def detect_language() -> str:
    """``REFLECT_LANG``, else the system locale when it is Dutch, else English."""
    env = os.environ.get("REFLECT_LANG", "").strip().lower()
    if env in LANGUAGES:
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    system = locale.getlocale()[0] or ""
    return "nl" if system.lower().startswith("nl") else "en"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    _current = lang


def current_language() -> str:
    return _current


@cache
def _catalog(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    folder = _LOCALE_DIR / lang
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        messages.update({str(k): str(v) for k, v in data.items()})
    return messages


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The message for ``key`` in the current (or given) language, formatted with ``values``."""
    chosen = lang or _current
    text = _catalog(chosen).get(key) or _catalog("en").get(key) or key
    return text.format(**values) if values else text
