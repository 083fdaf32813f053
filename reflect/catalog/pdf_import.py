"""Import the official BPSW code from a PDF the user owns.

reflect cannot ship the code's text (it is copyrighted), so its catalogue lacks most
headings. A user who has the official PDF can import it: each article starts with a line
``Artikel N - Heading``, then the norm, then an explanation that starts with
``Toelichting``. The result is written to the user's config folder as ``bpsw-2021.yaml``,
where it overrides the shipped catalogue. It keeps the shipped themes, keywords, values
and groups, so suggestions keep working, and adds the code's own words: a private copy.

The import is all or nothing: a PDF that is unreadable, has no text (a scan), is not the
code, or lacks articles changes nothing on disk.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from reflect.catalog.errors import CatalogError, ImportRefused
from reflect.catalog.fields import Problems
from reflect.catalog.loader import load_catalog, reload_catalog, shipped_dir, user_codes_dir
from reflect.catalog.validate import build_code
from reflect.catalog.yamlio import LineDict, LineList, YamlSyntaxError, load_yaml, read_yaml_file
from reflect.i18n import t
from reflect.paths import private_config_dir

CODE_ID = "bpsw-2021"
IMPORT_SOURCE_ID = "user-pdf"
IMPORT_SOURCE = "imported from the user's own copy of the PDF"

_ARTICLE = re.compile(r"^Artikel\s+(\d{1,3})\s*[-–—:]\s*(\S.*)$")
_TOELICHTING = re.compile(r"^Toelichting\b[\s:.-]*(.*)$")
_LEADER = re.compile(r"\s*(?:\.{2,}|…+|\s\.\s)[\s.…]*\d*\s*$")  # table-of-contents dots
_PAGE_NUMBER = re.compile(r"^(?:pagina\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)
_EDGE_NUMBER = re.compile(r"^\d{1,3}\s*[|-]?\s*|\s*[|-]?\s*\d{1,3}$")
# Sections after the last article that must not be read as part of its explanation.
_STOP_HEADINGS = frozenset({"begrippenlijst", "colofon", "bijlage", "bijlagen", "literatuur"})
_KEEP_HYPHEN_BEFORE = frozenset({"en", "of", "tot", "noch"})  # "hulp- en dienstverlening"


@dataclass(frozen=True)
class ImportedArticle:
    """One article as read from the PDF: the code's own words."""

    number: int
    heading: str
    norm: str
    explanation: str | None


@dataclass(frozen=True)
class ImportResult:
    path: Path
    count: int


def read_pdf_pages(path: Path) -> list[str]:
    """The text of every page, or :class:`ImportRefused` when the PDF cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    name = path.name
    if not path.is_file():
        raise CatalogError(t("catalog.import.not_found", file=path))
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportRefused(t("catalog.import.encrypted", file=name))
        return [page.extract_text() or "" for page in reader.pages]
    except ImportRefused:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        # pypdf raises many kinds of error on a damaged file; all mean "cannot read it".
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ImportRefused(t("catalog.import.unreadable", file=name, detail=detail)) from None


def _clean_lines(pages: list[str]) -> list[str]:
    """All lines, without page numbers and running headers or footers."""
    page_lines = [
        [line for line in (raw.strip() for raw in page.splitlines()) if line] for page in pages
    ]
    page_lines = [[line for line in lines if not _PAGE_NUMBER.match(line)] for lines in page_lines]
    # A line that opens or closes many pages is a running header or footer (the code's
    # title, say). Only those positions are checked: "Toelichting" recurs too, in the text.
    # A page number glued to it ("Beroepscode 17") is ignored when comparing.
    edges = Counter(
        _EDGE_NUMBER.sub("#", line) for lines in page_lines for line in {*lines[:2], *lines[-2:]}
    )
    threshold = max(3, len(pages) // 2)
    running = {
        key
        for key, count in edges.items()
        if count >= threshold and not _ARTICLE.match(key) and not _TOELICHTING.match(key)
    }
    cleaned: list[str] = []
    for lines in page_lines:
        last = len(lines) - 1
        cleaned += [
            line
            for index, line in enumerate(lines)
            if not (_EDGE_NUMBER.sub("#", line) in running and (index < 2 or index > last - 2))
        ]
    return cleaned


def _join(lines: list[str]) -> str:
    """Lines of one paragraph joined back into text, undoing hyphenation at line ends."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("-") and line[:1].islower():
            next_word = line.split(maxsplit=1)[0].rstrip(",.;:")
            text = f"{text} {line}" if next_word in _KEEP_HYPHEN_BEFORE else text[:-1] + line
        else:
            text = f"{text} {line}"
    return text.strip()


def _heading(raw: str) -> str:
    # Only a table of contents has dot leaders and page numbers; its entries lose to the
    # article itself in parse_articles, so a heading is otherwise kept exactly as written.
    return _LEADER.sub("", raw).strip()


