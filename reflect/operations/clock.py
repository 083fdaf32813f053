"""Which calendar day it is for the user: the one place that decides it.

A follow-up date is a calendar date, and "due" means that date has come *where the user
lives*: at 2026-03-28T23:30Z an entry to follow up on 2026-03-29 is due in Amsterdam (it is
already the 29th there) and not yet in New York. Every "today" that decides whether
something is due (the ``due`` query token, ``reflect list``, ``reflect evaluate``, the app's
journal list) comes from :func:`local_today`.

The zone is, in this order: the one passed in; the ``time_zone`` setting (an IANA name,
:mod:`reflect.operations.settings`); the ``TZ`` environment variable when it names an IANA
zone; the system's local zone (``/etc/localtime``, through ``datetime.astimezone``). Zones
come from :mod:`zoneinfo`, with the ``tzdata`` package as the source where the system has
none, so daylight-saving changes are those of the zone's own rules.

The day an entry was *written* is a day in that same zone (the query's ``from:``/``to:``,
the retention period, the dates an export prints). A command or screen resolves the zone
once (:func:`user_zone`, with the ``time_zone`` of settings it already holds) and hands it
down as a ``zone`` argument (``tzinfo``; None: the system's zone); :func:`day_in` and
:func:`moment_in` place a moment in it. A ``zone`` left at :data:`USER_ZONE` is resolved
here when it is needed (:func:`resolve_zone`), which reads the settings file: once per call,
never once per entry, where the caller did not resolve it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo
from enum import Enum
from typing import Final
from zoneinfo import ZoneInfo

from reflect.operations.settings import load_settings
from reflect.operations.zones import find_zone, zone_named


class UserZone(Enum):
    """The type of :data:`USER_ZONE`."""

    USER = "user"


# "The user's zone, resolved when needed": the default of a ``zone`` parameter, so callers
# that resolved nothing still get the user's day (a resolved zone is a tzinfo, or None for
# the system's own zone).
USER_ZONE: Final = UserZone.USER
ZoneChoice = tzinfo | UserZone | None


def _configured_zone_name() -> str:
    """The ``time_zone`` setting; empty when not set (or set to a name that is no zone: the
    settings loader drops that value and says so)."""
    return load_settings().settings.time_zone


def _environment_zone() -> tzinfo | None:
    """``TZ`` when it names an IANA zone (``Europe/Amsterdam`` or ``:Europe/Amsterdam``).
    Read directly: Python only sees a changed ``TZ`` after ``time.tzset()``."""
    return find_zone(os.environ.get("TZ", "").removeprefix(":"))


def user_zone(zone: str | None = None) -> tzinfo | None:
    """The user's zone: ``zone`` when given (an empty string: skip the setting), else the
    setting, else ``TZ``; None means the system's local zone."""
    name = _configured_zone_name() if zone is None else zone
    if name.strip():
        return zone_named(name)
    return _environment_zone()


def resolve_zone(zone: ZoneChoice) -> tzinfo | None:
    """``zone`` itself, or for :data:`USER_ZONE` the user's zone (:func:`user_zone`)."""
    return user_zone() if isinstance(zone, UserZone) else zone


def moment_in(moment: datetime, zone: tzinfo | None) -> datetime:
    """``moment`` on the clock of ``zone`` (None: the system's zone); a naive moment is UTC,
    as every timestamp in the journal is."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone)  # astimezone(None): the system's local zone


def day_in(moment: datetime, zone: tzinfo | None) -> date:
    """The calendar day ``moment`` falls on in ``zone`` (None: the system's zone)."""
    return moment_in(moment, zone).date()


def today_in(zone: tzinfo | None, *, now: datetime | None = None) -> date:
    """Today in a resolved ``zone`` (``now``: the moment to judge, for tests; default now)."""
    return day_in(now or datetime.now(UTC), zone)


def local_date(moment: datetime, zone: str | None = None) -> date:
    """The calendar day ``moment`` falls on in the user's zone (a naive moment is UTC, as
    every timestamp in the journal is)."""
    return day_in(moment, user_zone(zone))


def local_today(zone: str | None = None, *, now: datetime | None = None) -> date:
    """Today in the user's zone (``now``: the moment to judge, for tests; default now)."""
    return today_in(user_zone(zone), now=now)


def system_zone_label() -> str:
    """What the computer's own zone is called, for a person choosing another: the IANA name
    in ``TZ`` when there is one, else the zone's abbreviation now (``CET``)."""
    found = _environment_zone()
    if isinstance(found, ZoneInfo):
        return found.key
    return datetime.now(UTC).astimezone().tzname() or ""
