"""Shared test setup: no test ever touches the real user's data or config folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.i18n import set_language


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point every location at tmp_path and make the KDF instant (test profile)."""
    monkeypatch.setenv("REFLECT_JOURNAL", str(tmp_path / "data" / "journal.reflect"))
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("REFLECT_KDF_PROFILE", "insecure-fast")
    monkeypatch.setenv("REFLECT_LANG", "en")
    # The default export folder (<Documents>/reflect-exports) inside tmp_path too.
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Documents"))
    for name in ("REFLECT_PASSPHRASE", "REFLECT_PASSPHRASE_FILE", "REFLECT_NEW_PASSPHRASE",
                 "REFLECT_NEW_PASSPHRASE_FILE", "REFLECT_RECOVERY_CODE",
                 "REFLECT_RECOVERY_CODE_FILE"):
        monkeypatch.delenv(name, raising=False)
    set_language("en")  # main(["--lang", "nl"]) in one test must not leak into the next
    yield
    set_language("en")
