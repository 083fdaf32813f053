"""Every shipped catalogue file obeys the schema and the catalogue's rules.

The rules users rely on: the BPSW code has its 29 articles exactly once; a heading appears
only where the research verified it (nothing invented); the shipped files never carry the
code's own text; every statement names a source listed in its file; every text the UI shows
exists in Dutch and English; and every method step fills a real entry field.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from reflect.catalog import (
    ArticleStatus,
    Bilingual,
    Catalog,
    reload_catalog,
    shipped_dir,
)
from reflect.catalog.schema import FILLABLE_FIELDS
from reflect.catalog.yamlio import LineDict, read_yaml_file
from reflect.model import Entry

# The headings the research verified (research/beroepscode.md); anything else is invented.
VERIFIED_HEADINGS = {
    10: "Vertrouwelijkheid",
    11: "Uitwisselen van informatie",
    13: "Het verstrekken van informatie buiten toestemming",
    19: "Samenwerking in de hulp- en dienstverlening",
    20: "Privacy in de samenwerking",
    21: "Transparante en eenduidige regie",
}
IFSW_HEADINGS = {
    1: "Recognition of the inherent dignity of humanity",
    2: "Promoting human rights",
    3: "Promoting social justice",
    4: "Promoting the right to self-determination",
    5: "Promoting the right to participation",
    6: "Respect for confidentiality and privacy",
    7: "Treating people as whole persons",
    8: "Ethical use of technology and social media",
    9: "Professional integrity",
}
METHOD_IDS = {"dilemmamethode", "nvmw-stappenplan", "dilemmaweging", "starr", "alact", "gibbs"}


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalog:
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(tmp_path / "config"))
    return reload_catalog()


def shipped_files() -> list[Path]:
    return sorted(shipped_dir().rglob("*.yaml"))


def test_shipped_files_exist_where_the_loader_looks() -> None:
    names = {p.relative_to(shipped_dir()).as_posix() for p in shipped_files()}
    assert {
        "themes.yaml",
        "codes/bpsw-2021.yaml",
        "codes/ifsw-2018.yaml",
        "frameworks/meldcode.yaml",
        "frameworks/conflict-van-plichten.yaml",
    } <= names
    assert {f"methods/{m}.yaml" for m in METHOD_IDS} <= names


def test_every_shipped_file_loads_without_a_problem(catalog: Catalog) -> None:
    assert catalog.problems == []
    assert set(catalog.codes) == {"bpsw-2021", "ifsw-2018"}
    assert set(catalog.frameworks) == {"meldcode", "conflict-van-plichten"}
    assert set(catalog.methods) == METHOD_IDS
    assert all(item.origin == "shipped" for item in catalog.codes.values())


def test_bpsw_numbers_1_to_29_appear_exactly_once_in_the_file() -> None:
    data, duplicates = read_yaml_file(shipped_dir() / "codes" / "bpsw-2021.yaml")
    assert duplicates == []
    numbers = [item["number"] for item in data["articles"]]
    assert sorted(numbers) == list(range(1, 30))
    assert all(type(n) is int for n in numbers)


def test_bpsw_headings_only_where_verified(catalog: Catalog) -> None:
    code = catalog.codes["bpsw-2021"]
    headings = {n: a.heading for n, a in code.articles.items() if a.heading is not None}
    assert headings == VERIFIED_HEADINGS
    for number, article in code.articles.items():
        if number in VERIFIED_HEADINGS:
            assert article.status is ArticleStatus.VERIFIED
        elif number in (1, 2):
            assert article.status is ArticleStatus.TOPIC_ONLY
            assert article.paraphrase is not None
        else:
            assert article.status is ArticleStatus.UNKNOWN
            assert article.paraphrase is None
            assert article.label("nl") == f"Artikel {number}"
            assert article.label("en") == f"Article {number}"


def test_bpsw_labels_show_the_heading_or_only_the_number(catalog: Catalog) -> None:
    code = catalog.codes["bpsw-2021"]
    assert code.articles[10].label("nl") == "Artikel 10 – Vertrouwelijkheid"
    assert code.articles[10].label("en") == "Article 10 – Vertrouwelijkheid"
    assert code.articles[1].label("nl") == "Artikel 1"  # topic known, heading not


def test_bpsw_core_values_groups_and_themes(catalog: Catalog) -> None:
    code = catalog.codes["bpsw-2021"]
    assert [v.name.nl for v in code.values] == [
        "Respect voor menselijke waardigheid en autonomie",
        "Betrokkenheid en bereidheid om mensen bij te staan",
        "Sociale rechtvaardigheid en mensenrechten",
        "Deskundigheid en zorgvuldigheid",
        "Betrouwbaarheid en integriteit",
    ]
    assert {"information-privacy", "case-files", "cooperation"} <= set(code.themes)
    groups = {g.id: g for g in code.groups}
    assert groups["informatie-en-privacy"].articles == (10, 11, 13)
    assert groups["dossiervorming"].articles == ()  # no verified member: only probable ones
    assert groups["samenwerking"].articles == (19, 20, 21)


def test_shipped_files_never_contain_the_codes_own_text() -> None:
    for path in shipped_files():
        data, _ = read_yaml_file(path)
        for article in data.get("articles", []):
            assert "norm" not in article, path
            assert "explanation" not in article, path


def test_ifsw_has_its_nine_principles(catalog: Catalog) -> None:
    code = catalog.codes["ifsw-2018"]
    assert {n: a.heading for n, a in code.articles.items()} == IFSW_HEADINGS
    assert code.articles[6].label("en") == "Principle 6 – Respect for confidentiality and privacy"
    principle_3 = code.articles[3].paraphrase
    assert principle_3 is not None
    for sub in ("3.1", "3.2", "3.3", "3.4", "3.5"):
        assert sub in principle_3.text("en")


def test_frameworks_have_their_steps_and_triggers(catalog: Catalog) -> None:
    meldcode = catalog.frameworks["meldcode"]
    conflict = catalog.frameworks["conflict-van-plichten"]
    assert len(meldcode.steps) == 5
    assert [s.title.en for s in conflict.steps] == [
        "Consent",
        "Harm",
        "Conscience",
        "Subsidiarity",
        "Effectiveness",
        "Proportionality",
    ]
    assert "domestic-violence" in meldcode.applies_when
    assert "breaking-confidentiality" in conflict.applies_when
    for framework in (meldcode, conflict):
        assert set(framework.applies_when) <= set(catalog.themes)


def test_method_steps_fill_real_entry_fields(catalog: Catalog) -> None:
    entry_fields = {f.name for f in fields(Entry)}
    assert entry_fields >= FILLABLE_FIELDS
    for method in catalog.methods.values():
        ids = [step.id for step in method.steps]
        assert len(ids) == len(set(ids)), method.id
        assert all(step.fills is None or step.fills in FILLABLE_FIELDS for step in method.steps)


def test_nvmw_step_7_links_to_the_articles(catalog: Catalog) -> None:
    steps = [s for s in catalog.methods["nvmw-stappenplan"].steps if s.number == "7"]
    assert [s.fills for s in steps] == ["articles"]


def test_dilemmaweging_asks_for_the_x_because_y_despite_z_sentence(catalog: Catalog) -> None:
    step = next(s for s in catalog.methods["dilemmaweging"].steps if s.fills == "rationale")
    assert all(part in step.prompt.text("nl") for part in ("X", "Y", "Z"))
    assert "ondanks" in step.prompt.text("nl")
    assert "despite" in step.prompt.text("en")


def _texts(value: Any) -> list[Bilingual]:
    if isinstance(value, Bilingual):
        return [value]
    if is_dataclass(value) and not isinstance(value, type):
        return [t for f in fields(value) for t in _texts(getattr(value, f.name))]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _texts(item)]
    return []


def test_every_text_the_ui_shows_exists_in_dutch_and_english(catalog: Catalog) -> None:
    items = [*catalog.codes.values(), *catalog.frameworks.values(), *catalog.methods.values()]
    items += list(catalog.themes.values())
    texts = [t for item in items for t in _texts(item)]
    assert len(texts) > 200  # the walk really reached the steps and articles
    missing = [t for t in texts if not (t.nl and t.en)]
    assert missing == []


def test_every_statement_names_a_source_listed_in_its_file(catalog: Catalog) -> None:
    for code in catalog.codes.values():
        listed = {s.id for s in code.sources}
        for article in code.articles.values():
            if article.status is not ArticleStatus.UNKNOWN:
                assert article.source in listed, (code.id, article.number)
        for item in [*code.values, *code.groups, *code.about]:
            assert item.source in listed
    for flow in [*catalog.frameworks.values(), *catalog.methods.values()]:
        listed = {s.id for s in flow.sources}
        assert flow.source in listed
        assert all(step.source in listed for step in flow.steps), flow.id


def test_every_shipped_file_is_a_yaml_mapping_with_schema_1() -> None:
    for path in shipped_files():
        data, duplicates = read_yaml_file(path)
        assert isinstance(data, LineDict), path
        assert data.get("schema") == 1, path
        assert duplicates == [], path


def test_catalog_article_lookup(catalog: Catalog) -> None:
    article = catalog.article("bpsw-2021", 13)
    assert article is not None and article.code == "bpsw-2021"
    assert catalog.article("bpsw-2021", 30) is None
    assert catalog.article("no-such-code", 1) is None