def parse_articles(pages: list[str]) -> dict[int, ImportedArticle]:
    """Every ``Artikel N - Heading`` block of the text, with its norm and explanation.

    A table of contents repeats the article lines, so a number may occur more than once;
    the occurrence with an explanation (then the longest) is the article itself.
    """
    blocks: list[tuple[int, str, list[str]]] = []
    current: tuple[int, str, list[str]] | None = None
    for line in _clean_lines(pages):
        match = _ARTICLE.match(line)
        if match:
            current = (int(match.group(1)), _heading(match.group(2)), [])
            blocks.append(current)
        elif line.lower().rstrip(":") in _STOP_HEADINGS:
            current = None
        elif current is not None:
            current[2].append(line)

    found: dict[int, ImportedArticle] = {}
    for number, heading, body in blocks:
        norm_lines: list[str] = []
        explanation_lines: list[str] | None = None
        for line in body:
            match = _TOELICHTING.match(line)
            if explanation_lines is None and match:
                explanation_lines = [match.group(1)] if match.group(1) else []
            elif explanation_lines is not None:
                explanation_lines.append(line)
            else:
                norm_lines.append(line)
        article = ImportedArticle(
            number=number,
            heading=heading,
            norm=_join(norm_lines),
            explanation=_join(explanation_lines) if explanation_lines is not None else None,
        )
        previous = found.get(number)
        if previous is None or _weight(article) > _weight(previous):
            found[number] = article
    return found


def _weight(article: ImportedArticle) -> tuple[bool, int]:
    return (article.explanation is not None, len(article.norm) + len(article.explanation or ""))


def _plain(value: Any) -> Any:
    """Parsed YAML (with line numbers) back to plain dicts and lists for writing."""
    if isinstance(value, LineDict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, LineList):
        return [_plain(item) for item in value]
    return value


def _shipped_code() -> dict[str, Any]:
    path = shipped_dir() / "codes" / f"{CODE_ID}.yaml"
    try:
        data, _ = read_yaml_file(path)
    except YamlSyntaxError:
        data = None
    if not isinstance(data, LineDict):
        raise CatalogError(t("catalog.import.no_base", code=CODE_ID))
    plain = _plain(data)
    assert isinstance(plain, dict)
    return plain


def build_imported_code(
    base: dict[str, Any], articles: dict[int, ImportedArticle], file_name: str
) -> dict[str, Any]:
    """The shipped catalogue with the PDF's headings and text filled in."""
    by_number = {int(item["number"]): item for item in base.get("articles", [])}
    result = dict(base)
    result["source"] = f"{base.get('source', CODE_ID)} ({IMPORT_SOURCE})"
    result["sources"] = [
        *[s for s in base.get("sources", []) if s.get("id") != IMPORT_SOURCE_ID],
        {
            "id": IMPORT_SOURCE_ID,
            "title": IMPORT_SOURCE,
            "note": f"{file_name}, imported on {date.today().isoformat()}",
        },
    ]
    merged: list[dict[str, Any]] = []
    for number in sorted(set(by_number) | set(articles)):
        shipped = by_number.get(number, {})
        imported = articles[number]
        item: dict[str, Any] = {
            "number": number,
            "heading": imported.heading,
            "status": "verified",
            "source": IMPORT_SOURCE_ID,
        }
        for key in ("paraphrase", "themes", "keywords"):
            if shipped.get(key):
                item[key] = shipped[key]
        item["norm"] = imported.norm or None
        if imported.explanation:
            item["explanation"] = imported.explanation
        merged.append(item)
    result["articles"] = merged
    return result


_HEADER = """\
# reflect: the professional code imported from your own copy of the official PDF.
# It contains the code's own text, which is copyrighted: keep this file for your own use.
# It overrides the catalogue shipped with reflect; delete it to go back to that one.
"""


def import_pdf(pdf: Path, target_dir: Path | None = None) -> ImportResult:
    """Read the official BPSW PDF and save it as the user's catalogue.

    Raises :class:`ImportRefused` (nothing written) when the PDF is not a complete code.
    """
    name = pdf.name
    pages = read_pdf_pages(pdf)
    if not any(page.strip() for page in pages):
        raise ImportRefused(t("catalog.import.no_text", file=name))
    articles = parse_articles(pages)
    if not articles:
        raise ImportRefused(t("catalog.import.not_code", file=name))

    base = _shipped_code()
    expected = {int(item["number"]) for item in base.get("articles", [])}
    unexpected = sorted(set(articles) - expected)
    if unexpected:
        numbers = ", ".join(map(str, unexpected))
        raise ImportRefused(t("catalog.import.unexpected", file=name, numbers=numbers))
    missing = sorted(expected - set(articles))
    if missing:
        raise ImportRefused(
            t(
                "catalog.import.incomplete",
                file=name,
                found=len(articles),
                expected=len(expected),
                missing=", ".join(map(str, missing)),
            )
        )

    document = build_imported_code(base, articles, name)
    text = _HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    folder = target_dir or user_codes_dir()
    target = folder / f"{CODE_ID}.yaml"
    _check(text, target)
    _write_atomically(folder, target, text)
    reload_catalog()
    return ImportResult(target, len(articles))


def _check(text: str, target: Path) -> None:
    """The file about to be written must load cleanly; a problem here is a bug in reflect."""
    problems = Problems(target)
    try:
        data, _ = load_yaml(text)
    except YamlSyntaxError as exc:
        raise CatalogError(f"internal error: the imported catalogue is invalid: {exc}") from None
    shared = load_catalog().themes
    if build_code(data, problems, shared, "user") is None or problems:
        first = problems.items[0].message if problems.items else "unknown problem"
        raise CatalogError(f"internal error: the imported catalogue is invalid: {first}")


def _write_atomically(folder: Path, target: Path, text: str) -> None:
    try:
        if folder == user_codes_dir():
            private_config_dir(folder.name)  # the config folder and its codes/: 0700 both
        else:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".import-", suffix=".tmp")
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
    except OSError as exc:
        detail = exc.strerror or str(exc)
        raise CatalogError(t("catalog.import.write_failed", path=target, detail=detail)) from None
