"""The command registry: each command's module imported only when that command runs.

`reflect --version` and every command pay only for what they use; the table in
:mod:`reflect.cli` that makes this possible must name every command each module registers,
or a command would silently vanish from a run that imports only one module.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reflect import __version__, cli

REPO = Path(__file__).resolve().parents[1]


def _registered_by(module_name: str) -> list[str]:
    module = cli._command_module(module_name)
    if module is None:
        return []
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    module.register(sub)
    return list(sub.choices)


def test_the_table_names_exactly_what_each_module_registers() -> None:
    for module_name in cli.COMMAND_MODULES:
        registered = _registered_by(module_name)
        in_table = [c for c, m in cli.COMMANDS.items() if m == module_name]
        if registered:  # a module still being written is skipped, as the CLI skips it
            assert sorted(registered) == sorted(in_table), module_name


def test_every_command_module_on_disk_is_in_the_table() -> None:
    on_disk = {
        p.stem
        for p in (REPO / "reflect" / "commands").glob("*.py")
        if p.stem not in ("__init__", "base")
    }
    assert on_disk <= set(cli.COMMAND_MODULES)


def test_the_full_parser_offers_every_command_in_the_table() -> None:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    present = {m for m in cli.COMMAND_MODULES if cli._command_module(m) is not None}
    assert set(sub.choices) == {c for c, m in cli.COMMANDS.items() if m in present}


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["--version"], ()),
        (["--lang", "nl", "--journal", "x.reflect", "--version"], ()),
        ([], ()),  # the app
        (["--journal", "x.reflect"], ()),
        (["list", "--json"], ("browse",)),
        (["--lang=nl", "--journal", "list", "show", "abcd"], ("browse",)),  # "list" is a path
        (["new", "--help"], ("entries",)),
        (["--", "check"], ("check",)),
        (["--help"], cli.COMMAND_MODULES),
        (["-h"], cli.COMMAND_MODULES),
        (["no-such-command"], cli.COMMAND_MODULES),
        (["--no-such-option", "list"], cli.COMMAND_MODULES),
        (["--lang", "xx", "list"], cli.COMMAND_MODULES),
    ],
)
def test_modules_needed(argv: list[str], wanted: tuple[str, ...]) -> None:
    assert tuple(cli.modules_needed(argv)) == tuple(wanted)


def test_a_command_whose_module_is_missing_lists_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.COMMANDS["stats"] == "stats"  # reserved for a module being written
    missing = "no_such_module_yet"
    table = {**cli.COMMANDS, "fictional": missing}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "COMMANDS", table)
        assert tuple(cli.modules_needed(["fictional"])) == cli.COMMAND_MODULES
        with pytest.raises(SystemExit) as stop:
            cli.main(["fictional"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and "'list'" in err and "'passwd'" in err


def _probe(code: str, args: list[str]) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


_IMPORTS_OF_A_RUN = """
import contextlib, io, json, sys
from reflect.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as stop:
        code = stop.code
loaded = sorted(m for m in sys.modules if m.startswith("reflect.commands.") or m == "yaml")
print(json.dumps({"code": code, "out": out.getvalue(), "loaded": loaded}))
"""


def test_version_imports_no_command_and_no_yaml() -> None:
    result = _probe(_IMPORTS_OF_A_RUN, ["--version"])
    assert result == {"code": 0, "out": f"reflect {__version__}\n", "loaded": []}


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    result = _probe(_IMPORTS_OF_A_RUN, ["--journal", str(tmp_path / "none"), "show", "abcd"])
    assert result["code"] != 0  # no journal there: the command ran and said so
    commands = [m for m in result["loaded"] if m.startswith("reflect.commands.")]  # type: ignore[attr-defined]
    assert set(commands) <= {"reflect.commands.browse", "reflect.commands.base"}
    assert "reflect.commands.browse" in commands


def test_help_still_lists_every_command() -> None:
    result = _probe(_IMPORTS_OF_A_RUN, ["--help"])
    assert result["code"] == 0
    for command, module in cli.COMMANDS.items():
        if cli._command_module(module) is not None:
            assert command in str(result["out"]), command


def test_the_fast_yaml_loader_reads_every_catalog_as_the_pure_python_one() -> None:
    # The catalogs are parsed with libyaml's loader for start-up speed; a construct the two
    # loaders read differently would change a message in one installation only.
    import yaml

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml: the pure-Python loader is used")
    for path in sorted((REPO / "reflect" / "locale").glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text), path.name
