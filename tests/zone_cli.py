"""Set-up shared by the tests of the user's time zone on the command line: the machine's
own zone is UTC (so only the ``time_zone`` setting can move a day), and a journal made by
``reflect init``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reflect.cli import main
from reflect.operations import clock

PASS = "fictief wachtwoord"


# Imported by name into the test modules that use them; the fixtures' own names are those
# the tests ask for.
@pytest.fixture(name="machine_on_utc")
def machine_on_utc_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's own zone is UTC: only the setting can move the day."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(name="journal")
def journal_fixture(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new journal for the command line; returns its path."""
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    assert main(["init"]) == 0
    capsys.readouterr()
    return Path(os.environ["REFLECT_JOURNAL"])


def at(moment: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make "now" ``moment`` for everything that asks the clock (the command line too)."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return moment.astimezone(tz)

    monkeypatch.setattr(clock, "datetime", Frozen)
