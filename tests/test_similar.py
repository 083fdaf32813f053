"""Earlier reasoning (issue 14): the earlier entries most like one, by their text (worded
differently, in Dutch or English) and by the articles tagged, with what was decided then;
the rule (reflect.operations.earlier) and `reflect similar`. Every entry here is made up."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.model import ArticleRef, Entry, Status
from reflect.operations.earlier import earlier_for_entry, rank_earlier
from reflect.operations.similarity import SimilarityIndex, source_of_entry
from reflect.vault.journal import Journal

PASS = "twee losse woorden"
CODE = "bpsw-2021"


def entry(
    entry_id: str, title: str, situation: str, *numbers: int, decision: str = "", **more: str
) -> Entry:
    return Entry(
        id=entry_id,
        title=title,
        situation=situation,
        decision=decision,
        articles=[ArticleRef(CODE, n) for n in numbers],
        **more,  # type: ignore[arg-type]
    )


# The earlier confidentiality dilemma, and distractors about other themes (one about sharing
# information in a team, one about a mother and a child at school: near, but not the same).
CONFIDENTIAL = entry(
    "conf000001",
    "Tiener wil dat moeder niets weet",
    "Een tiener wil dat ik zijn moeder niets vertel over wat hij mij toevertrouwde: hij blowt "
    "elke dag en slaapt soms dagen bij een vriend.",
    10,
    decision="Voorlopig vertrouwelijk gehouden; samen een gesprek met moeder voorbereid.",
    rationale="Zijn vertrouwen is de ingang voor hulp.\nEr was geen acuut gevaar.",
    dilemma="Houd ik zijn vertrouwen, of licht ik zijn moeder in?",
)
DUTCH_OTHERS = [
    entry(
        "gift000001",
        "Cadeau van een cliënte",
        "Een oudere cliënte die ik twee jaar begeleidde wil me bij het afscheid een dure "
        "armband geven. Weigeren voelt als een belediging.",
        18,
        decision="Bedankt en het cadeau vriendelijk geweigerd.",
    ),
    entry(
        "debt000001",
        "Schuldhulp: cliënt wil geen budgetbeheer",
        "Meneer heeft hoge schulden en dreigt uit zijn huurwoning gezet te worden, maar hij "
        "weigert budgetbeheer omdat hij zijn geld zelf wil regelen.",
        3,
        decision="Eerst een betalingsregeling met de verhuurder, budgetbeheer als vangnet.",
    ),
    entry(
        "work000001",
        "Bijscholing of caseload?",
        "Mijn teamleider vraagt me de training te laten schieten omdat de wachtlijst oploopt.",
        decision="De training gevolgd en twee dossiers overgedragen.",
    ),
    entry(
        "team000001",
        "Informatie delen in het wijkteam",
        "In het casusoverleg willen collega's van het wijkteam dat ik alle gegevens over een "
        "gezin deel, terwijl de cliënt daar geen toestemming voor gaf.",
        11,
        decision="Alleen gedeeld wat nodig was, na toestemming.",
    ),
    entry(
        "hurt000001",
        "Blauwe plekken bij een meisje",
        "Op school zag de leerkracht blauwe plekken op de armen van een meisje van acht; "
        "moeder zegt dat ze van de fiets is gevallen.",
        13,
        decision="De meldcode gevolgd en overlegd met Veilig Thuis.",
    ),
]
NEW_DUTCH = entry(
    "newd000001",
    "Jongere over de spanningen thuis",
    "Een jongere vertelt in vertrouwen over thuis en vraagt niets aan zijn ouders te zeggen.",
    dilemma="Respecteer ik zijn wens, of betrek ik de ouders erbij?",
)

CONFIDED = entry(
    "conf000002",
    "Not a word to her mother",
    "A young person confided in me about trouble in the family and begged me to say "
    "nothing to her mother.",
    decision="Kept it between us for now and prepared a talk with her mother together.",
)
ENGLISH_OTHERS = [
    entry(
        "gift000002",
        "A gift at the last visit",
        "An elderly client wants to give me an expensive bracelet as a thank-you now that our "
        "work together ends.",
    ),
    entry(
        "debt000002",
        "Debts and the rent",
        "The client has large debts and may be evicted by his landlord, but he refuses "
        "budget management.",
    ),
    entry(
        "hurt000002",
        "Bruises on a girl",
        "The teacher saw bruises on a girl's arms at school; her mother says she fell off "
        "her bike.",
    ),
    entry(
        "work000002",
        "Training or caseload",
        "My manager asks me to skip the training because the waiting list keeps growing.",
    ),
]
NEW_ENGLISH = entry(
    "newe000001",
    "A teenager asks for secrecy",
    "A teenager told me in confidence about problems at home and asked me not to tell his parents.",
)


def index_of(entries: list[Entry]) -> SimilarityIndex:
    return SimilarityIndex.build(source_of_entry(e) for e in entries)


def ranked_ids(index: SimilarityIndex, new: Entry) -> list[str]:
    tags = [(a.code, a.number) for a in new.articles]
    found = rank_earlier(index, new.searchable_text(), tags, exclude=new.id, limit=10)
    return [r.entry_id for r in found]


# ---- the ranking ----------------------------------------------------------------------------


def test_a_confidentiality_dilemma_finds_the_earlier_one_worded_differently() -> None:
    index = index_of([CONFIDENTIAL, *DUTCH_OTHERS, NEW_DUTCH])
    found = ranked_ids(index, NEW_DUTCH)
    assert found[0] == CONFIDENTIAL.id
    assert NEW_DUTCH.id not in found  # never the entry itself
    assert "gift000001" not in found and "work000001" not in found  # nothing alike


def test_an_english_dilemma_finds_the_earlier_one_worded_differently() -> None:
    index = index_of([CONFIDED, *ENGLISH_OTHERS, NEW_ENGLISH])
    found = ranked_ids(index, NEW_ENGLISH)
    assert found[0] == CONFIDED.id
    assert "gift000002" not in found and "work000002" not in found


def test_shared_articles_raise_an_entry() -> None:
    text = "Een moeder vraagt inzage in het dossier van haar zoon van zestien."
    first = entry("same000001", "Inzage dossier", text, 20)
    second = entry("same000002", "Dossier en moeder", text, 10, 13)
    index = index_of([first, second])
    new = replace(NEW_DUTCH, situation=text, dilemma="", title="Inzage", articles=[])
    untagged = ranked_ids(index, new)
    assert set(untagged[:2]) == {first.id, second.id}
    for tags, top in (((10, 13), second.id), ((20,), first.id)):
        tagged = replace(new, articles=[ArticleRef(CODE, n) for n in tags])
        assert ranked_ids(index, tagged)[0] == top, tags


def test_an_entry_sharing_two_articles_is_found_though_worded_apart() -> None:
    apart = entry("tags000001", "Cadeau", "Een cliënte wil me een armband geven.", 10, 13)
    index = index_of([apart, CONFIDENTIAL])
    two = replace(NEW_DUTCH, articles=[ArticleRef(CODE, 10), ArticleRef(CODE, 13)])
    one = replace(NEW_DUTCH, articles=[ArticleRef(CODE, 10)])
    assert apart.id in ranked_ids(index, two)
    assert apart.id not in ranked_ids(index, one)  # one article in common says little


def test_a_draft_without_text_finds_nothing_yet() -> None:
    index = index_of([CONFIDENTIAL, *DUTCH_OTHERS])
    assert rank_earlier(index, "  \n ", [(CODE, 10)]) == []


def test_the_decision_and_the_first_line_of_the_reasons_come_along(tmp_path: Path) -> None:
    journal, _ = Journal.create(tmp_path / "j.reflect", PASS)
    journal.add_many([CONFIDENTIAL, *DUTCH_OTHERS, NEW_DUTCH])
    found = earlier_for_entry(journal, journal.get(NEW_DUTCH.id), limit=3)
    assert len(found) <= 3
    top = found[0]
    assert top.entry_id == CONFIDENTIAL.id and top.decision == CONFIDENTIAL.decision
    assert top.rationale_first_line == "Zijn vertrouwen is de ingang voor hulp."
    journal.delete(CONFIDENTIAL.id)
    after = earlier_for_entry(journal, journal.get(NEW_DUTCH.id))
    assert CONFIDENTIAL.id not in [f.entry_id for f in after]
    journal.close()


# ---- `reflect similar` ------------------------------------------------------------------------


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "journal.reflect"
    path.parent.mkdir(parents=True)
    made, _ = Journal.create(path, PASS)
    decided = replace(CONFIDENTIAL, status=Status.DECIDED)
    made.add_many([decided, *DUTCH_OTHERS, NEW_DUTCH])
    made.close()
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASS)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_similar_json_gives_the_most_similar_first(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "similar", NEW_DUTCH.id, "--json")
    assert code == 0
    data = json.loads(out)
    assert data[0]["id"] == CONFIDENTIAL.id
    assert set(data[0]) == {
        "id",
        "title",
        "created",
        "similarity",
        "shared_articles",
        "decision",
        "status",
    }
    assert data[0]["title"] == CONFIDENTIAL.title
    assert data[0]["decision"] == CONFIDENTIAL.decision
    assert data[0]["status"] == "decided"
    assert data[0]["shared_articles"] == []  # the new entry has no articles tagged
    scores = [item["similarity"] for item in data]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 1
    assert NEW_DUTCH.id not in [item["id"] for item in data]

    _, out, _ = run(capsys, "similar", NEW_DUTCH.id[:6], "--json", "--limit", "1")
    assert [item["id"] for item in json.loads(out)] == [CONFIDENTIAL.id]


def test_similar_json_names_the_shared_articles(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "edit", NEW_DUTCH.id, "--article", "10")[0] == 0
    _, out, _ = run(capsys, "similar", NEW_DUTCH.id, "--json")
    top = json.loads(out)[0]
    assert top["id"] == CONFIDENTIAL.id
    assert top["shared_articles"] == [{"code": CODE, "number": 10}]


def test_similar_plain_output_is_a_readable_list(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "similar", NEW_DUTCH.id)
    assert code == 0
    first = out.split("\n\n")[0].splitlines()
    assert CONFIDENTIAL.id in first[0] and CONFIDENTIAL.title in first[0]
    assert "decided" in first[0] and "%" in first[0]
    assert all(len(line) <= 80 for line in out.splitlines())
    said = " ".join(line.strip() for line in first[1:])
    assert f"decided: {CONFIDENTIAL.decision} because:" in said
    assert said.endswith("because: Zijn vertrouwen is de ingang voor hulp.")
    assert "acuut gevaar" not in out  # the first line of the reasons only

    code, out, _ = run(capsys, "--lang", "nl", "similar", NEW_DUTCH.id)
    assert code == 0 and "besloten: Voorlopig vertrouwelijk gehouden;" in out


def test_similar_with_nothing_alike_says_so(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lonely = entry("lone000001", "Verhuizing", "Het kantoor gaat verhuizen naar een ander pand.")
    with Journal.open(journal, PASS) as made:
        made.add(lonely)
    code, out, err = run(capsys, "similar", lonely.id)
    assert code == 0 and out == "" and "No entries like" in err
    code, out, _ = run(capsys, "similar", lonely.id, "--json")
    assert code == 0 and json.loads(out) == []


def test_similar_errors_follow_the_contract(
    journal: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, "similar", "zzzzzzzzzz")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "zzzzzzzzzz" in err and "Traceback" not in err
    code, _, err = run(capsys, "similar", NEW_DUTCH.id, "--limit", "0")
    assert code == 2 and err.count("\n") == 1
    with pytest.raises(SystemExit) as usage:  # argparse: no id at all
        main(["similar"])
    assert usage.value.code == 2 and capsys.readouterr().err.count("\n") == 1
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the passphrase")
    code, _, err = run(capsys, "similar", NEW_DUTCH.id)
    assert code == 3 and err.count("\n") == 1
