"""The `reflect` command line.

Exit codes (a contract; tests outside the project rely on them): 0 ok, 1 other error,
2 usage, 3 wrong passphrase, 4 journal damaged or tampered, 5 journal in use,
6 export refused because identifiers were found. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from reflect import __version__
from reflect.i18n import LANGUAGES, t

# Everything else (settings, paths, the sanitiser, the commands) is imported where it is
# used: `reflect --version` needs none of it, and each command loads only its own module.

# Each sub-command and the module (in reflect.commands) that registers it, in the order
# `--help` lists them. Only the module of the command being run is imported: importing all
# of them (the catalogue, the exporters, YAML) cost more than everything else `reflect` does
# at start-up. A module that is not there yet (a capability still being built) is skipped
# rather than breaking the whole CLI. tests/test_cli_registry.py keeps this table true.
COMMANDS: dict[str, str] = {
    "init": "init",
    "new": "entries",
    "edit": "entries",
    "delete": "entries",
    "list": "browse",
    "search": "browse",
    "show": "browse",
    "retention": "purge",
    "purge": "purge",
    "export": "export",
    "import": "import_",
    "alias": "alias",
    "articles": "articles",
    "passwd": "keys",
    "backup": "backup",
    "restore": "backup",
    "check": "check",
    "merge": "merge",
    "stats": "stats",
    "similar": "similar",
    "evaluate": "evaluate",
    "meetings": "meetings",
    "goals": "goals",
    "demo": "app",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
# Options of the main parser that take a value: the word after them is not a command.
_VALUE_OPTIONS = ("--journal", "--lang")
_VERSION_OPTION = "--version"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr with exit code 2, like every other error."""

    def error(self, message: str) -> NoReturn:
        from reflect.sanitize import visible

        # argparse repeats what was typed ("invalid choice: ..."): shown inert, like all text.
        shown = visible(message, keep_newlines=False)
        self.exit(2, f"{self.prog}: error: {shown} (see {self.prog} --help)\n")


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser with the commands of ``modules`` (all of them unless told otherwise)."""
    parser = _Parser(prog="reflect", description=t("cli.description"))
    parser.add_argument("--journal", metavar="PATH", help=t("cli.help.journal"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.help.lang"))
    parser.add_argument(_VERSION_OPTION, action="version", version=f"reflect {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in modules:
        module = _command_module(name)
        if module is not None:
            module.register(sub)
    return parser


def _command_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"reflect.commands.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"reflect.commands.{name}":
            raise
        return None


def _is_option(arg: str, option: str) -> bool:
    """``arg`` names ``option`` the way argparse reads it: whole, abbreviated, or ``=value``."""
    name = arg.split("=", 1)[0]
    return len(name) > 2 and option.startswith(name)


def _command_in(argv: Sequence[str]) -> str | None:
    """What the main parser will take ``argv`` to ask for, read before it is built: the first
    word that is not an option or an option's value (the command, known or not); ``""`` when
    that cannot be told without the parser (``--help``, an option argparse will refuse, a
    ``--lang`` it will refuse); :data:`_VERSION_OPTION` when ``--version`` comes first;
    None when there is no command (the app)."""
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return next(args, None)
        if not arg.startswith("-"):
            return arg
        if _is_option(arg, _VERSION_OPTION):
            return _VERSION_OPTION
        if not any(_is_option(arg, o) for o in _VALUE_OPTIONS):
            return ""  # --help, or an unknown option
        value = arg.split("=", 1)[1] if "=" in arg else next(args, None)
        if value is None or (_is_option(arg, "--lang") and value not in LANGUAGES):
            return ""
    return None


def modules_needed(argv: Sequence[str]) -> Sequence[str]:
    """The command modules a run with ``argv`` needs: the one of its command; none for
    ``--version`` or the app (no command); all of them when the parser must list every
    command (``--help``, an unknown command or option, a command whose module is missing)."""
    command = _command_in(argv)
    if command is None or command == _VERSION_OPTION:
        return ()
    module = COMMANDS.get(command)
    if module is None or _command_module(module) is None:
        return COMMAND_MODULES  # "invalid choice" lists every command; --help lists them too
    return (module,)


def _language_from(argv: Sequence[str]) -> str | None:
    """``--lang``, read before the parser is built so --help is translated too."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGUAGES:
            return arg[7:]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if _command_in(args_list) == _VERSION_OPTION:
        # What argparse's version action prints, without the settings, the catalogs and the
        # parser it would take to get there: the version is the same in every language.
        print(f"reflect {__version__}")
        return 0
    from reflect.commands.base import CommandContext
    from reflect.errors import ReflectError
    from reflect.i18n import set_language
    from reflect.operations.settings import cli_language
    from reflect.paths import resolve_journal_path
    from reflect.sanitize import visible

    # --lang, else REFLECT_LANG, else the language chosen in the app, else the locale.
    lang = cli_language(_language_from(args_list))
    set_language(lang)
    parser = build_parser(modules_needed(args_list))
    args = parser.parse_args(args_list)
    ctx = CommandContext(journal_path=resolve_journal_path(args.journal), lang=lang)
    try:
        if args.command is None:
            from reflect.commands.app import run_app

            return run_app(args, ctx)
        code: int = args.handler(args, ctx)
        # Flushed here, inside the try: a reader that went away early (`reflect list | head
        # -1`) shows as BrokenPipeError below, not at the interpreter's flush at exit.
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # EPIPE: before OSError, which would print it as an error
        return output_closed()
    except ReflectError as exc:
        # The message can quote user text, a path or an id: shown inert, and on one line.
        message = visible(str(exc), keep_newlines=False)
        print(f"reflect: {t('cli.error.prefix')}: {message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"reflect: {t('cli.error.cancelled')}", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        message = visible(f"{exc.strerror or exc}{where}", keep_newlines=False)
        print(f"reflect: {t('cli.error.prefix')}: {message}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: still one line, and never the user's text in a traceback
        print(f"reflect: {t('cli.error.internal', kind=type(exc).__name__)}", file=sys.stderr)
        return 1


def output_closed() -> int:
    """Standard output's reader went away before reading it all (``reflect list | head -1``):
    leave quietly, as the Python docs' "Note on SIGPIPE" (module :mod:`signal`) says to. What
    is still buffered for stdout would be flushed again at exit (by the interpreter, or by
    :func:`leave_now`) and fail a second time with "Exception ignored ... BrokenPipeError";
    stdout now points at the null device, so that flush writes nowhere.

    The exit status is 1, the docs' choice ("Python exits with error code 1 on EPIPE"), not
    141: 141 is how a shell *reports* a process killed by SIGPIPE (128 + 13), which this one
    is not (Python ignores SIGPIPE, and the docs advise against restoring its default, which
    would also kill the process on any broken socket). Either is non-zero, so a pipeline
    under ``set -o pipefail`` still sees that the output was cut short."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file behind stdout: nothing will flush to a pipe
        pass
    return 1


def run() -> NoReturn:
    """The ``reflect`` process (the console script, and ``python -m reflect.cli``): :func:`main`,
    then leave. Where deduce's tables were loaded (an export), the process ends with
    ``os._exit`` once everything is written: the interpreter would otherwise spend seconds
    freeing their objects one by one at exit. The exit code is the same either way."""
    code = main()
    # Looked up, not imported: a command that never loaded the de-identifier pays nothing.
    deidentifier = sys.modules.get("reflect.privacy.deidentifier")
    if deidentifier is not None and deidentifier.holds_tables():
        leave_now(code)
    sys.exit(code)


def leave_now(code: int) -> NoReturn:
    """End the process at once, after all that a normal exit does before its teardown, in
    the same order: wait for the threads that are not daemons, run the exit handlers
    (``atexit``: logging's flush, and any of reflect's), flush stdout and stderr. Files the
    commands wrote are closed by then (each in its own ``with``); only the freeing of every
    object, one by one, is skipped."""
    import atexit
    import contextlib
    import os
    import threading

    try:
        wait_for_threads = getattr(threading, "_shutdown", None)
        if wait_for_threads is not None:
            wait_for_threads()
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
                stream.flush()
        os._exit(code)


if __name__ == "__main__":
    run()
