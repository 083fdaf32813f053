"""Pilot fixtures: every test gets its own journal path and config folder, an instant KDF,
English, and a fixed "today" so lists and snapshots are deterministic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reflect.i18n import set_language

TODAY = date(2026, 3, 16)
PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("REFLECT_KDF_PROFILE", "insecure-fast")
    monkeypatch.setenv("REFLECT_JOURNAL", str(tmp_path / "data" / "journal.reflect"))
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("REFLECT_LANG", "en")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield
    set_language("en")


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.reflect"
