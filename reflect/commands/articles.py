"""``reflect articles``: browse and search the catalogue; ``reflect articles import FILE``;
``reflect articles --suggest``: the articles and frameworks a dilemma's text touches.

One parser serves both forms, because argparse cannot have an optional free-text QUERY and a
sub-command side by side: a first word ``import`` means the import (a search for the word
"import" is not something a user of a Dutch professional code will need).

``--suggest`` reads the text from standard input (or takes the words after the options),
so a script or an editor can pipe an entry's text in. It needs no journal: suggestions then
come from the catalogue's vocabulary alone. With ``--learn`` it also unlocks the journal
(asking for the passphrase, or ``REFLECT_PASSPHRASE``/``_FILE`` when the text comes from a
pipe) and lets articles tagged on similar earlier entries rise, as the app does; the
similarity index is built in memory for that one run and never stored.

Catalogues in the user's config folder are user files, and error messages quote paths and
queries: every human line goes through :func:`reflect.sanitize.visible`. ``--json`` is exact.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from reflect.catalog import (
    DEFAULT_CODE,
    Article,
    ArticleStatus,
    Catalog,
    UnknownCode,
    load_catalog,
)
from reflect.catalog.pdf_import import import_pdf
from reflect.commands.base import CommandContext
from reflect.errors import ReflectError, UsageError
from reflect.i18n import t
from reflect.sanitize import visible

ALL_CODES = "all"
WIDTH = 80
SUGGEST_LIMIT = 8


def register(subparsers: Any) -> None:
    """Add the ``articles`` command to the CLI's sub-parsers."""
    parser = subparsers.add_parser(
        "articles",
        help="browse and search the articles of the professional code",
        description=(
            "Browse and search the catalogue of professional codes. "
            "'reflect articles import FILE' reads the official BPSW PDF you own."
        ),
    )
    parser.add_argument(
        "query",
        nargs="*",
        metavar="QUERY",
        help="words or an article number to look for; or: import FILE",
    )
    parser.add_argument(
        "--code",
        default=DEFAULT_CODE,
        help=f"catalogue id (default {DEFAULT_CODE}); '{ALL_CODES}' for every catalogue",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--suggest",
        action="store_true",
        help="suggest articles and frameworks for a text read from standard input "
        "(or given as the words after the options)",
    )
    parser.add_argument(
        "--learn",
        action="store_true",
        help="with --suggest: unlock the journal and let articles you tagged on similar "
        "earlier entries rise",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=SUGGEST_LIMIT,
        metavar="N",
        help=f"with --suggest: at most N suggestions (default {SUGGEST_LIMIT})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    """Handle ``reflect articles``; errors become one line on stderr and an exit code."""
    try:
        words: list[str] = list(args.query or [])
        if words and words[0] == "import":
            return _import(words[1:], ctx)
        catalog = load_catalog()
        _warn(catalog, ctx)
        if args.suggest:
            return _suggest(catalog, words, args, ctx)
        if args.learn:
            raise UsageError(t("catalog.suggest.learn_alone", lang=ctx.lang))
        return _browse(catalog, " ".join(words), args.code, bool(args.json), ctx)
    except ReflectError as exc:
        print(visible(str(exc), keep_newlines=False), file=ctx.err)
        return exc.exit_code


def _warn(catalog: Catalog, ctx: CommandContext) -> None:
    """Flawed catalogue files are warnings: everything else still works."""
    for problem in catalog.problems:
        print(visible(str(problem), keep_newlines=False), file=ctx.err)


def _import(rest: list[str], ctx: CommandContext) -> int:
    if len(rest) != 1:
        print(t("catalog.import.usage", lang=ctx.lang), file=ctx.err)
        return 2
    source = Path(rest[0]).expanduser()
    result = import_pdf(source)
    message = t(
        "catalog.import.done", lang=ctx.lang, count=result.count, file=source, path=result.path
    )
    print(visible(message, keep_newlines=False), file=ctx.out)
    return 0


def _browse(catalog: Catalog, query: str, code: str, as_json: bool, ctx: CommandContext) -> int:
    if code != ALL_CODES and code not in catalog.codes:
        available = ", ".join([*sorted(catalog.codes), ALL_CODES])
        raise UnknownCode(t("catalog.unknown_code", lang=ctx.lang, code=code, available=available))
    found = catalog.search(query, code=None if code == ALL_CODES else code)
    if as_json:
        json.dump([article.to_dict() for article in found], ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
        return 0
    if not found:
        nothing = t("catalog.no_match", lang=ctx.lang, query=query)
        print(visible(nothing, keep_newlines=False), file=ctx.out)
        return 0
    _print_articles(catalog, found, ctx)
    return 0


def _print_articles(catalog: Catalog, articles: list[Article], ctx: CommandContext) -> None:
    lang = ctx.lang
    order = {code: index for index, code in enumerate(catalog.codes)}
    articles = sorted(articles, key=lambda article: order.get(article.code, len(order)))
    current: str | None = None
    any_unknown = False
    for article in articles:
        if article.code != current:
            if current is not None:
                print(file=ctx.out)
            current = article.code
            _print_header(catalog, article.code, ctx)
        status = t(f"catalog.status.{article.status.value}", lang=lang)
        print(f"  {visible(article.label(lang), keep_newlines=False)}  [{status}]", file=ctx.out)
        body = article.norm or (article.paraphrase.text(lang) if article.paraphrase else "")
        if body:
            # Made visible before wrapping, so the wrapped width is the printed width.
            for line in textwrap.wrap(visible(body), WIDTH - 6):
                print(f"      {line}", file=ctx.out)
        any_unknown = any_unknown or article.status is ArticleStatus.UNKNOWN
    if any_unknown:
        print(file=ctx.out)
        print(t("catalog.unknown_hint", lang=lang), file=ctx.out)


def _print_header(catalog: Catalog, code_id: str, ctx: CommandContext) -> None:
    code = catalog.codes[code_id]
    name = code.name.text(ctx.lang)
    header = t("catalog.code_header", lang=ctx.lang, name=name, edition=code.edition)
    print(visible(header, keep_newlines=False), file=ctx.out)
    source = t("catalog.code_source", lang=ctx.lang, source=code.source)
    print(visible(source, keep_newlines=False), file=ctx.out)
    if code.origin == "user":
        origin = t("catalog.origin.user", lang=ctx.lang, path=code.path)
        print(visible(origin, keep_newlines=False), file=ctx.out)


# ---- suggestions ------------------------------------------------------------------------


def _suggest(
    catalog: Catalog, words: list[str], args: argparse.Namespace, ctx: CommandContext
) -> int:
    from reflect.catalog.suggest import suggest

    code = str(args.code)
    if code not in catalog.codes:
        available = ", ".join(sorted(catalog.codes))
        raise UnknownCode(t("catalog.unknown_code", lang=ctx.lang, code=code, available=available))
    if args.limit < 1:
        raise UsageError(t("catalog.suggest.bad_limit", lang=ctx.lang))
    text = " ".join(words) if words else sys.stdin.read()
    if not text.strip():
        raise UsageError(t("catalog.suggest.empty", lang=ctx.lang))
    learned = None
    if args.learn:
        from reflect.operations.similarity import SimilarityIndex, journal_sources

        with ctx.open_journal() as journal:
            sources = journal_sources(journal)
        index = SimilarityIndex.build(sources)
        learned = index.learned(text, code=code)
        if not args.json:
            note = t("catalog.suggest.learned_from", lang=ctx.lang, count=len(index))
            print(note, file=ctx.err)
    found = suggest(text, catalog, code=code, limit=args.limit, lang=ctx.lang, learned=learned)
    if args.json:
        json.dump([s.to_dict() for s in found], ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
        return 0
    if not found:
        print(t("catalog.suggest.none", lang=ctx.lang), file=ctx.out)
        return 0
    for rank, suggestion in enumerate(found, start=1):
        label = visible(_suggestion_label(catalog, suggestion, ctx.lang), keep_newlines=False)
        print(f"{rank:>2}. {label}  ({suggestion.score:.2f})", file=ctx.out)
        for reason in suggestion.reasons:
            for line in textwrap.wrap(visible(reason, keep_newlines=False), WIDTH - 8):
                print(f"      {line}", file=ctx.out)
    return 0


def _suggestion_label(catalog: Catalog, suggestion: Any, lang: str) -> str:
    """How a suggestion is named: the article's label, the block, or the framework."""
    if suggestion.kind == "framework":
        framework = catalog.frameworks.get(suggestion.framework_id or "")
        name = framework.name.text(lang) if framework else str(suggestion.framework_id)
        return t("catalog.suggest.framework", lang=lang, name=name)
    code = catalog.codes[suggestion.code]
    if len(suggestion.block) > 1:
        numbers = _numbers(suggestion.block)
        word = code.label_word.text(lang)
        group = next((g for g in code.groups if g.id == suggestion.group), None)
        if group is not None:
            name = group.name.text(lang)
            return t("catalog.block.label", lang=lang, word=word, numbers=numbers, name=name)
        return t("catalog.block.label_plain", lang=lang, word=word, numbers=numbers)
    article = code.articles.get(suggestion.number)
    label = article.label(lang) if article else str(suggestion.number)
    if suggestion.tentative:
        label += f"  [{t('catalog.suggest.tentative', lang=lang)}]"
    return label


def _numbers(numbers: tuple[int, ...]) -> str:
    """``14–18`` for a run of numbers, else ``12, 14``."""
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)
