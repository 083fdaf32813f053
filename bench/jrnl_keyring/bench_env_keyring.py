"""A keyring backend for the jrnl benchmark: the passphrase from an environment variable.

Loaded by jrnl's own interpreter, never by reflect's: ``bench/jrnl_side.py`` puts this folder
on jrnl's ``PYTHONPATH`` and names the class in ``PYTHON_KEYRING_BACKEND``, the variable the
``keyring`` package reads before any other backend or config. jrnl asks the keyring first
for an encrypted journal's password (``get_password("jrnl", journal_name)``) and prompts only
if that gives nothing, so jrnl runs without a terminal, the way ``reflect`` gets
``REFLECT_PASSPHRASE``. The passphrase is the benchmark's fictional one; nothing is stored.
"""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError, PasswordSetError

VARIABLE = "JRNL_BENCH_PASSPHRASE"


class EnvKeyring(KeyringBackend):
    """Read-only: ``JRNL_BENCH_PASSPHRASE`` for every jrnl journal, nothing else."""

    priority = 1  # only ever chosen by name, through PYTHON_KEYRING_BACKEND

    def get_password(self, service: str, username: str) -> str | None:
        return os.environ.get(VARIABLE) if service == "jrnl" else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("the benchmark keyring is read-only")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("the benchmark keyring is read-only")
