"""Errors and problems of the article catalogue.

Two kinds of trouble, kept apart on purpose: a :class:`CatalogProblem` is a flaw in one
catalogue file, collected while loading so that every other file still loads and the user
sees all flaws at once; a :class:`CatalogError` stops an action the user asked for (an
import that cannot go ahead) and reaches them as one line with an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reflect.errors import ReflectError


class CatalogError(ReflectError):
    """An action on the catalogue failed; nothing on disk was changed."""


class ImportRefused(CatalogError):
    """A PDF could not be imported as the professional code (not the code, no text, damaged)."""


class UnknownCode(CatalogError):
    """The user named a catalogue that is not loaded."""

    exit_code = 2


@dataclass(frozen=True)
class CatalogProblem:
    """One flaw in one catalogue file, and its line (0 when the whole file is at fault)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
