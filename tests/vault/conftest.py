"""Fixtures for the adversarial tests of the encrypted store (helpers: vault_helpers.py).

Everything lives in ``tmp_path``; the KDF runs with the insecure test profile so a key
derivation costs well under a millisecond.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:  # for `import vault_helpers` in any import mode
    sys.path.insert(0, _HERE)

from vault_helpers import Cli  # noqa: E402


@pytest.fixture(autouse=True)
def _insecure_fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFLECT_KDF_PROFILE", "insecure-fast")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def journal_path(data_dir: Path) -> Path:
    return data_dir / "journal.reflect"


@pytest.fixture
def cli(data_dir: Path, config_dir: Path) -> Cli:
    """The CLI, run in a forked copy of this process (see vault_helpers.Cli)."""
    return Cli(data_dir, config_dir)


@pytest.fixture
def real_cli(data_dir: Path, config_dir: Path) -> Cli:
    """The CLI as users run it: ``python -m reflect.cli`` in a new interpreter."""
    return Cli(data_dir, config_dir, real=True)
