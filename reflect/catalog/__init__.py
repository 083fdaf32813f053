"""The article catalogue: professional codes, frameworks and reflection methods.

Shipped as YAML in ``articles/`` (``reflect/_articles`` in a wheel), validated on load,
extended or overridden by files in the user's config folder. Both the command line and the
app read it only through the names exported here.
"""

from reflect.catalog.catalog import DEFAULT_CODE, Catalog
from reflect.catalog.errors import CatalogError, CatalogProblem, ImportRefused, UnknownCode
from reflect.catalog.loader import load_catalog, reload_catalog, shipped_dir, user_codes_dir
from reflect.catalog.pdf_import import ImportResult, import_pdf
from reflect.catalog.schema import (
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
    Theme,
)
from reflect.catalog.suggest import Suggestion, suggest

__all__ = [
    "DEFAULT_CODE",
    "Article",
    "ArticleStatus",
    "Bilingual",
    "Catalog",
    "CatalogError",
    "CatalogProblem",
    "Certainty",
    "Code",
    "CoreValue",
    "Framework",
    "FrameworkStep",
    "Group",
    "ImportRefused",
    "ImportResult",
    "Method",
    "MethodStep",
    "Source",
    "Suggestion",
    "Theme",
    "UnknownCode",
    "import_pdf",
    "load_catalog",
    "reload_catalog",
    "shipped_dir",
    "suggest",
    "user_codes_dir",
]
