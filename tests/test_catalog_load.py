"""Loading catalogues: user files extend or override the shipped ones, and a broken file
gets one clear message naming the file, the line and the problem while the rest loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.catalog import Catalog, CatalogProblem, load_catalog, reload_catalog

ORG_CODE = """\
schema: 1
id: org-code
name: {nl: Gedragscode Voorbeeldorganisatie, en: Code of conduct of an example organisation}
source: Made-up organisation code for this test
edition: "2024"
language: nl
sources:
  - {id: own, title: Our own code}
articles:
  - number: 1
    heading: Omgaan met cadeaus
    status: verified
    source: own
    paraphrase: {nl: Neem geen cadeaus aan van cliënten., en: Do not accept gifts from clients.}
    keywords: [cadeau, geschenk]
  - number: 2
    heading: null
    status: unknown
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("REFLECT_CONFIG_DIR", str(folder))
    (folder / "codes").mkdir(parents=True)
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "codes" / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(catalog: Catalog, path: Path) -> list[CatalogProblem]:
    return [p for p in catalog.problems if p.path == path]


def shipped_still_loaded(catalog: Catalog) -> bool:
    return {"bpsw-2021", "ifsw-2018"} <= set(catalog.codes) and len(catalog.methods) == 6


def test_a_users_own_code_loads_beside_the_shipped_ones(config: Path) -> None:
    write(config, "org.yaml", ORG_CODE)
    catalog = reload_catalog()
    assert catalog.problems == []
    assert shipped_still_loaded(catalog)
    org = catalog.codes["org-code"]
    assert org.origin == "user"
    assert org.articles[1].label("nl") == "Artikel 1 – Omgaan met cadeaus"
    assert org.articles[2].label("en") == "Article 2"
    assert [a.number for a in catalog.search("cadeau", code="org-code")] == [1]


def test_a_user_file_with_a_shipped_id_overrides_it(config: Path) -> None:
    write(config, "mine.yaml", ORG_CODE.replace("id: org-code", "id: bpsw-2021"))
    catalog = reload_catalog()
    assert catalog.codes["bpsw-2021"].origin == "user"
    assert catalog.article("bpsw-2021", 1).heading == "Omgaan met cadeaus"  # type: ignore[union-attr]


def test_malformed_yaml_names_file_and_line_and_the_rest_loads(config: Path) -> None:
    path = write(config, "broken.yaml", "id: x\nname: [unclosed\nsource: y\n")
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert problem.line == 3
    assert "invalid YAML" in problem.message
    assert str(problem).startswith(f"{path}:3: ")
    assert shipped_still_loaded(catalog)


def test_unknown_field_is_reported_at_its_line(config: Path) -> None:
    text = ORG_CODE.replace("    heading: Omgaan met cadeaus\n", "    headng: Omgaan met cadeaus\n")
    path = write(config, "org.yaml", text)
    catalog = reload_catalog()
    messages = [(p.line, p.message) for p in problems_for(catalog, path)]
    assert (
        11,
        "article 1: unknown field 'headng' (allowed: explanation, heading, keywords, "
        "norm, number, paraphrase, source, status, themes)",
    ) in messages
    assert "org-code" not in catalog.codes  # a flawed file is not half-used
    assert shipped_still_loaded(catalog)


def test_duplicate_article_number_is_reported_at_the_second(config: Path) -> None:
    text = ORG_CODE + "  - number: 1\n    heading: null\n    status: unknown\n"
    path = write(config, "org.yaml", text)
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert problem.line == 19
    assert problem.message == "duplicate article number 1 (first on line 10)"


def test_schema_violations_are_reported_with_lines(config: Path) -> None:
    text = (
        ORG_CODE.replace("    status: verified\n", "    status: sure\n")
        .replace('edition: "2024"\n', "")
        .replace("  - number: 2\n", "  - number: two\n")
    )
    path = write(config, "org.yaml", text)
    catalog = reload_catalog()
    found = {(p.line, p.message) for p in problems_for(catalog, path)}
    assert (1, "missing field 'edition'") in found
    assert (11, "article 1: status 'sure' is not one of: verified, topic-only, unknown") in found
    assert (15, "article two: field 'number' must be a whole number of 1 or more") in found


