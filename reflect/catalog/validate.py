"""Turn parsed YAML into catalogue objects, or say precisely what is wrong and where.

Every check records a :class:`~reflect.catalog.errors.CatalogProblem` with the line of the
offending key instead of raising, so one pass shows an author every flaw in a file. A file
with any problem is not used at all: a half-loaded code (an article silently missing) would
mislead more than a missing catalogue that the warning explains.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reflect.catalog.fields import LANG_PATTERN, Fields, Problems
from reflect.catalog.schema import (
    FILLABLE_FIELDS,
    Article,
    ArticleStatus,
    Bilingual,
    Certainty,
    Code,
    CoreValue,
    Framework,
    FrameworkStep,
    Group,
    Method,
    MethodStep,
    Source,
    Statement,
    Theme,
)
from reflect.catalog.yamlio import LineDict

SCHEMA_VERSION = 1


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
        allowed = ("id", "title", "url", "note", "status")
        f = Fields(item, "source", fields.problems, allowed, "id")
        ident = f.ident("id")
        title = f.text("title")
        status = f.enum("status", Certainty, required=False)
        if ident is None or title is None:
            continue
        if ident in seen:
            fields.problems.add(line, f"duplicate source id {ident!r}")
            continue
        seen.add(ident)
        url, note = f.text("url", False), f.text("note", False)
        sources.append(Source(ident, title, url, note, status))
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
    if language is not None and not LANG_PATTERN.match(language):
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
        allowed_group = (
            "id",
            "name",
            "articles",
            "probable",
            "size",
            "themes",
            "status",
            "membership",
            "source",
        )
        gf = Fields(item, "group", problems, allowed_group, "id")
        gid = gf.ident("id")
        gname = gf.bilingual("name")
        members = gf.int_list("articles")
        probable = gf.int_list("probable")
        size = gf.integer("size", False)
        gthemes = _theme_refs(gf, "themes", themes)
        gstatus = gf.enum("status", Certainty)
        # Which articles belong to the block may be less sure than the block itself; a file
        # that does not say is taken to be as sure of its members as of the block.
        membership = gf.enum("membership", Certainty, required=False) or gstatus
        gsource = _source_ref(gf, sources)
        for number in (*members, *probable):
            if number not in articles:
                gf.fail("articles", f"article {number} is not in this code")
        if gid in {g.id for g in groups}:
            problems.add(line, f"duplicate group id {gid!r}")
        elif gid and gname and gstatus and gsource and membership:
            groups.append(
                Group(gid, gname, members, probable, size, gthemes, gstatus, gsource, membership)
            )

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
        allowed += ["fills", "group"]  # method steps only; framework steps have neither
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
    allowed = [
        "schema",
        "id",
        "name",
        "summary",
        "sources",
        "source",
        "complete",
        "missing",
        "steps",
    ]
    f = Fields(top, "", problems, allowed)
    ident = f.ident("id")
    name = f.bilingual("name")
    summary = f.bilingual("summary")
    sources = _sources(f)
    source = _source_ref(f, sources)
    # A method whose steps could not all be recovered says so, and says what is missing:
    # the app shows it as incomplete rather than as a whole method.
    complete = f.boolean("complete", default=True)
    missing = f.bilingual("missing", False)
    if complete is False and missing is None:
        f.fail("complete", "an incomplete method needs a 'missing' note saying what is missing")
    if complete is True and missing is not None:
        f.fail("missing", "only a method with 'complete: false' has a 'missing' note")
    steps: list[MethodStep] = []
    for values, sf in _steps(f, sources, source, True):
        fills = sf.text("fills", False)
        group = sf.boolean("group")
        if fills is not None and fills not in FILLABLE_FIELDS:
            allowed_fields = ", ".join(sorted(FILLABLE_FIELDS))
            sf.fail("fills", f"fills {fills!r} is not an entry field ({allowed_fields}, or null)")
            continue
        if group is None:
            continue
        steps.append(MethodStep(**values, fills=fills, group=group))
    if problems or not (ident and name and summary and source) or complete is None:
        return None
    return Method(
        ident,
        name,
        summary,
        steps,
        sources,
        source,
        origin,
        str(problems.path),
        complete=complete,
        missing=missing,
    )
