"""Starting the TUI: `reflect` with no command, and `reflect demo`.

Textual is imported here only, when the app actually starts, so every other command stays
free of it.
"""

from __future__ import annotations

import argparse
import os

from reflect.commands.base import CommandContext
from reflect.i18n import LANGUAGES, t


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help=t("cli.help.demo"))
    demo.set_defaults(handler=run_demo)


def explicit_language(args: argparse.Namespace) -> str | None:
    """--lang, else REFLECT_LANG; None lets the app's settings (then the locale) decide."""
    chosen = getattr(args, "lang", None) or os.environ.get("REFLECT_LANG", "").strip().lower()
    return chosen if chosen in LANGUAGES else None


def run_app(args: argparse.Namespace, ctx: CommandContext) -> int:
    from reflect.app import run

    return run(journal_path=ctx.journal_path, lang=explicit_language(args), demo=False)


def run_demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    from reflect.app import run

    return run(journal_path=None, lang=explicit_language(args), demo=True)
