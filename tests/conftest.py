"""Shared test setup: no test ever touches the real user's data or config folders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.i18n import set_language


def pytest_configure(config: pytest.Config) -> None:
    """On a fresh install the identifier check's lookup tables are built the first time they
    are needed (reflect.privacy.lookup_cache: minutes, once per install). The main process
    builds them once, before any xdist worker starts, so the workers and the app tests find
    them ready instead of each waiting for the build."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    from reflect.privacy import lookup_cache

    if lookup_cache.is_ready():
        return
    print("Building the de-identifier's lookup tables once (first run after installing)...")
    build = [sys.executable, "-m", "reflect.privacy.warmup"]
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL)  # stdout: progress lines


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
