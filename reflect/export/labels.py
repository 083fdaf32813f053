"""Names from the catalogue: article headings and method step titles, never invented.

The catalogue is optional here: if it cannot be loaded, or does not know an article, the
label is just "Artikel 12" / "Article 12"; a method step falls back to its id.
"""

from __future__ import annotations

from typing import Any

from reflect.i18n import t
from reflect.model import ArticleRef


def _catalog() -> Any | None:
    try:
        from reflect.catalog import load_catalog
    except ImportError:
        return None
    try:
        return load_catalog()
    except Exception:  # a broken user catalogue must not stop an export
        return None


def article_label(ref: ArticleRef, lang: str) -> str:
    """``Artikel 10 – Vertrouwelijkheid``, or ``Artikel 10`` when the heading is unknown."""
    catalog = _catalog()
    article = catalog.article(ref.code, ref.number) if catalog is not None else None
    if article is not None:
        return str(article.label(lang))
    return t("export.article", lang, number=ref.number)


def method_name(method_id: str, lang: str) -> str:
    catalog = _catalog()
    method = catalog.methods.get(method_id) if catalog is not None else None
    return str(method.name.text(lang)) if method is not None else method_id


def step_title(method_id: str | None, step_id: str, lang: str) -> str:
    catalog = _catalog()
    if catalog is None or method_id is None:
        return step_id
    method = catalog.methods.get(method_id)
    step = method.step(step_id) if method is not None else None
    return str(step.title.text(lang)) if step is not None else step_id
