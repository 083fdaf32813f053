"""The Dutch and English catalogs say the same things, plural forms follow the number, and
the errors of the encrypted store come out in the user's language.

The catalogs are read here with a stricter YAML loader than the app's, so a key typed twice
(easy when several people add keys to one file) fails a test instead of silently winning.
"""

from __future__ import annotations

import ast
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

sys.path.insert(0, str(Path(__file__).parent / "vault"))

from vault_helpers import PASSPHRASE, Cli, fast_kdf

import reflect
from reflect import errors
from reflect.errors import UsageError, WrongPassphrase
from reflect.i18n import LANGUAGES, PLURAL_FORMS, current_language, set_language, t
from reflect.model import parse_date, parse_status
from reflect.vault import storage
from reflect.vault.journal import Journal
from reflect.vault.storage import JournalLock

PACKAGE = Path(reflect.__file__).parent
LOCALE = PACKAGE / "locale"

Catalog = dict[str, Any]


class _StrictLoader(yaml.SafeLoader):
    """safe_load, except that a key given twice in one mapping is an error."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _files(lang: str) -> list[Path]:
    return sorted((LOCALE / lang).glob("*.yaml"))


def _load(lang: str) -> Catalog:
    """Every key of ``lang``, failing on a key defined twice (in one file or across files)."""
    merged: Catalog = {}
    for path in _files(lang):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader) or {}
        assert isinstance(data, dict), path
        again = sorted(set(merged) & set(data))
        assert not again, f"{path} defines keys another {lang} file already has: {again}"
        merged.update(data)
    return merged


CATALOGS = {lang: _load(lang) for lang in LANGUAGES}


def _forms(value: Any) -> dict[str, str]:
    """A message as {form: text}: plain text is the single form ""."""
    return dict(value) if isinstance(value, dict) else {"": value}


def _placeholders(text: str) -> set[str]:
    """The names a message formats in: {count}, {value!r} and {path} give count, value, path."""
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None
    }


def _messages() -> Iterator[tuple[str, str, str, str]]:
    """(language, key, form, text) for every text in every catalog."""
    for lang, catalog in CATALOGS.items():
        for key, value in catalog.items():
            for form, text in _forms(value).items():
                yield lang, key, form, text


# ---- the catalogs -----------------------------------------------------------------------


def test_both_languages_have_the_same_catalog_files() -> None:
    assert [p.name for p in _files("nl")] == [p.name for p in _files("en")]


def test_dutch_and_english_hold_exactly_the_same_keys() -> None:
    nl, en = set(CATALOGS["nl"]), set(CATALOGS["en"])
    assert sorted(en - nl) == [], "missing in Dutch"
    assert sorted(nl - en) == [], "missing in English"


def test_every_value_is_text_or_plural_forms() -> None:
    """YAML turns an unquoted yes, 10 or an empty value into a bool, an int or None."""
    for lang, catalog in CATALOGS.items():
        for key, value in catalog.items():
            if isinstance(value, dict):
                assert all(isinstance(v, str) for v in value.values()), (lang, key, value)
            else:
                assert isinstance(value, str) and value, (lang, key, value)


def test_plural_entries_have_one_and_other_in_both_languages() -> None:
    for key in CATALOGS["en"]:
        nl, en = CATALOGS["nl"].get(key), CATALOGS["en"][key]
        assert isinstance(nl, dict) == isinstance(en, dict), f"{key}: plural in one language only"
        if isinstance(en, dict) and isinstance(nl, dict):
            assert sorted(en) == sorted(nl) == sorted(PLURAL_FORMS), key


def test_placeholders_are_the_same_in_both_languages() -> None:
    """A {name} only one language uses is either lost information or a KeyError."""
    for key, en in CATALOGS["en"].items():
        nl = CATALOGS["nl"][key]
        for form, text in _forms(en).items():
            assert _placeholders(_forms(nl)[form]) == _placeholders(text), (key, form)


def test_every_message_formats_with_its_own_placeholders() -> None:
    """Stray braces or a bad !conversion would only fail at the moment the user needs the
    message."""
    for lang, key, form, text in _messages():
        values = dict.fromkeys(_placeholders(text), 7)
        try:
            text.format(**values)
        except (ValueError, KeyError, IndexError, AttributeError) as exc:
            pytest.fail(f"{lang} {key} {form}: {exc!r}")


FAKE_PLURALS = ("(s)", "(en)", "(ën)", "/namen", "/problemen")


def test_no_fake_plurals_are_left_where_a_count_is_given() -> None:
    for lang, key, form, text in _messages():
        if "{count}" in text and form == "":
            fake = [mark for mark in FAKE_PLURALS if mark in text]
            assert not fake, f"{lang} {key}: {text!r} fakes a plural; use one/other forms"


def _literal_keys(path: Path) -> Iterator[tuple[int, str]]:
    """The keys passed as a literal to ``t(...)`` in one source file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "t"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def test_every_key_the_code_asks_for_exists() -> None:
    """A missing key shows up as the bare key (by design, never a crash): catch it here."""
    missing = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {key}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, key in _literal_keys(path)
        if key not in CATALOGS["en"]
    ]
    assert not missing, "keys used but in no catalog:\n" + "\n".join(missing)


