"""Message catalogs for the user interface, in Dutch and English.

Catalogs live in ``reflect/locale/<lang>/<area>.yaml`` as flat ``key: text`` maps; every key
is prefixed by its area (``cli.``, ``tui.``, ``export.``, ``vault.``...) so areas never
collide. A key missing in the chosen language falls back to English, then to the key itself,
so a gap shows up as a visible key rather than a crash.

A message whose noun depends on a number is a mapping of plural forms instead of a string::

    privacy.redacted:
      one: "{count} identifier replaced by a pseudonym."
      other: "{count} identifiers replaced by pseudonyms."

``t(key, count=n)`` picks ``one`` when n is 1 and ``other`` otherwise: Dutch and English
share that rule, so no plural library is needed.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from pathlib import Path

LANGUAGES = ("nl", "en")
PLURAL_FORMS = ("one", "other")
_LOCALE_DIR = Path(__file__).parent / "locale"
_current = "en"

# A catalog value: plain text, or plural forms ("one"/"other") of one message.
Message = str | dict[str, str]


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
def _catalog(lang: str) -> dict[str, Message]:
    # Imported here: `reflect --version` and the like never need YAML at all.
    import yaml

    # libyaml's loader (when PyYAML was built with it) parses the catalogs in a tenth of the
    # time of the pure-Python one: that parse was most of the CLI's start-up.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    messages: dict[str, Message] = {}
    folder = _LOCALE_DIR / lang
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        for key, value in data.items():
            if isinstance(value, dict):
                messages[str(key)] = {str(form): str(text) for form, text in value.items()}
            else:
                messages[str(key)] = str(value)
    return messages


class _Values(dict[str, object]):
    """Format values in which a placeholder nobody passed stays visible as ``{name}``: like a
    missing key, a slip in a call shows up in the text instead of crashing the screen."""

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def plural_form(count: object) -> str:
    """``one`` for exactly 1, else ``other`` (also when no number was given at all)."""
    return "one" if count == 1 else "other"


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The message for ``key`` in the current (or given) language, formatted with ``values``.

    For a plural entry the form follows ``values["count"]``.
    """
    chosen = lang or _current
    message = _catalog(chosen).get(key) or _catalog("en").get(key) or key
    if isinstance(message, dict):
        # A form missing from a hand-edited catalog degrades to "other", never to a crash.
        message = message.get(plural_form(values.get("count"))) or message.get("other") or key
    return message.format_map(_Values(values)) if values else message
