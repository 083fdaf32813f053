"""Time zones by their IANA name (``Europe/Amsterdam``): looked up with :mod:`zoneinfo`.

Apart from :mod:`reflect.operations.clock` because the settings check a configured name with
it too, and the clock reads the settings: both stand on this module, neither on the other.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reflect.errors import UsageError
from reflect.i18n import t


def find_zone(name: str) -> ZoneInfo | None:
    """The IANA zone called ``name`` (``Europe/Amsterdam``), or None when there is none."""
    name = name.strip()
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown, or not a zone's name
        return None


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; an unknown name is one clear message (a UsageError)."""
    found = find_zone(name)
    if found is None:
        raise UsageError(t("evaluation.error.unknown_zone", name=name))
    return found
