"""Reading the journal's records (meetings, learning goals) into their classes.

A record this reflect cannot read (written by a newer version in another shape, or damaged
by hand) is left out of what is shown, and stays stored untouched: one odd record must not
stop the reflection log, the goals, ``show`` or the entry screen with an internal error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

# What a malformed record raises while it is read (a missing key, a date that is no date,
# hours that are no number: decimal's InvalidOperation is an ArithmeticError).
_UNREADABLE = (KeyError, ValueError, TypeError, ArithmeticError)


def readable(records: Iterable[dict[str, Any]], read: Callable[[dict[str, Any]], T]) -> list[T]:
    """``read`` of every record that can be read, in order."""
    found: list[T] = []
    for record in records:
        try:
            found.append(read(record))
        except _UNREADABLE:
            continue
    return found
