"""What the CLI prints for people: times on the user's clock, and no error when the reader
of its output goes away early.

The day an entry was written is a day in the user's zone (reflect.operations.clock), and so
is every date and time ``reflect list``, ``search`` and ``show`` print. Here the machine
runs on UTC while the ``time_zone`` setting names Auckland (as in
tests/test_written_day_zone.py): an entry written at 23:30 UTC on Saturday 28 March 2026
was written on Sunday the 29th there, at 12:30.

``reflect list | head -1`` closes the pipe after one line. Like any command-line tool,
reflect then stops quietly (the Python docs' "Note on SIGPIPE"), without
"reflect: error: Broken pipe" and without Python's "Exception ignored" at exit. Every entry
here is fictional.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from reflect.cli import main
from reflect.model import Entry, Revision, Status
from reflect.operations.settings import Settings, save_settings
from reflect.textout import entry_text
from reflect.vault.journal import Journal
from tests.zone_cli import PASS, journal_fixture, machine_on_utc_fixture  # noqa: F401

pytestmark = pytest.mark.usefixtures("machine_on_utc")
ZONE = "Pacific/Auckland"
WRITTEN = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # 12:30 on the 29th in Auckland
DAY, UTC_DAY = date(2026, 3, 29), date(2026, 3, 28)
CLOCK, UTC_CLOCK = "2026-03-29 12:30", "2026-03-28 23:30"


def add(journal: Path, entries: list[Entry]) -> list[str]:
    with Journal.open(journal, PASS) as opened:
        return [e.id for e in opened.add_many(entries)]  # add_many keeps the timestamps


def written_late() -> Entry:
    return Entry(
        title="Fictief: gesprek met de school",
        decision="Eerst met de ouders bellen",
        status=Status.DECIDED,
        created=WRITTEN,
        updated=WRITTEN,
    )


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


# ---- times on the user's clock -------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["search", "gesprek"]], ids=["list", "search"])
def test_a_listed_row_has_the_day_it_was_written_in_the_users_zone(
    journal: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    save_settings(Settings(time_zone=ZONE))
    (entry_id,) = add(journal, [written_late()])
    (row,) = printed(capsys, *command).splitlines()
    assert row.startswith(f"{entry_id}  {DAY.isoformat()}  "), row
    assert UTC_DAY.isoformat() not in row


def test_show_prints_created_and_updated_on_the_users_clock(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(Settings(time_zone=ZONE))
    (entry_id,) = add(journal, [written_late()])
    out = printed(capsys, "show", entry_id)
    header = out.splitlines()[1]  # status, created, updated
    assert f"Created: {CLOCK}" in header and f"Updated: {CLOCK}" in header, header
    assert UTC_CLOCK not in out


def test_without_a_zone_setting_the_machines_zone_is_used(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (entry_id,) = add(journal, [written_late()])
    assert f"{entry_id}  {UTC_DAY.isoformat()}  " in printed(capsys, "list")
    assert f"Created: {UTC_CLOCK}" in printed(capsys, "show", entry_id)


def test_the_revisions_of_an_entry_are_shown_on_the_same_clock() -> None:
    entry = written_late()
    earlier = Revision(entry.id, WRITTEN, Entry(id=entry.id, title="Eerder", created=WRITTEN))
    text = entry_text(entry, [earlier], zone=ZoneInfo(ZONE))
    assert text.count(CLOCK) == 3  # created, updated and when the revision was saved
    assert f"- {CLOCK}:00  Eerder" in text
    assert UTC_CLOCK not in text


# ---- a reader that goes away early -----------------------------------------------------------


def reflect_command(*argv: str) -> list[str]:
    """``python -m reflect.cli``: what the ``reflect`` console script runs, in a new process
    whose stdout is a real pipe (the in-process runner reads all of its output)."""
    return [sys.executable, "-m", "reflect.cli", *argv]


def buffered() -> dict[str, str]:
    """The environment, with stdout buffered as it is for users (a test run may set
    PYTHONUNBUFFERED): what is still in the buffer is written at the end, or at exit."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def test_list_piped_into_head_stops_quietly(journal: Path) -> None:
    # Far more rows than a pipe holds (64 KiB) and one read by the reader takes: the
    # command is still printing when the reader has its line and leaves.
    add(journal, [Entry(title=f"Fictieve casus {i}, een wat langere titel") for i in range(4000)])
    proc = subprocess.Popen(
        reflect_command("list"),
        env=buffered(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # `head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", errors="replace")
    code = proc.wait(timeout=120)
    assert b"Fictieve casus" in first
    assert err == "", err  # no "reflect: error: Broken pipe", no "Exception ignored"
    assert code == 1  # the docs' status for EPIPE: the output was cut short


def test_a_reader_gone_before_the_output_is_flushed_is_quiet_too(journal: Path) -> None:
    """A few rows wait in Python's buffer until the end; the reader left before that."""
    add(journal, [written_late()])
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command writes anything
    try:
        proc = subprocess.run(
            reflect_command("list"),
            env=buffered(),
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert err == "", err
    assert proc.returncode == 1
