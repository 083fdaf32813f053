"""The loaded catalogue: every code, framework and method, and a simple search."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reflect.catalog.errors import CatalogProblem
from reflect.catalog.schema import Article, Code, Framework, Method, Theme
from reflect.catalog.textmatch import fold, words

DEFAULT_CODE = "bpsw-2021"


@dataclass
class Catalog:
    """Everything loaded from the shipped ``articles/`` and the user's config folder.

    ``problems`` lists every flaw found while loading; the files they are in were skipped
    (a user file that fails leaves the shipped catalogue of the same id in place).
    """

    codes: dict[str, Code] = field(default_factory=dict)
    frameworks: dict[str, Framework] = field(default_factory=dict)
    methods: dict[str, Method] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    problems: list[CatalogProblem] = field(default_factory=list)
    # Suggestion indexes, built on first use per code; see reflect.catalog.suggest.
    _indexes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def code(self, code: str) -> Code | None:
        return self.codes.get(code)

    def article(self, code: str, number: int) -> Article | None:
        found = self.codes.get(code)
        return found.articles.get(number) if found else None

    def theme(self, code: str | None, theme_id: str) -> Theme | None:
        """A theme as a code sees it: its own themes first, then the shared ones."""
        found = self.codes.get(code) if code else None
        if found and theme_id in found.themes:
            return found.themes[theme_id]
        return self.themes.get(theme_id)

    def search(self, query: str, code: str | None = None) -> list[Article]:
        """Articles matching every word of ``query``, best first.

        A bare number (``10``, ``art. 10``, ``artikel 10``) finds that article. Otherwise each
        word must occur in the heading, the paraphrase (either language), a theme or a
        keyword; words are compared without case or accents, and a word may match the start
        of a longer one (``privac`` finds privacy), so typing a prefix is enough.
        """
        codes = [self.codes[code]] if code in self.codes else []
        if code is None:
            codes = list(self.codes.values())
        articles = [a for c in codes for a in c.articles.values()]
        terms = words(query)
        number_terms = [t for t in terms if t.isdigit()]
        text_terms = [t for t in terms if not t.isdigit() and t not in _NUMBER_WORDS]
        if not terms:
            return articles
        if number_terms and not text_terms:
            wanted = {int(t) for t in number_terms}
            return [a for a in articles if a.number in wanted]
        scored: list[tuple[int, int, Article]] = []
        for position, article in enumerate(articles):
            fields = self._search_fields(article)
            score = 0
            for term in text_terms:
                best = max((_term_score(term, text, weight) for text, weight in fields), default=0)
                if best == 0:
                    break
                score += best
            else:
                if number_terms and str(article.number) not in number_terms:
                    continue
                scored.append((-score, position, article))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [article for _, _, article in scored]

    def _search_fields(self, article: Article) -> list[tuple[list[str], int]]:
        fields: list[tuple[list[str], int]] = []
        if article.heading:
            fields.append((words(article.heading), 3))
        if article.paraphrase:
            both = f"{article.paraphrase.nl or ''} {article.paraphrase.en or ''}"
            fields.append((words(both), 1))
        theme_words: list[str] = []
        for theme_id in article.themes:
            theme_words += words(theme_id.replace("-", " "))
            theme = self.theme(article.code, theme_id)
            if theme is not None:
                theme_words += words(f"{theme.name.nl or ''} {theme.name.en or ''}")
        keyword_words = [w for group in article.keywords.values() for k in group for w in words(k)]
        fields.append((theme_words, 2))
        fields.append((keyword_words, 2))
        return fields


_NUMBER_WORDS = frozenset({"art", "artikel", "article", "principle", "principe", "nr"})


def _term_score(term: str, texts: list[str], weight: int) -> int:
    folded = fold(term)
    if folded in texts:
        return weight * 2
    if len(folded) >= 3 and any(text.startswith(folded) for text in texts):
        return weight
    return 0
