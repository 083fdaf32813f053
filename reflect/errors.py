"""Errors a user can meet, each with the exit code of the CLI contract.

Every failure that reaches the user is one of these: the CLI prints its message on one line
and exits with its code, and the TUI shows the message. Nothing else should escape.
"""

from __future__ import annotations


class ReflectError(Exception):
    """Base of all user-facing errors. ``exit_code`` follows the documented contract."""

    exit_code = 1


class UsageError(ReflectError):
    """The command was called wrongly (bad id, bad option value)."""

    exit_code = 2


class WrongPassphrase(ReflectError):
    """The passphrase (or recovery code) does not open any key slot."""

    exit_code = 3


class JournalDamaged(ReflectError):
    """The file is not a readable journal: corrupt, truncated, tampered or from the future."""

    exit_code = 4


class JournalInUse(ReflectError):
    """Another process holds the journal's lock."""

    exit_code = 5


class IdentifiersFound(ReflectError):
    """An export was refused because the text still identifies someone."""

    exit_code = 6


class JournalNotFound(ReflectError):
    """No journal exists at the chosen path."""


class JournalExists(ReflectError):
    """``init`` was asked to create a journal where one already exists."""


class SaveFailed(ReflectError):
    """A save did not reach the disk. The old file is intact; the edit is still in memory."""


class JournalChangedOnDisk(SaveFailed):
    """The file on disk is no longer the one that was loaded (a sync tool replaced it)."""


class EntryNotFound(ReflectError):
    """No entry matches the given id."""

    exit_code = 2
