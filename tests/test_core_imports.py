"""The core never imports Textual: only starting the TUI may. Checked in fresh interpreters,
because this test process may well have Textual loaded already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import reflect

PACKAGE = Path(reflect.__file__).parent

# The core modules of the encrypted store and the CLI (always present).
CORE = [
    "reflect.cli",
    "reflect.model",
    "reflect.errors",
    "reflect.paths",
    "reflect.passphrase",
    "reflect.i18n",
    "reflect.textout",
    "reflect.vault.format",
    "reflect.vault.kdf",
    "reflect.vault.storage",
    "reflect.vault.tinystore",
    "reflect.vault.journal",
    "reflect.vault.check",
    "reflect.vault.recovery",
    "reflect.commands.base",
    "reflect.commands.init",
    "reflect.commands.entries",
    "reflect.commands.browse",
    "reflect.commands.keys",
    "reflect.commands.check",
    "reflect.commands.app",  # imports the app lazily, when the TUI starts
    "reflect.fields",
    "reflect.sanitize",
    "reflect.operations.entries",
    "reflect.operations.entry_input",
    "reflect.operations.query",
    "reflect.operations.exporting",
    "reflect.operations.settings",
    "reflect.operations.revisions",
]

# Everything that is allowed to import Textual.
TUI = ("reflect.app", "reflect.screens", "reflect.widgets", "reflect.tui")

PROBE = r"""
import importlib, json, sys

def textual_loaded():
    return sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))

report = {"culprit": None, "loaded": []}
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    if textual_loaded():
        report = {"culprit": name, "loaded": textual_loaded()[:5]}
        break
else:
    if sys.argv[2] == "run-cli":
        from reflect.cli import build_parser, main
        build_parser()
        for argv in (["init"], ["new", "--title", "x"], ["list"], ["list", "--json"], ["check"]):
            code = main(argv)
            assert code == 0, (argv, code)
            if textual_loaded():
                report = {"culprit": " ".join(["reflect", *argv]), "loaded": textual_loaded()[:5]}
                break
print(json.dumps(report))
"""


def probe(modules: list[str], tmp_path: Path, run_cli: bool = False) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    env.update(
        REFLECT_KDF_PROFILE="insecure-fast",
        REFLECT_JOURNAL=str(tmp_path / "data" / "journal.reflect"),
        REFLECT_CONFIG_DIR=str(tmp_path / "config"),
        REFLECT_PASSPHRASE="geheim genoeg",
        REFLECT_LANG="en",
    )
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(modules), "run-cli" if run_cli else "-"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return report


def test_core_modules_and_cli_commands_do_not_import_textual(tmp_path: Path) -> None:
    report = probe(CORE, tmp_path, run_cli=True)
    assert report["culprit"] is None, f"{report['culprit']} imported {report['loaded']}"


def discovered_modules() -> list[str]:
    """Every module of the package except the TUI's, found without importing anything."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if name == "reflect.__main__" or name.startswith(TUI):
            continue
        names.append(name)
    return names


def test_no_module_outside_the_tui_imports_textual(tmp_path: Path) -> None:
    modules = discovered_modules()
    assert set(CORE) <= set(modules)
    report = probe(modules, tmp_path)
    assert report["culprit"] is None, f"{report['culprit']} imported {report['loaded']}"


def test_the_probe_does_notice_textual(tmp_path: Path) -> None:
    """The check above is only worth something if it can fail."""
    report = probe(["reflect.model", "textual.app"], tmp_path)
    assert report["culprit"] == "textual.app"
