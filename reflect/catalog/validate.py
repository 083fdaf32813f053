"""Turn parsed YAML into catalogue objects, or say precisely what is wrong and where.

Every check records a :class:`~reflect.catalog.errors.CatalogProblem` with the line of the
offending key instead of raising, so one pass shows an author every flaw in a file. A file
with any problem is not used at all: a half-loaded code (an article silently missing) would
mislead more than a missing catalogue that the warning explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from reflect.catalog.errors import CatalogProblem
from reflect.catalog.schema import (
    FILLABLE_FIELDS,
    LANGS,
    Article,
    ArticleStatus,
    Bilingual,
    Certainty,
    Code,
    CoreValue,
    Framework,
    FrameworkStep,
    Group,
    Keywords,
    Method,
    MethodStep,
    Source,
    Statement,
    Theme,
)
from reflect.catalog.yamlio import LineDict, LineList

SCHEMA_VERSION = 1
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_LANG = re.compile(r"^[a-z]{2}$")
E = TypeVar("E", bound=StrEnum)


class Problems:
    """The problems found in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[CatalogProblem] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(CatalogProblem(self.path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)


class Fields:
    """Reads the keys of one YAML mapping, checking each and reporting unknown ones."""

    def __init__(
        self,
        data: LineDict,
        where: str,
        problems: Problems,
        allowed: Iterable[str],
        name_key: str | None = None,
    ):
        self.data = data
        # "article 12", "step keuze": messages name the item by its number or id when it has one.
        name = data.get(name_key) if name_key else None
        self.where = f"{where} {name}" if isinstance(name, (str, int)) and where else where
        self.problems = problems
        allowed_set = set(allowed)
        for key in data:
            if key not in allowed_set:
                names = ", ".join(sorted(allowed_set))
                self.fail(key, f"unknown field {key!r} (allowed: {names})")

    def line(self, key: str | None = None) -> int:
        return self.data.line_of(key) if key is not None else self.data.line

    def fail(self, key: str | None, message: str) -> None:
        prefix = f"{self.where}: " if self.where else ""
        self.problems.add(self.line(key), prefix + message)

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None and required:
            if key in self.data:
                self.fail(key, f"field {key!r} must not be empty")
            else:
                self.fail(None, f"missing field {key!r}")
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, (bool, LineDict, LineList)):
            self.fail(key, f"field {key!r} must be text")
            return None
        text = str(value).strip()  # numbers and dates are fine as text (an edition, a year)
        if not text:
            if required:
                self.fail(key, f"field {key!r} must not be empty")
            return None
        return text

    def ident(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not _ID.match(value):
            self.fail(key, f"{key} {value!r} must be lower-case letters, digits and dashes")
            return None
        return value

    def integer(self, key: str, required: bool = True) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(key, f"field {key!r} must be a whole number of 1 or more")
            return None
        return value

    def enum(self, key: str, kind: type[E], required: bool = True) -> E | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.fail(key, f"{key} {value!r} is not one of: {allowed}")
            return None

    def bilingual(self, key: str, required: bool = True) -> Bilingual | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, str):  # one text for both languages
            folded = " ".join(value.split())
            return Bilingual(nl=folded, en=folded) if folded else None
        if not isinstance(value, LineDict):
            self.fail(key, f"field {key!r} must be text or a mapping with nl and/or en")
            return None
        texts: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGS:
                self.problems.add(
                    value.line_of(lang), f"{self.where}: {key}: unknown language {lang!r}"
                )
            elif not isinstance(text, str) or not text.strip():
                self.problems.add(value.line_of(lang), f"{self.where}: {key}.{lang} must be text")
            else:
                texts[lang] = " ".join(text.split())
        if not texts:
            if value:
                return None
            self.fail(key, f"field {key!r} needs a text in nl or en")
            return None
        return Bilingual(nl=texts.get("nl"), en=texts.get("en"))

    def _string_list(self, value: Any, key: str, line: int) -> tuple[str, ...] | None:
        if not isinstance(value, LineList):
            self.problems.add(line, f"{self.where}: field {key!r} must be a list")
            return None
        words: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int)) or not str(item).strip():
                self.problems.add(value.line_of(index), f"{self.where}: {key} must list words")
                continue
            words.append(" ".join(str(item).split()))
        return tuple(words)

    def keywords(self, key: str, default_lang: str) -> Keywords:
        value = self._get(key, False)
        if value is None:
            return {}
        if isinstance(value, LineList):
            words = self._string_list(value, key, self.line(key))
            return {default_lang: words} if words else {}
        if not isinstance(value, LineDict):
            self.fail(key, f"field {key!r} must be a list, or a mapping of language to list")
            return {}
        result: Keywords = {}
        for lang, items in value.items():
            if not _LANG.match(lang):
                line = value.line_of(lang)
                self.problems.add(line, f"{self.where}: {key}: bad language {lang!r}")
                continue
            words = self._string_list(items, f"{key}.{lang}", value.line_of(lang))
            if words:
                result[lang] = words
        return result

    def id_list(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        words = self._string_list(value, key, self.line(key))
        return words or ()

    def int_list(self, key: str) -> tuple[int, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, LineList):
            self.fail(key, f"field {key!r} must be a list of numbers")
            return ()
        numbers: list[int] = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                self.problems.add(
                    value.line_of(index), f"{self.where}: {key} must list whole numbers"
                )
            else:
                numbers.append(item)
        return tuple(numbers)

    def mappings(self, key: str, required: bool = True) -> list[tuple[LineDict, int]]:
        """The items of a list of mappings, each with its line."""
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, LineList):
            self.fail(key, f"field {key!r} must be a list")
            return []
        if required and not value:
            self.fail(key, f"field {key!r} must not be empty")
        items: list[tuple[LineDict, int]] = []
        for index, item in enumerate(value):
            if isinstance(item, LineDict):
                items.append((item, value.line_of(index)))
            else:
                self.problems.add(
                    value.line_of(index), f"{self.where}: each item of {key!r} must be a mapping"
                )
        return items


