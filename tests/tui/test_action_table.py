"""The action table is the one source of keys: every action has a key, words in both
languages, a palette entry, and every screen's bindings come from it."""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

import pytest
from textual.binding import Binding

import reflect.screens
from reflect.i18n import LANGUAGES, t
from reflect.tui.actions import ACTIONS, SCOPES, bindings_for, listed_actions, palette_actions
from reflect.tui.base import ReflectModal, ReflectScreen


def screen_classes() -> list[type]:
    found: list[type] = []
    for info in pkgutil.iter_modules(reflect.screens.__path__):
        module = importlib.import_module(f"reflect.screens.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, ReflectScreen | ReflectModal)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def test_every_action_has_a_key_and_words_in_both_languages() -> None:
    for spec in ACTIONS:
        assert spec.key.strip(), spec.id
        for lang in LANGUAGES:
            words = [t(spec.label_key, lang)] if spec.listed else []
            words += [t(spec.help_key, lang)] if spec.listed else []
            words += [t(spec.footer, lang)] if spec.footer else []
            for text in words:
                assert text and not text.startswith("tui."), (spec.id, lang, text)


def test_every_listed_action_is_in_the_palette_and_the_help() -> None:
    for spec in ACTIONS:
        if not spec.listed or spec.id == "palette":  # ctrl+p opens the palette itself
            continue
        offered = palette_actions(spec.scope, journal_open=True)
        assert spec in offered, spec.id
        if spec.scope in SCOPES:
            assert spec in listed_actions(spec.scope), spec.id


def test_no_key_is_bound_twice_in_one_scope() -> None:
    for scope in {spec.scope for spec in ACTIONS}:
        keys = Counter(k for spec in ACTIONS if spec.scope == scope for k in spec.key.split(","))
        assert [k for k, n in keys.items() if n > 1] == [], scope


@pytest.mark.parametrize("screen", screen_classes(), ids=lambda c: c.__name__)
def test_screen_bindings_come_from_the_table(screen: type) -> None:
    bindings = list(getattr(screen, "BINDINGS", []))
    assert bindings == bindings_for(screen.SCOPE)  # type: ignore[attr-defined]
    assert all(isinstance(b, Binding) and b.id for b in bindings)


def test_the_apps_bindings_come_from_the_table() -> None:
    from reflect.app import ReflectApp

    assert list(ReflectApp.BINDINGS) == bindings_for("app")
