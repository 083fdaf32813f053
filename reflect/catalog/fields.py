"""Reading one YAML mapping field by field, recording every problem with its line.

Every check records a :class:`~reflect.catalog.errors.CatalogProblem` instead of raising, so
one pass shows an author every flaw in a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from reflect.catalog.errors import CatalogProblem
from reflect.catalog.schema import LANGS, Bilingual, Keywords
from reflect.catalog.yamlio import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
LANG_PATTERN = re.compile(r"^[a-z]{2}$")
E = TypeVar("E", bound=StrEnum)


class Problems:
    """The problems found in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[CatalogProblem] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(CatalogProblem(self.path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)


class Fields:
    """Reads the keys of one YAML mapping, checking each and reporting unknown ones."""

    def __init__(
        self,
        data: LineDict,
        where: str,
        problems: Problems,
        allowed: Iterable[str],
        name_key: str | None = None,
    ):
        self.data = data
        # "article 12", "step keuze": messages name the item by its number or id when it has one.
        name = data.get(name_key) if name_key else None
        self.where = f"{where} {name}" if isinstance(name, (str, int)) and where else where
        self.problems = problems
        allowed_set = set(allowed)
        for key in data:
            if key not in allowed_set:
                names = ", ".join(sorted(allowed_set))
                self.fail(key, f"unknown field {key!r} (allowed: {names})")

    def line(self, key: str | None = None) -> int:
        return self.data.line_of(key) if key is not None else self.data.line

    def fail(self, key: str | None, message: str) -> None:
        prefix = f"{self.where}: " if self.where else ""
        self.problems.add(self.line(key), prefix + message)

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None and required:
            if key in self.data:
                self.fail(key, f"field {key!r} must not be empty")
            else:
                self.fail(None, f"missing field {key!r}")
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, (bool, LineDict, LineList)):
            self.fail(key, f"field {key!r} must be text")
            return None
        text = str(value).strip()  # numbers and dates are fine as text (an edition, a year)
        if not text:
            if required:
                self.fail(key, f"field {key!r} must not be empty")
            return None
        return text

    def ident(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not ID_PATTERN.match(value):
            self.fail(key, f"{key} {value!r} must be lower-case letters, digits and dashes")
            return None
        return value

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(key, f"field {key!r} must be a whole number of 1 or more")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool | None:
        """An optional flag; ``None`` (after reporting it) when the value is not true/false.

        Only a real YAML boolean counts: a quoted ``"false"`` is a non-empty string, so reading
        values by their truthiness would turn it into true without a word.
        """
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, f"field {key!r} must be true or false")
            return None
        return value

    def enum(self, key: str, kind: type[E], required: bool = True) -> E | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.fail(key, f"{key} {value!r} is not one of: {allowed}")
            return None

    def bilingual(self, key: str, required: bool = True) -> Bilingual | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, str):  # one text for both languages
            folded = " ".join(value.split())
            return Bilingual(nl=folded, en=folded) if folded else None
        if not isinstance(value, LineDict):
            self.fail(key, f"field {key!r} must be text or a mapping with nl and/or en")
            return None
        texts: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGS:
                self.problems.add(
                    value.line_of(lang), f"{self.where}: {key}: unknown language {lang!r}"
                )
            elif not isinstance(text, str) or not text.strip():
                self.problems.add(value.line_of(lang), f"{self.where}: {key}.{lang} must be text")
            else:
                texts[lang] = " ".join(text.split())
        if not texts:
            if value:
                return None
            self.fail(key, f"field {key!r} needs a text in nl or en")
            return None
        return Bilingual(nl=texts.get("nl"), en=texts.get("en"))

    def _string_list(self, value: Any, key: str, line: int) -> tuple[str, ...] | None:
        if not isinstance(value, LineList):
            self.problems.add(line, f"{self.where}: field {key!r} must be a list")
            return None
        words: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int)) or not str(item).strip():
                self.problems.add(value.line_of(index), f"{self.where}: {key} must list words")
                continue
            words.append(" ".join(str(item).split()))
        return tuple(words)

    def keywords(self, key: str, default_lang: str) -> Keywords:
        value = self._get(key, False)
        if value is None:
            return {}
        if isinstance(value, LineList):
            words = self._string_list(value, key, self.line(key))
            return {default_lang: words} if words else {}
        if not isinstance(value, LineDict):
            self.fail(key, f"field {key!r} must be a list, or a mapping of language to list")
            return {}
        result: Keywords = {}
        for lang, items in value.items():
            if not LANG_PATTERN.match(lang):
                line = value.line_of(lang)
                self.problems.add(line, f"{self.where}: {key}: bad language {lang!r}")
                continue
            words = self._string_list(items, f"{key}.{lang}", value.line_of(lang))
            if words:
                result[lang] = words
        return result

    def id_list(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        words = self._string_list(value, key, self.line(key))
        return words or ()

    def int_list(self, key: str) -> tuple[int, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, LineList):
            self.fail(key, f"field {key!r} must be a list of numbers")
            return ()
        numbers: list[int] = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                self.problems.add(
                    value.line_of(index), f"{self.where}: {key} must list whole numbers"
                )
            else:
                numbers.append(item)
        return tuple(numbers)

    def mappings(self, key: str, required: bool = True) -> list[tuple[LineDict, int]]:
        """The items of a list of mappings, each with its line."""
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, LineList):
            self.fail(key, f"field {key!r} must be a list")
            return []
        if required and not value:
            self.fail(key, f"field {key!r} must not be empty")
        items: list[tuple[LineDict, int]] = []
        for index, item in enumerate(value):
            if isinstance(item, LineDict):
                items.append((item, value.line_of(index)))
            else:
                self.problems.add(
                    value.line_of(index), f"{self.where}: each item of {key!r} must be a mapping"
                )
        return items