def check_top(data: Any, problems: Problems) -> LineDict | None:
    """The document must be a mapping written for a schema this reflect understands."""
    if not isinstance(data, LineDict):
        problems.add(getattr(data, "line", 1), "the file must be a YAML mapping (key: value)")
        return None
    version = data.get("schema", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.add(data.line_of("schema"), "field 'schema' must be a whole number")
        return None
    if version > SCHEMA_VERSION:
        problems.add(
            data.line_of("schema"),
            f"written for a newer reflect (schema {version}; this one reads {SCHEMA_VERSION})",
        )
        return None
    return data


def _sources(fields: Fields, required: bool = True) -> tuple[Source, ...]:
    sources: list[Source] = []
    seen: set[str] = set()
    for item, line in fields.mappings("sources", required):
        f = Fields(item, "source", fields.problems, ("id", "title", "url", "note"), "id")
        ident = f.ident("id")
        title = f.text("title")
        if ident is None or title is None:
            continue
        if ident in seen:
            fields.problems.add(line, f"duplicate source id {ident!r}")
            continue
        seen.add(ident)
        sources.append(Source(ident, title, f.text("url", False), f.text("note", False)))
    return tuple(sources)


def _source_ref(fields: Fields, sources: Iterable[Source], required: bool = True) -> str | None:
    ref = fields.text("source", required)
    if ref is not None and ref not in {s.id for s in sources}:
        fields.fail("source", f"source {ref!r} is not listed under 'sources'")
        return None
    return ref


def _theme_refs(fields: Fields, key: str, known: Iterable[str]) -> tuple[str, ...]:
    refs = fields.id_list(key)
    known_set = set(known)
    for ref in refs:
        if ref not in known_set:
            fields.fail(key, f"unknown theme {ref!r}")
    return tuple(r for r in refs if r in known_set)


def build_themes(fields: Fields, default_lang: str) -> dict[str, Theme]:
    """The ``themes`` list of a themes file or a code."""
    themes: dict[str, Theme] = {}
    for item, line in fields.mappings("themes", required=False):
        allowed = ("id", "name", "keywords", "description")
        f = Fields(item, "theme", fields.problems, allowed, "id")
        ident = f.ident("id")
        name = f.bilingual("name")
        keywords = f.keywords("keywords", default_lang)
        description = f.bilingual("description", False)
        if ident is None or name is None:
            continue
        if ident in themes:
            fields.problems.add(line, f"duplicate theme id {ident!r}")
            continue
        themes[ident] = Theme(ident, name, keywords, description)
    return themes


def build_themes_file(data: Any, problems: Problems) -> dict[str, Theme]:
    top = check_top(data, problems)
    if top is None:
        return {}
    fields = Fields(top, "", problems, ("schema", "themes", "note"))
    themes = build_themes(fields, "nl")
    return {} if problems else themes


def _article(
    item: LineDict,
    code_id: str,
    language: str,
    sources: tuple[Source, ...],
    theme_ids: Iterable[str],
    label_word: Bilingual,
    problems: Problems,
) -> Article | None:
    allowed = [
        "number",
        "heading",
        "paraphrase",
        "themes",
        "keywords",
        "status",
        "source",
        "norm",
        "explanation",
    ]
    f = Fields(item, "article", problems, allowed, "number")
    number = f.integer("number")
    status = f.enum("status", ArticleStatus)
    heading = f.text("heading", False)
    paraphrase = f.bilingual("paraphrase", False)
    themes = _theme_refs(f, "themes", theme_ids)
    keywords = f.keywords("keywords", language)
    source = _source_ref(f, sources, required=status is not ArticleStatus.UNKNOWN)
    norm = f.text("norm", False)
    explanation = f.text("explanation", False)
    # The rule of the catalogue: a heading or a norm is never invented, so what the status
    # claims must match what the article actually carries.
    if status is ArticleStatus.VERIFIED and heading is None:
        f.fail("status", "a verified article needs its heading")
    if status is ArticleStatus.TOPIC_ONLY:
        if heading is not None:
            f.fail("heading", "a topic-only article has no heading (use status verified)")
        if paraphrase is None:
            f.fail("status", "a topic-only article needs a paraphrase of its topic")
    if status is ArticleStatus.UNKNOWN:
        for key, value in (("heading", heading), ("paraphrase", paraphrase), ("norm", norm)):
            if value is not None:
                f.fail(key, f"an article with status unknown cannot have a {key}")
    if number is None or status is None:
        return None
    return Article(
        code=code_id,
        number=number,
        heading=heading,
        paraphrase=paraphrase,
        themes=themes,
        keywords=keywords,
        status=status,
        source=source,
        label_word=label_word,
        norm=norm,
        explanation=explanation,
    )


def build_code(
    data: Any, problems: Problems, shared_themes: dict[str, Theme], origin: str
) -> Code | None:
    """A code file (``codes/*.yaml``), or None when it has any problem."""
    top = check_top(data, problems)
    if top is None:
        return None
    allowed = [
        "schema",
        "id",
        "name",
        "source",
        "edition",
        "language",
        "article_label",
        "description",
        "about",
        "sources",
        "values",
        "groups",
        "themes",
        "articles",
    ]
    f = Fields(top, "", problems, allowed)
    ident = f.ident("id")
    name = f.bilingual("name")
    source = f.text("source")
    edition = f.text("edition")
    language = f.text("language")
    if language is not None and not _LANG.match(language):
        f.fail("language", f"language {language!r} must be a two-letter code such as nl or en")
        language = None
    lang = language or "nl"
    label_word = f.bilingual("article_label", False) or Bilingual("Artikel", "Article")
    description = f.bilingual("description", False)
    sources = _sources(f)

    about: list[Statement] = []
    for item, _line in f.mappings("about", required=False):
        sf = Fields(item, "about", problems, ("text", "source"))
        text = sf.bilingual("text")
        ref = _source_ref(sf, sources)
        if text is not None and ref is not None:
            about.append(Statement(text, ref))

    local_themes = build_themes(f, lang)
    themes = {**shared_themes, **local_themes}

    values: list[CoreValue] = []
    for item, line in f.mappings("values", required=False):
        vf = Fields(item, "value", problems, ("id", "name", "status", "source"), "id")
        vid = vf.ident("id")
        vname = vf.bilingual("name")
        vstatus = vf.enum("status", Certainty)
        vsource = _source_ref(vf, sources)
        if vid in {v.id for v in values}:
            problems.add(line, f"duplicate value id {vid!r}")
        elif vid and vname and vstatus and vsource:
            values.append(CoreValue(vid, vname, vstatus, vsource))

    articles: dict[int, Article] = {}
    article_lines: dict[int, int] = {}
    for item, line in f.mappings("articles"):
        article = _article(item, ident or "", lang, sources, themes, label_word, problems)
        if article is None:
            continue
        if article.number in articles:
            problems.add(
                line,
                f"duplicate article number {article.number} "
                f"(first on line {article_lines[article.number]})",
            )
            continue
        articles[article.number] = article
        article_lines[article.number] = line

    groups: list[Group] = []
    for item, line in f.mappings("groups", required=False):
        allowed_group = ("id", "name", "articles", "probable", "size", "themes", "status", "source")
        gf = Fields(item, "group", problems, allowed_group, "id")
        gid = gf.ident("id")
        gname = gf.bilingual("name")
        members = gf.int_list("articles")
        probable = gf.int_list("probable")
        size = gf.integer("size", False)
        gthemes = _theme_refs(gf, "themes", themes)
        gstatus = gf.enum("status", Certainty)
        gsource = _source_ref(gf, sources)
        for number in (*members, *probable):
            if number not in articles:
                gf.fail("articles", f"article {number} is not in this code")
        if gid in {g.id for g in groups}:
            problems.add(line, f"duplicate group id {gid!r}")
        elif gid and gname and gstatus and gsource:
            groups.append(Group(gid, gname, members, probable, size, gthemes, gstatus, gsource))

    if problems or ident is None or name is None or source is None or edition is None:
        return None
    return Code(
        id=ident,
        name=name,
        source=source,
        edition=edition,
        language=lang,
        sources=sources,
        values=values,
        groups=groups,
        themes=local_themes,
        articles=dict(sorted(articles.items())),
        about=tuple(about),
        description=description,
        label_word=label_word,
        origin=origin,
        path=str(problems.path),
    )


def _steps(
    f: Fields, sources: tuple[Source, ...], default_source: str | None, with_fills: bool
) -> list[tuple[dict[str, Any], Fields]]:
    """Check the common step fields; return the values and the reader for extra fields."""
    allowed = ["id", "number", "phase", "title", "prompt", "help", "source"]
    if with_fills:
        allowed.append("fills")
    steps: list[tuple[dict[str, Any], Fields]] = []
    seen: set[str] = set()
    for item, line in f.mappings("steps"):
        sf = Fields(item, "step", f.problems, allowed, "id")
        sid = sf.ident("id")
        values = {
            "id": sid,
            "number": sf.text("number", False),
            "phase": sf.bilingual("phase", False),
            "title": sf.bilingual("title"),
            "prompt": sf.bilingual("prompt"),
            "help": sf.bilingual("help"),
            "source": _source_ref(sf, sources, required=False) or default_source,
        }
        if sid in seen:
            f.problems.add(line, f"duplicate step id {sid!r}")
            continue
        if sid is not None:
            seen.add(sid)
        if all(values[k] is not None for k in ("id", "title", "prompt", "help", "source")):
            steps.append((values, sf))
    return steps


def build_framework(
    data: Any, problems: Problems, shared_themes: dict[str, Theme], origin: str
) -> Framework | None:
    """A framework file (``frameworks/*.yaml``), or None when it has any problem."""
    top = check_top(data, problems)
    if top is None:
        return None
    allowed = [
        "schema",
        "id",
        "name",
        "summary",
        "applies_when",
        "keywords",
        "sources",
        "source",
        "steps",
    ]
    f = Fields(top, "", problems, allowed)
    ident = f.ident("id")
    name = f.bilingual("name")
    summary = f.bilingual("summary")
    applies_when = _theme_refs(f, "applies_when", shared_themes)
    keywords = f.keywords("keywords", "nl")
    sources = _sources(f)
    source = _source_ref(f, sources)
    steps = [FrameworkStep(**values) for values, _ in _steps(f, sources, source, False)]
    if problems or not (ident and name and summary and source):
        return None
    return Framework(
        ident,
        name,
        summary,
        applies_when,
        keywords,
        steps,
        sources,
        source,
        origin,
        str(problems.path),
    )


def build_method(data: Any, problems: Problems, origin: str) -> Method | None:
    """A method file (``methods/*.yaml``), or None when it has any problem."""
    top = check_top(data, problems)
    if top is None:
        return None
    allowed = ["schema", "id", "name", "summary", "sources", "source", "steps"]
    f = Fields(top, "", problems, allowed)
    ident = f.ident("id")
    name = f.bilingual("name")
    summary = f.bilingual("summary")
    sources = _sources(f)
    source = _source_ref(f, sources)
    steps: list[MethodStep] = []
    for values, sf in _steps(f, sources, source, True):
        fills = sf.text("fills", False)
        if fills is not None and fills not in FILLABLE_FIELDS:
            allowed_fields = ", ".join(sorted(FILLABLE_FIELDS))
            sf.fail("fills", f"fills {fills!r} is not an entry field ({allowed_fields}, or null)")
            continue
        steps.append(MethodStep(**values, fills=fills))
    if problems or not (ident and name and summary and source):
        return None
    return Method(ident, name, summary, steps, sources, source, origin, str(problems.path))
