"""Find and load every catalogue file: the shipped ones, then the user's own.

Shipped content sits in ``reflect/_articles`` inside an installed wheel and in ``articles/``
at the root of a source checkout. The user's folder (``<config>/codes``, ``frameworks``,
``methods``) is read after it, so a user file with the id of a shipped one replaces it:
that is how an imported copy of the official code, or an organisation's own code, takes over.
A file with problems is skipped and its problems are kept on the catalogue for the caller
to show; everything else still loads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import reflect
from reflect.catalog.catalog import Catalog
from reflect.catalog.fields import Problems
from reflect.catalog.schema import Theme
from reflect.catalog.validate import (
    build_code,
    build_framework,
    build_method,
    build_themes_file,
)
from reflect.catalog.yamlio import YamlSyntaxError, read_yaml_file
from reflect.paths import config_dir

KINDS = ("codes", "frameworks", "methods")
THEMES_FILE = "themes.yaml"
T = TypeVar("T")

_lock = threading.Lock()
_cache: dict[tuple[Path, Path], Catalog] = {}


def shipped_dir() -> Path:
    """The shipped ``articles`` folder: inside the installed package, else the checkout."""
    package = Path(reflect.__file__).resolve().parent
    installed = package / "_articles"
    if installed.is_dir():
        return installed
    return package.parent / "articles"


def user_dir() -> Path:
    """The user's catalogue folder (``REFLECT_CONFIG_DIR`` overrides the platform folder)."""
    return config_dir()


def user_codes_dir() -> Path:
    return user_dir() / "codes"


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith((".", "~"))
    )


def _parse(path: Path, problems: Problems) -> Any:
    try:
        data, duplicates = read_yaml_file(path)
    except YamlSyntaxError as exc:
        problems.add(exc.line, exc.message)
        return None
    for line, key in duplicates:
        problems.add(line, f"duplicate key {key!r}")
    if data is None:
        problems.add(0, "the file is empty")
    return data


def _load_kind(
    catalog: Catalog,
    folders: list[tuple[Path, str]],
    build: Callable[[Any, Problems, str], T | None],
    ident: Callable[[T], str],
) -> dict[str, T]:
    """Load one kind of file from each layer in turn; later layers replace earlier ids."""
    loaded: dict[str, T] = {}
    for folder, origin in folders:
        seen_here: dict[str, Path] = {}
        for path in _yaml_files(folder):
            problems = Problems(path)
            data = _parse(path, problems)
            item = build(data, problems, origin) if data is not None and not problems else None
            if item is not None:
                key = ident(item)
                if key in seen_here:
                    problems.add(0, f"id {key!r} is already used by {seen_here[key]}; file skipped")
                else:
                    seen_here[key] = path
                    loaded[key] = item
            catalog.problems.extend(problems.items)
    return loaded


def _load_themes(catalog: Catalog, root: Path) -> dict[str, Theme]:
    path = root / THEMES_FILE
    if not path.is_file():
        return {}
    problems = Problems(path)
    data = _parse(path, problems)
    themes = build_themes_file(data, problems) if data is not None and not problems else {}
    catalog.problems.extend(problems.items)
    return themes


def _build(shipped: Path, user: Path) -> Catalog:
    catalog = Catalog()
    catalog.themes = _load_themes(catalog, shipped)
    themes = catalog.themes

    def layers(kind: str) -> list[tuple[Path, str]]:
        return [(shipped / kind, "shipped"), (user / kind, "user")]

    catalog.codes = _load_kind(
        catalog,
        layers("codes"),
        lambda data, problems, origin: build_code(data, problems, themes, origin),
        lambda code: code.id,
    )
    catalog.frameworks = _load_kind(
        catalog,
        layers("frameworks"),
        lambda data, problems, origin: build_framework(data, problems, themes, origin),
        lambda framework: framework.id,
    )
    catalog.methods = _load_kind(catalog, layers("methods"), build_method, lambda m: m.id)
    return catalog


def load_catalog(shipped: Path | None = None, user: Path | None = None) -> Catalog:
    """The catalogue, loaded once per pair of folders and then served from memory."""
    key = ((shipped or shipped_dir()).resolve(), (user or user_dir()).expanduser().resolve())
    with _lock:
        cached = _cache.get(key)
        if cached is None:
            cached = _build(*key)
            _cache[key] = cached
        return cached


def reload_catalog(shipped: Path | None = None, user: Path | None = None) -> Catalog:
    """Forget every loaded catalogue and read the files again (after an import, say)."""
    with _lock:
        _cache.clear()
    return load_catalog(shipped, user)
