"""The content of the shipped methods: which entry fields their steps fill, and which steps
presume a group.

Two user reports behind these tests: no step filled the entry's question, although the
werkverslag and the intervision exports open with it; and the Dilemmamethode spoke as if a
group were present to someone working alone. The mappings asserted here are the ones the
research notes support (research/methods.md); a method without such a step stays without.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from pathlib import Path

import pytest

from reflect.catalog import Catalog, CatalogProblem, reload_catalog
from reflect.catalog.schema import FILLABLE_FIELDS
from reflect.fields import FIELDS, TEXT_FIELDS, Kind
from reflect.model import Entry

# The steps that fill the question and the learning goal, by method: (step id, number).
QUESTION_STEPS = {"dilemmamethode": [("doel", "1")]}
LEARNING_GOAL_STEPS = {
    "starr": [("transfer", None)],  # (T)ransfer: what you take into a next situation
    "alact": [("uitproberen", None)],  # Trial: the action of the next cycle
    "gibbs": [("actieplan", None)],  # action plan
}
# Steps of the Dilemmamethode that need a group: ground rules and notes, the round of
# clarifying questions from the others, and the dialogue.
GROUP_STEPS = {"dilemmamethode": ["introductie", "verhelderen", "dialoog"]}


@pytest.fixture
def catalog() -> Catalog:
    return reload_catalog()  # conftest points the config folder at an empty tmp_path


@pytest.fixture
def methods_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "methods"
    folder.mkdir(parents=True)
    return folder


def steps_filling(catalog: Catalog, field: str) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list[tuple[str, str | None]]] = {}
    for method in catalog.methods.values():
        steps = [(s.id, s.number) for s in method.steps if s.fills == field]
        if steps:
            found[method.id] = steps
    return found


def method_yaml(*step_lines: str) -> str:
    return (
        "schema: 1\nid: mine\nname: Mijn methode\nsummary: Kort\n"
        "sources: [{id: me, title: Me}]\nsource: me\nsteps:\n" + "".join(step_lines)
    )


def problems_for(catalog: Catalog, path: Path) -> list[CatalogProblem]:
    return [p for p in catalog.problems if p.path == path]


# ---- fills ---------------------------------------------------------------------------------


def test_fillable_fields_are_the_field_tables_texts_and_lists() -> None:
    entry_fields = {f.name for f in fields(Entry)}
    assert set(TEXT_FIELDS) <= FILLABLE_FIELDS
    assert FILLABLE_FIELDS - set(TEXT_FIELDS) == {"options", "stakeholders", "articles"}
    assert entry_fields >= FILLABLE_FIELDS
    assert {"question", "learning_goal"} <= FILLABLE_FIELDS
    # What a step cannot fill: the method itself, the answers by step, the status, the dates.
    rest = {spec.name for spec in FIELDS} - FILLABLE_FIELDS
    assert {spec.kind for spec in FIELDS if spec.name in rest} == {
        Kind.METHOD,
        Kind.ANSWERS,
        Kind.STATUS,
        Kind.DATE,
    }


def test_every_shipped_fills_value_names_a_real_entry_field(catalog: Catalog) -> None:
    assert catalog.problems == []
    entry_fields = {f.name for f in fields(Entry)}
    used = {s.fills for m in catalog.methods.values() for s in m.steps if s.fills is not None}
    assert used <= entry_fields
    assert used <= FILLABLE_FIELDS


def test_no_method_fills_one_field_from_two_steps(catalog: Catalog) -> None:
    # Two steps filling one field would show the same box twice and the second answer would
    # silently take the place of the first.
    for method in catalog.methods.values():
        counts = Counter(s.fills for s in method.steps if s.fills is not None)
        assert [name for name, n in counts.items() if n > 1] == [], method.id


def test_the_question_is_filled_by_the_dilemmamethodes_goal(catalog: Catalog) -> None:
    assert steps_filling(catalog, "question") == QUESTION_STEPS
    step = catalog.methods["dilemmamethode"].step("doel")
    assert step is not None and not step.group  # the goal applies to someone alone as well
    # Split from step 1: the goal comes first, the group's ground rules after it.
    assert [s.id for s in catalog.methods["dilemmamethode"].steps[:2]] == ["doel", "introductie"]
    assert "vraag" in step.prompt.text("nl") and "question" in step.prompt.text("en")


def test_the_learning_goal_is_filled_by_the_reflection_models(catalog: Catalog) -> None:
    assert steps_filling(catalog, "learning_goal") == LEARNING_GOAL_STEPS
    # Each is the model's last, forward-looking step.
    for method_id, [(step_id, _)] in LEARNING_GOAL_STEPS.items():
        assert catalog.methods[method_id].steps[-1].id == step_id


def test_the_validator_accepts_every_text_field_of_the_entry(methods_dir: Path) -> None:
    lines = [
        f"  - {{id: s-{name.replace('_', '-')}, title: T, prompt: P, help: H, fills: {name}}}\n"
        for name in (*TEXT_FIELDS, "options", "stakeholders", "articles")
    ]
    path = methods_dir / "mine.yaml"
    path.write_text(method_yaml(*lines), encoding="utf-8")
    catalog = reload_catalog()
    assert problems_for(catalog, path) == []
    assert [s.fills for s in catalog.methods["mine"].steps] == [
        *TEXT_FIELDS,
        "options",
        "stakeholders",
        "articles",
    ]


def test_a_field_outside_the_entry_is_refused(methods_dir: Path) -> None:
    path = methods_dir / "mine.yaml"
    path.write_text(
        method_yaml("  - {id: a, title: T, prompt: P, help: H, fills: method_answers}\n"),
        encoding="utf-8",
    )
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert problem.line == 8
    assert "fills 'method_answers' is not an entry field" in problem.message
    assert "question" in problem.message and "learning_goal" in problem.message
    assert "mine" not in catalog.methods


# ---- group steps ---------------------------------------------------------------------------


def test_group_is_read_as_true_false_or_missing(methods_dir: Path) -> None:
    path = methods_dir / "mine.yaml"
    path.write_text(
        method_yaml(
            "  - {id: a, title: T, prompt: P, help: H, group: true}\n",
            "  - {id: b, title: T, prompt: P, help: H, group: false}\n",
            "  - {id: c, title: T, prompt: P, help: H}\n",
        ),
        encoding="utf-8",
    )
    catalog = reload_catalog()
    assert problems_for(catalog, path) == []
    assert [(s.id, s.group) for s in catalog.methods["mine"].steps] == [
        ("a", True),
        ("b", False),
        ("c", False),
    ]


@pytest.mark.parametrize("value", ['"true"', "1", "[true]", "sometimes"])
def test_a_group_that_is_not_true_or_false_is_a_problem_at_its_line(
    methods_dir: Path, value: str
) -> None:
    path = methods_dir / "mine.yaml"
    path.write_text(
        method_yaml(
            "  - id: a\n    title: T\n    prompt: P\n    help: H\n",
            f"  - id: b\n    title: T\n    prompt: P\n    help: H\n    group: {value}\n",
        ),
        encoding="utf-8",
    )
    catalog = reload_catalog()
    [problem] = problems_for(catalog, path)
    assert (problem.line, problem.message) == (16, "step b: field 'group' must be true or false")
    assert str(problem).startswith(f"{path}:16: ")
    assert "mine" not in catalog.methods  # a file with any problem is skipped as a whole
    assert len(catalog.methods) == 6  # the shipped methods still load


def test_framework_steps_have_no_group_field(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "frameworks"
    folder.mkdir(parents=True)
    path = folder / "mine.yaml"
    path.write_text(
        method_yaml("  - {id: a, title: T, prompt: P, help: H, group: true}\n"),
        encoding="utf-8",
    )
    [problem] = problems_for(reload_catalog(), path)
    assert problem.line == 8 and "unknown field 'group'" in problem.message


def test_the_shipped_group_steps(catalog: Catalog) -> None:
    found = {m.id: [s.id for s in m.steps if s.group] for m in catalog.methods.values()}
    # The other methods (NVMW, dilemmaweging, STARR, ALACT, Gibbs) were checked: none of
    # their steps needs a group.
    assert {k: v for k, v in found.items() if v} == GROUP_STEPS


def test_every_group_step_speaks_to_someone_alone_in_both_languages(catalog: Catalog) -> None:
    for method_id, step_ids in GROUP_STEPS.items():
        for step_id in step_ids:
            step = catalog.methods[method_id].step(step_id)
            assert step is not None
            assert step.prompt.nl and step.prompt.en, step_id
            assert step.help.nl and "Alleen" in step.help.nl, step_id
            assert step.help.en and "Alone" in step.help.en, step_id
