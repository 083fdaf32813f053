"""What every command handler receives: where the journal is, the language, and the streams."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from reflect.vault.backups import Cleaned
    from reflect.vault.journal import Journal


@dataclass
class CommandContext:
    journal_path: Path
    lang: str
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    @contextmanager
    def open_journal(self) -> Iterator[Journal]:
        """Unlock the journal (asking for the passphrase), hold its lock, close it after."""
        from reflect.passphrase import read_passphrase
        from reflect.vault.journal import Journal

        # A callable: asked only once the journal is found and its lock is held.
        with Journal.open(self.journal_path, read_passphrase, lazy=True) as journal:
            yield journal


def report_backups(cleaned: Cleaned, out: TextIO, *, resealed: bool = False) -> None:
    """Say what a deletion (or, with ``resealed``, a key change) did to the backups: the
    user must know that no copy still holds what was destroyed or opens the old way."""
    from reflect.i18n import t

    if cleaned.cleaned:
        key = "lifecycle.passwd.resealed" if resealed else "lifecycle.backups.cleaned"
        print(t(key, count=cleaned.cleaned), file=out)
    if cleaned.dropped:
        print(t("lifecycle.backups.dropped", count=cleaned.dropped), file=out)


def dump_json(data: Any) -> str:
    """JSON output of every command: readable Dutch (``ensure_ascii=False``; control
    characters are still escaped), indented. Here, not in a command's module, so a command
    that prints JSON imports no other command."""
    return json.dumps(data, ensure_ascii=False, indent=2)
