"""One writer at a time: a second open is refused clearly, and a lock left by a killed
process is recovered without anyone cleaning up."""

from __future__ import annotations

import os
import select
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, Cli, journal_family, make_journal

from reflect.errors import JournalInUse
from reflect.model import Entry
from reflect.vault.journal import Journal


class Holder:
    def __init__(self, pid: int, release_fd: int) -> None:
        self.pid = pid
        self.release_fd = release_fd
        self.reaped = False

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        self.reaped = True
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@contextmanager
def held_by_another_process(path: Path) -> Iterator[Holder]:
    """A forked child opens the journal (taking its lock) and waits to be released."""
    ready_r, ready_w = os.pipe()
    release_r, release_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(ready_r)
            os.close(release_w)
            with Journal.open(path, PASSPHRASE):
                os.write(ready_w, b"R")
                os.read(release_r, 1)  # returns when the parent closes its end
            code = 0
        except BaseException as exc:
            os.write(ready_w, b"E" + repr(exc).encode()[:200])
        finally:
            os._exit(code)
    os.close(ready_w)
    os.close(release_r)
    holder = Holder(pid, release_w)
    try:
        ready, _, _ = select.select([ready_r], [], [], 20)
        assert ready, "the holder never opened the journal"
        message = os.read(ready_r, 256)
        assert message == b"R", message
        yield holder
    finally:
        os.close(ready_r)
        os.close(release_w)
        if not holder.reaped:
            _, status = os.waitpid(pid, 0)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status


def test_second_open_is_refused_before_the_passphrase_is_asked(journal_path: Path) -> None:
    make_journal(journal_path, [Entry(title="een")])
    asked = []

    def passphrase() -> str:
        asked.append(True)
        return PASSPHRASE

    with held_by_another_process(journal_path):
        before = journal_family(journal_path)
        with pytest.raises(JournalInUse, match="another reflect process"):
            Journal.open(journal_path, passphrase).__enter__()
        assert asked == []
        assert journal_family(journal_path) == before
    with Journal.open(journal_path, passphrase) as journal:  # released on close
        assert [e.title for e in journal.list_entries()] == ["een"]


@pytest.mark.parametrize("command", [["list"], ["new", "--title", "tweede"], ["passwd"]])
def test_cli_exits_5_while_another_process_holds_the_journal(cli: Cli, command: list[str]) -> None:
    make_journal(cli.journal, [Entry(title="een")])
    with held_by_another_process(cli.journal):
        before = journal_family(cli.journal)
        result = cli.run(*command, REFLECT_NEW_PASSPHRASE="nieuw wachtwoord")
        assert result.code == 5, (result.code, result.err)
        line = result.error_line()
        assert "another" in line and "process" in line, line
        assert journal_family(cli.journal) == before


def test_cli_reports_in_use_before_asking_for_a_passphrase(cli: Cli) -> None:
    """Nobody should type a passphrase for a journal that is open elsewhere: with no way
    to ask (no terminal, no REFLECT_PASSPHRASE) the answer is still 'in use', exit 5."""
    make_journal(cli.journal, [Entry(title="een")])
    with held_by_another_process(cli.journal):
        result = cli.run("list", REFLECT_PASSPHRASE=None)
    assert result.code == 5, (result.code, result.err)
    result.error_line()


def test_stale_lock_of_a_killed_holder_is_recovered(cli: Cli) -> None:
    make_journal(cli.journal, [Entry(title="een")])
    with held_by_another_process(cli.journal) as holder:
        holder.kill()
    lock = cli.journal.with_name(cli.journal.name + ".lock")
    assert lock.exists(), "the killed holder's lock file is still there (nobody cleaned up)"

    with Journal.open(cli.journal, PASSPHRASE) as journal:
        journal.add(Entry(title="twee"))
    result = cli.run("list", "--json")
    assert result.code == 0, result.err
    assert "twee" in result.out
