"""What the catalogue may claim, and how sure it says it is (issue 12, Content).

- The meldcode's steps say what the model meldcode says since 2019: the weighing framework
  drives steps 4 and 5; in doubt, consult Veilig Thuis (step 4); first decide whether a report
  is necessary (always with acute or structural unsafety, and whenever the professional cannot
  offer or organise effective help), then whether help is (also) possible (step 5). The
  steps are attributed to the model meldcode, not to the law.
- A method whose steps could not all be recovered (the NVMW step plan) is marked incomplete,
  and a method from an unchecked source (Dilemmaweging) is marked unverified, in the
  catalogue and where the app offers methods.
- Group membership that no source states is marked inferred, and a block of tentative
  articles is one suggestion, not five identical ones.

The checks use meaning-bearing words, not whole sentences: the wording may change, the
claims may not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.catalog import Catalog, CatalogProblem, Certainty, reload_catalog
from reflect.catalog.suggest import suggest
from reflect.widgets.entry_form import method_caveat, method_label

FILE_ACCESS = "De cliënt vraagt inzage in zijn dossier en wil dat ik mijn aantekeningen vernietig."


@pytest.fixture
def catalog() -> Catalog:
    return reload_catalog()  # conftest points the config folder at an empty tmp_path


def folded(text: str) -> str:
    return " ".join(text.lower().split())


def step_text(catalog: Catalog, step_id: str, lang: str) -> str:
    step = next(s for s in catalog.frameworks["meldcode"].steps if s.id == step_id)
    return folded(f"{step.title.text(lang)} {step.prompt.text(lang)} {step.help.text(lang)}")


def problems_for(catalog: Catalog, path: Path) -> list[CatalogProblem]:
    return [p for p in catalog.problems if p.path == path]


# ---- the meldcode --------------------------------------------------------------------------


def test_the_meldcode_has_the_models_five_steps_in_order(catalog: Catalog) -> None:
    assert catalog.problems == []
    steps = catalog.frameworks["meldcode"].steps
    assert [(s.id, s.number) for s in steps] == [
        ("signalen", "1"),
        ("overleg", "2"),
        ("gesprek", "3"),
        ("wegen", "4"),
        ("beslissen", "5"),
    ]


def test_the_weighing_framework_drives_steps_4_and_5(catalog: Catalog) -> None:
    for step_id in ("wegen", "beslissen"):
        assert "afwegingskader" in step_text(catalog, step_id, "nl"), step_id
        assert "weighing framework" in step_text(catalog, step_id, "en"), step_id
    summary = catalog.frameworks["meldcode"].summary
    assert "stap 4 en 5" in folded(summary.text("nl"))
    assert "steps 4 and 5" in folded(summary.text("en"))
    assert "2019" in summary.text("nl") and "2019" in summary.text("en")


def test_step_4_says_consult_veilig_thuis_when_in_doubt(catalog: Catalog) -> None:
    dutch = step_text(catalog, "wegen", "nl")
    english = step_text(catalog, "wegen", "en")
    assert "twijfel" in dutch and "altijd veilig thuis" in dutch and "raadpleeg" in dutch
    assert "doubt" in english and "consult veilig thuis" in english


def test_step_5_decides_on_reporting_first_then_on_help(catalog: Catalog) -> None:
    dutch = step_text(catalog, "beslissen", "nl")
    english = step_text(catalog, "beslissen", "en")
    # Two decisions, in this order.
    assert dutch.index("melden bij veilig thuis noodzakelijk") < dutch.index("(ook) mogelijk")
    assert english.index("report to veilig thuis necessary") < english.index("(also) possible")
    assert "beslissing 1" in dutch and "beslissing 2" in dutch
    assert "decision 1" in english and "decision 2" in english


def test_step_5_says_when_reporting_is_required(catalog: Catalog) -> None:
    dutch = step_text(catalog, "beslissen", "nl")
    english = step_text(catalog, "beslissen", "en")
    # Always with acute or structural unsafety ...
    assert "noodzakelijk in elk geval van acute of structurele onveiligheid" in dutch
    assert "necessary in every case of acute or structural unsafety" in english
    # ... and whenever the professional cannot offer or organise adequate help.
    assert "onvoldoende effectieve hulp kunt bieden of organiseren" in dutch
    assert "cannot offer or organise sufficiently effective help" in english
    # Reporting is not presented as a free choice beside help any more.
    assert "geen vrije keuze" in dutch and "not a free alternative" in english
    assert "of allebei" not in dutch and "or both?" not in english


def test_the_steps_are_attributed_to_the_model_meldcode_not_the_law(catalog: Catalog) -> None:
    meldcode = catalog.frameworks["meldcode"]
    sources = {s.id: s for s in meldcode.sources}
    assert "model" in sources[meldcode.source].title.lower()
    for step in meldcode.steps:
        assert step.source != "wet", step.id
        source = sources[step.source]
        assert "model" in source.title.lower() or "afwegingskader" in source.title.lower()
        assert source.url and source.status is Certainty.SECOND_HAND  # read via summaries
    law = sources["wet"]
    assert "not from the text of the law" in folded(law.note or "")


# ---- methods: incomplete, unverified --------------------------------------------------------


def test_the_nvmw_step_plan_is_marked_incomplete(catalog: Catalog) -> None:
    method = catalog.methods["nvmw-stappenplan"]
    assert method.complete is False
    assert method.missing is not None
    for lang in ("nl", "en"):
        assert "9" in method.missing.text(lang)
    # Nothing is invented after step 9.
    assert max(int(s.number or 0) for s in method.steps) == 9
    main = method.main_source
    assert main is not None and main.status is Certainty.SECOND_HAND and main.url
    # Every other shipped method is whole.
    assert [m.id for m in catalog.methods.values() if not m.complete] == ["nvmw-stappenplan"]


def test_dilemmaweging_has_an_unverified_source(catalog: Catalog) -> None:
    method = catalog.methods["dilemmaweging"]
    assert method.unverified
    main = method.main_source
    assert main is not None and main.status is Certainty.UNVERIFIED
    assert main.url and "opleidingvertrouwenspersoon" in main.url
    assert main.to_dict()["status"] == "unverified"


def test_the_app_marks_incomplete_and_unverified_methods_where_they_are_chosen(
    catalog: Catalog,
) -> None:
    nvmw = catalog.methods["nvmw-stappenplan"]
    weighing = catalog.methods["dilemmaweging"]
    gibbs = catalog.methods["gibbs"]
    assert "(onvolledig)" in method_label(nvmw, "nl")
    assert "(incomplete)" in method_label(nvmw, "en")
    assert "bron niet geverifieerd" in method_label(weighing, "nl")
    assert "source not verified" in method_label(weighing, "en")
    assert method_label(gibbs, "en") == gibbs.name.text("en")  # a whole, sourced method
    # On its steps, the method says what is missing, or that its source is unchecked.
    assert nvmw.missing is not None and nvmw.missing.text("nl") in method_caveat(nvmw, "nl")
    assert "incomplete" in method_caveat(nvmw, "en")
    assert "opleidingvertrouwenspersoon" in method_caveat(weighing, "en")
    assert method_caveat(gibbs, "en") == ""


# ---- groups ---------------------------------------------------------------------------------


def test_inferred_group_membership_is_marked_inferred(catalog: Catalog) -> None:
    groups = {g.id: g for g in catalog.codes["bpsw-2021"].groups}
    for group_id in ("informatie-en-privacy", "dossiervorming"):
        group = groups[group_id]
        assert group.membership is Certainty.INFERRED, group_id
        assert group.status is Certainty.SECOND_HAND  # the block and its size: summaries
        assert group.size == 5
    # A file that does not say is as sure of the members as of the block.
    assert groups["samenwerking"].membership is groups["samenwerking"].status


def test_a_file_access_dilemma_shows_one_tentative_block(catalog: Catalog) -> None:
    found = suggest(FILE_ACCESS, catalog)
    tentative = [s for s in found if s.tentative]
    assert len(tentative) == 1
    [block] = tentative
    assert block.number == 14 and block.block == (14, 15, 16, 17, 18)
    assert block.group == "dossiervorming"
    assert not {15, 16, 17, 18} & {s.number for s in found}
    assert all(not s.block for s in found if not s.tentative)


def test_a_tentative_block_leaves_room_for_other_suggestions(catalog: Catalog) -> None:
    text = FILE_ACCESS + " Hij vertelde me dat in vertrouwen; zijn moeder mag het niet weten."
    found = suggest(text, catalog)
    assert sum(s.tentative for s in found) == 1
    assert 10 in [s.number for s in found]
    for limit in (1, 2, 3):
        assert sum(s.tentative for s in suggest(text, catalog, limit=limit)) <= 1


# ---- validation of the new fields -----------------------------------------------------------

METHOD = (
    "schema: 1\nid: mine\nname: Mijn methode\nsummary: Kort\n"
    "sources: [{{id: me, title: Me{status}}}]\nsource: me\n{extra}"
    "steps:\n  - {{id: a, title: T, prompt: P, help: H}}\n"
)


def write_method(tmp_path: Path, *, status: str = "", extra: str = "") -> Path:
    folder = tmp_path / "config" / "methods"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(METHOD.format(status=status, extra=extra), encoding="utf-8")
    return path


def test_an_incomplete_method_must_say_what_is_missing(tmp_path: Path) -> None:
    path = write_method(tmp_path, extra="complete: false\n")
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert "needs a 'missing' note" in problem.message
    assert "mine" not in catalog.methods


def test_a_missing_note_needs_complete_false(tmp_path: Path) -> None:
    path = write_method(tmp_path, extra="missing: {nl: Stap 3, en: Step 3}\n")
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert "only a method with 'complete: false'" in problem.message


def test_complete_must_be_a_real_boolean(tmp_path: Path) -> None:
    path = write_method(tmp_path, extra='complete: "false"\nmissing: Stap 3\n')
    catalog = reload_catalog()
    messages = [p.message for p in problems_for(catalog, path)]
    assert any("'complete' must be true or false" in m for m in messages)


def test_a_user_method_may_be_incomplete_and_unverified(tmp_path: Path) -> None:
    path = write_method(
        tmp_path, status=", status: unverified", extra="complete: false\nmissing: Stap 3\n"
    )
    catalog = reload_catalog()
    assert problems_for(catalog, path) == []
    method = catalog.methods["mine"]
    assert not method.complete and method.unverified
    assert method.missing is not None and method.missing.text("en") == "Stap 3"


def test_an_unknown_source_status_is_refused(tmp_path: Path) -> None:
    path = write_method(tmp_path, status=", status: sure")
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert "status 'sure' is not one of: verified, second-hand, inferred, unverified" in (
        problem.message
    )


def test_an_unknown_group_membership_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "codes"
    folder.mkdir(parents=True)
    path = folder / "org.yaml"
    path.write_text(
        "schema: 1\nid: org\nname: Org\nsource: Org code\nedition: '2024'\nlanguage: nl\n"
        "sources: [{id: own, title: Own}]\n"
        "groups:\n  - {id: blok, name: Blok, articles: [1], status: verified,"
        " membership: guessed, source: own}\n"
        "articles:\n  - {number: 1, heading: Een, status: verified, source: own}\n",
        encoding="utf-8",
    )
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert "membership 'guessed' is not one of" in problem.message
