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
from typing import NoReturn

from reflect import __version__
from reflect.commands.base import CommandContext
from reflect.errors import ReflectError
from reflect.i18n import LANGUAGES, set_language, t
from reflect.operations.settings import cli_language
from reflect.paths import resolve_journal_path
from reflect.sanitize import visible

# Command modules, in the order `--help` lists them. A module that is not there yet
# (a capability still being built) is skipped rather than breaking the whole CLI.
COMMAND_MODULES = (
    "init",
    "entries",
    "browse",
    "purge",
    "export",
    "import_",
    "alias",
    "articles",
    "keys",
    "backup",
    "check",
    "merge",
    "app",
)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr with exit code 2, like every other error."""

    def error(self, message: str) -> NoReturn:
        # argparse repeats what was typed ("invalid choice: ..."): shown inert, like all text.
        shown = visible(message, keep_newlines=False)
        self.exit(2, f"{self.prog}: error: {shown} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reflect", description=t("cli.description"))
    parser.add_argument("--journal", metavar="PATH", help=t("cli.help.journal"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.help.lang"))
    parser.add_argument("--version", action="version", version=f"reflect {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"reflect.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"reflect.commands.{name}":
                raise
            continue
        module.register(sub)
    return parser


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
    # --lang, else REFLECT_LANG, else the language chosen in the app, else the locale.
    lang = cli_language(_language_from(args_list))
    set_language(lang)
    parser = build_parser()
    args = parser.parse_args(args_list)
    ctx = CommandContext(journal_path=resolve_journal_path(args.journal), lang=lang)
    try:
        if args.command is None:
            from reflect.commands.app import run_app

            return run_app(args, ctx)
        code: int = args.handler(args, ctx)
        return code
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