# ---- t() --------------------------------------------------------------------------------


@pytest.fixture
def language() -> Iterator[None]:
    """Whatever a test switches to, the next test starts in the language it found."""
    before = current_language()
    try:
        yield
    finally:
        set_language(before)


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("en", 0, "0 identifiers replaced by pseudonyms."),
        ("en", 1, "1 identifier replaced by a pseudonym."),
        ("en", 2, "2 identifiers replaced by pseudonyms."),
        ("nl", 0, "0 identificerende gegevens vervangen door pseudoniemen."),
        ("nl", 1, "1 identificerend gegeven vervangen door een pseudoniem."),
        ("nl", 2, "2 identificerende gegevens vervangen door pseudoniemen."),
    ],
)
def test_t_picks_the_plural_form_by_count(lang: str, count: int, expected: str) -> None:
    assert t("privacy.redacted", lang, count=count) == expected


def test_plural_form_follows_the_current_language(language: None) -> None:
    set_language("nl")
    assert t("tui.revisions.title", count=1) == "Geschiedenis (1 eerdere versie)"
    set_language("en")
    assert t("tui.revisions.title", count=3) == "History (3 earlier versions)"


def test_a_forgotten_count_shows_the_other_form_instead_of_crashing() -> None:
    """A call that passes the number under another name is a bug, but it must not crash the
    screen that shows the message: the placeholder stays visible, as a missing key does."""
    other = CATALOGS["en"]["tui.catalog.problems"]["other"]
    assert t("tui.catalog.problems", "en") == other
    assert t("tui.catalog.problems", "en", n=1) == other
    assert t("privacy.alias.removed", "en", count=1) == "Removed 1 name with pseudonym {pseudonym}."


def test_plain_messages_ignore_count() -> None:
    assert t("tui.export.check.clean", "en", count=0) == CATALOGS["en"]["tui.export.check.clean"]


# ---- errors of the store, in the user's language -----------------------------------------


def _error_classes() -> set[str]:
    """Every user-facing error class, SavedButNotFlushed (defined in storage) included."""
    assert issubclass(storage.SavedButNotFlushed, errors.ReflectError)
    found: set[str] = set()
    todo = [errors.ReflectError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def test_every_error_of_the_store_and_the_model_is_translated() -> None:
    """An English literal in a ReflectError would be the one untranslated line a Dutch user
    sees; every message must be built by t() where it is raised."""
    classes = _error_classes()
    untranslated = []
    for path in [*sorted((PACKAGE / "vault").glob("*.py")), PACKAGE / "model.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in classes:
                continue
            message = node.args[0] if node.args else None
            if not (
                isinstance(message, ast.Call)
                and isinstance(message.func, ast.Name)
                and message.func.id == "t"
            ):
                untranslated.append(f"{path.name}:{node.lineno}: {node.func.id}")
    assert untranslated == []


def test_wrong_passphrase_on_unlock_is_reported_in_dutch(tmp_path: Path, language: None) -> None:
    path = tmp_path / "journal.reflect"
    journal, _ = Journal.create(path, PASSPHRASE, fast_kdf())
    journal.close()
    set_language("nl")
    lock = JournalLock(path)
    lock.acquire()
    try:
        with pytest.raises(WrongPassphrase) as wrong:
            Journal.unlock(path, "niet het goede", lock)
    finally:
        lock.release()
    assert str(wrong.value) == "verkeerde wachtzin"


def test_model_errors_follow_the_language_at_raise_time(language: None) -> None:
    set_language("nl")
    with pytest.raises(UsageError) as status:
        parse_status("nope")
    assert str(status.value) == "onbekende status 'nope'; kies uit: draft, decided, evaluated"
    with pytest.raises(UsageError) as day:
        parse_date("31-12-2025")
    assert str(day.value) == "geen datum (gebruik JJJJ-MM-DD): '31-12-2025'"
    set_language("en")
    with pytest.raises(UsageError, match=r"^unknown status 'nope'; use one of: draft"):
        parse_status("nope")


def test_cli_prints_store_errors_in_dutch(tmp_path: Path) -> None:
    """End to end: the whole line, prefix and message, in one language."""
    cli = Cli(tmp_path / "data", tmp_path / "config")
    missing = cli.run("list", REFLECT_LANG="nl")
    assert missing.code == 1
    assert missing.error_line() == (
        f"reflect: fout: geen dagboek op {cli.journal}: maak er een met `reflect init`"
    )
    cli.init()
    wrong = cli.run("list", REFLECT_LANG="nl", REFLECT_PASSPHRASE="niet het goede")
    assert wrong.code == 3
    assert wrong.error_line() == "reflect: fout: verkeerde wachtzin"