def test_an_invented_heading_on_an_unknown_article_is_refused(config: Path) -> None:
    text = ORG_CODE.replace(
        "  - number: 2\n    heading: null\n", "  - number: 2\n    heading: Verzonnen\n"
    )
    path = write(config, "org.yaml", text)
    catalog = reload_catalog()
    messages = [p.message for p in problems_for(catalog, path)]
    assert "article 2: an article with status unknown cannot have a heading" in messages


def test_unlisted_source_and_unknown_theme_are_reported(config: Path) -> None:
    text = ORG_CODE.replace("    source: own\n", "    source: elsewhere\n    themes: [nope]\n")
    path = write(config, "org.yaml", text)
    messages = [p.message for p in problems_for(reload_catalog(), path)]
    assert "article 1: unknown theme 'nope'" in messages
    assert "article 1: source 'elsewhere' is not listed under 'sources'" in messages


def test_duplicate_yaml_key_is_reported(config: Path) -> None:
    path = write(
        config, "org.yaml", ORG_CODE.replace("language: nl\n", "language: nl\nlanguage: en\n")
    )
    [problem] = problems_for(reload_catalog(), path)
    assert (problem.line, problem.message) == (7, "duplicate key 'language'")


def test_a_broken_override_keeps_the_shipped_catalogue(config: Path) -> None:
    path = write(config, "bpsw-2021.yaml", "id: bpsw-2021\narticles: 12\n")
    catalog = reload_catalog()
    assert catalog.codes["bpsw-2021"].origin == "shipped"
    assert problems_for(catalog, path)


def test_a_file_for_a_newer_reflect_is_skipped_with_a_message(config: Path) -> None:
    path = write(config, "org.yaml", "schema: 2\n" + ORG_CODE.replace("schema: 1\n", ""))
    [problem] = problems_for(reload_catalog(), path)
    assert "newer reflect" in problem.message


def test_user_methods_and_frameworks_load_from_their_folders(config: Path) -> None:
    (config / "methods").mkdir()
    (config / "methods" / "mine.yaml").write_text(
        "id: mine\nname: Mijn methode\nsummary: Kort\nsources: [{id: me, title: Me}]\n"
        "source: me\nsteps:\n"
        "  - {id: wat, title: Wat, prompt: 'Wat gebeurde er?', help: Kort, fills: situation}\n"
        "  - {id: hoe, title: Hoe, prompt: 'Hoe voelde het?', help: Kort, fills: mood}\n",
        encoding="utf-8",
    )
    catalog = reload_catalog()
    [problem] = [p for p in catalog.problems if p.path.name == "mine.yaml"]
    assert problem.line == 8 and "fills 'mood' is not an entry field" in problem.message
    assert "mine" not in catalog.methods


def test_load_is_cached_until_reloaded(config: Path) -> None:
    first = load_catalog()
    assert load_catalog() is first
    write(config, "org.yaml", ORG_CODE)
    assert "org-code" not in load_catalog().codes
    assert "org-code" in reload_catalog().codes


def test_search_by_number_heading_prefix_and_theme(config: Path) -> None:
    catalog = reload_catalog()

    def numbers(query: str, code: str | None = "bpsw-2021") -> list[int]:
        return [a.number for a in catalog.search(query, code=code)]

    assert numbers("13") == [13]
    assert numbers("artikel 12") == [12]
    assert numbers("Vertrouwelijkheid")[0] == 10
    assert set(numbers("samenw")[:2]) == {19, 20}  # heading words, prefix typed so far
    assert set(numbers("cooperation")) == {19, 20, 21}  # theme id and English theme name
    # Case and accents do not matter.
    assert numbers("CLIËNT Toestemming") == numbers("client toestemming")
    assert {11, 13} <= set(numbers("client toestemming"))
    assert numbers("") == list(range(1, 30))
    assert numbers("zzzz") == []
    both = {(a.code, a.number) for a in catalog.search("privacy", code=None)}
    assert {("bpsw-2021", 20), ("ifsw-2018", 6)} <= both
