"""Shared test setup: no test ever touches the real user's data or config folders."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.i18n import set_language


def _deduce_cache() -> Path | None:
    """Where deduce keeps its built lookup tables (found without importing deduce)."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "data" / "lookup" / "cache" / "lookup_structs.pickle"


def pytest_configure(config: pytest.Config) -> None:
    """On a fresh install deduce builds its lookup tables the first time it loads, and
    writes them in place without care for a second process: with the suite spread over
    several processes (xdist), two would build and read half-written tables. So the main
    process builds them once, before any worker starts (minutes, once per install)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    cache = _deduce_cache()
    if cache is None or cache.exists():
        return
    print("Building the de-identifier's lookup tables once (first run after installing)...")
    build = "from reflect.privacy import load_name_detector; load_name_detector()"
    subprocess.run([sys.executable, "-c", build], check=True)


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
