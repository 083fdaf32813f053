"""Where secrets come from: a terminal prompt, or for scripts a file or the environment.

Never a command-line argument (it would show in `ps` and the shell history). The file
variant is preferred for scripts because the environment of a process can be read by others
on some systems.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from reflect.errors import UsageError
from reflect.i18n import t

MIN_INTERACTIVE_LENGTH = 10


def _from_environment(name: str) -> str | None:
    file_value = os.environ.get(f"{name}_FILE")
    if file_value:
        try:
            text = Path(file_value).expanduser().read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read {name}_FILE: {exc.strerror or exc}") from None
        lines = text.splitlines()
        return lines[0] if lines else ""
    return os.environ.get(name)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_secret(env_name: str, prompt: str) -> str:
    """The secret from ``<env_name>_FILE`` or ``<env_name>``, else a hidden prompt."""
    value = _from_environment(env_name)
    if value is not None:
        return value
    if _interactive():
        return getpass.getpass(prompt)
    raise UsageError(t("cli.error.no_secret", env=env_name))


def read_passphrase(prompt_key: str = "cli.prompt.passphrase") -> str:
    return read_secret("REFLECT_PASSPHRASE", t(prompt_key))


def read_recovery_code() -> str:
    return read_secret("REFLECT_RECOVERY_CODE", t("cli.prompt.recovery"))


def read_new_passphrase(env_name: str) -> str:
    """A new passphrase: from the environment for scripts, else typed twice with a hint."""
    value = _from_environment(env_name)
    if value is not None:
        if not value:
            raise UsageError(t("cli.error.empty_passphrase"))
        return value
    if not _interactive():
        raise UsageError(t("cli.error.no_secret", env=env_name))
    while True:
        first = getpass.getpass(t("cli.prompt.new_passphrase", min=MIN_INTERACTIVE_LENGTH))
        if len(first) < MIN_INTERACTIVE_LENGTH:
            print(t("cli.hint.too_short", min=MIN_INTERACTIVE_LENGTH), file=sys.stderr)
            continue
        if getpass.getpass(t("cli.prompt.repeat_passphrase")) != first:
            print(t("cli.hint.mismatch"), file=sys.stderr)
            continue
        return first
