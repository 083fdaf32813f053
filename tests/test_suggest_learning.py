"""Suggestions that learn from the user (issue 12).

Articles the user tagged on earlier entries that resemble a new text rise for it; the
similarity index behind that (reflect.operations.similarity) follows the journal as entries
are added, changed and deleted, and is built from the decrypted journal in memory only.
Every entry here is made up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.catalog import Catalog, load_catalog
from reflect.catalog.suggest import Precedent, Suggestion, suggest
from reflect.model import ArticleRef, Entry
from reflect.operations.similarity import (
    SimilarityIndex,
    journal_sources,
    source_of_entry,
)
from reflect.vault.journal import Journal

CODE = "bpsw-2021"
# Texts about working with a disorder one knows little about; none of them names expertise
# in words the catalogue lists, so without learning article 2 does not come up.
EARLIER = [
    ("Jongen met autisme", "Ik begeleid een jongen met autisme en een angststoornis op school."),
    ("Autisme en structuur", "Een meisje met autisme raakt van slag als de planning verandert."),
]
NEW = "Mijn nieuwe cliënt is een jongen met autisme; de school vraagt om een vaste planning."


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return load_catalog(user=tmp_path_factory.mktemp("config"))


def entry(title: str, text: str, *numbers: int, entry_id: str | None = None) -> Entry:
    made = Entry(title=title, situation=text, articles=[ArticleRef(CODE, n) for n in numbers])
    if entry_id is not None:
        made.id = entry_id
    return made


def numbers(found: list[Suggestion]) -> list[int]:
    return [s.number for s in found if s.kind == "article" and s.number is not None]


def test_an_article_tagged_on_similar_earlier_entries_rises_for_a_new_one(
    catalog: Catalog,
) -> None:
    earlier = [entry(title, text, 2) for title, text in EARLIER]
    unrelated = entry("Wijkteam", "In het wijkteam delen we gegevens zonder afspraken.", 20)
    index = SimilarityIndex.build(source_of_entry(e) for e in [*earlier, unrelated])

    before = suggest(NEW, catalog, lang="en")
    learned = index.learned(NEW, code=CODE)
    after = suggest(NEW, catalog, lang="en", learned=learned)

    assert 2 not in numbers(before)
    assert numbers(after)[0] == 2
    two = next(s for s in after if s.number == 2)
    assert set(two.precedents) == {e.id for e in earlier}
    assert any("2 similar earlier entries" in reason for reason in two.reasons)
    assert any("Jongen met autisme" in reason for reason in two.reasons)
    # The unrelated entry's article is not raised: it does not resemble the new text.
    assert (CODE, 20) not in learned and 20 not in numbers(after)


def test_learning_adds_to_what_the_words_say(catalog: Catalog) -> None:
    text = "Een moeder wil weten wat haar zoon mij vertelt; hij wil niet dat ik iets zeg."
    earlier = entry("Moeder belt", "Een moeder wil alles weten wat haar zoon mij vertelt.", 13)
    index = SimilarityIndex.build([source_of_entry(earlier)])
    plain = {s.number: s.score for s in suggest(text, catalog) if s.number}
    learned = {s.number: s.score for s in suggest(text, catalog, learned=index.learned(text))}
    assert learned[13] > plain.get(13, 0.0)
    assert learned[11] == pytest.approx(plain[11])  # what was not tagged stays where it was


def test_the_entry_being_edited_does_not_teach_itself(catalog: Catalog) -> None:
    own = entry(*EARLIER[0], 2, entry_id="aaaaaaaaaa")
    index = SimilarityIndex.build([source_of_entry(own)])
    assert index.learned(EARLIER[0][1], exclude=own.id) == {}
    assert index.learned(EARLIER[0][1]) != {}


def test_other_codes_and_weak_likeness_do_not_count() -> None:
    tagged = entry(*EARLIER[0], 2)
    tagged.articles.append(ArticleRef("ifsw-2018", 6))
    index = SimilarityIndex.build([source_of_entry(tagged)])
    assert set(index.learned(NEW, code=CODE)) == {(CODE, 2)}
    assert index.learned("Vandaag was de printer op kantoor weer kapot.") == {}
    assert index.similar("") == [] and SimilarityIndex().similar(NEW) == []


def test_the_index_follows_the_journal() -> None:
    first, second = entry(*EARLIER[0], 2), entry(*EARLIER[1], 2)
    index = SimilarityIndex.build([source_of_entry(first), source_of_entry(second)])
    assert len(index) == 2
    assert {s.entry_id for s in index.similar(NEW)} == {first.id, second.id}

    # A save: the entry's new text and tags replace the old ones.
    first.title = "Huurachterstand"
    first.situation = "Overleg met de woningcorporatie over achterstallige huur."
    first.articles = [ArticleRef(CODE, 19)]
    first.updated = first.updated.replace(year=first.updated.year + 1)
    index.update(source_of_entry(first))
    assert [s.entry_id for s in index.similar(NEW)] == [second.id]

    # A sync with the journal: what was deleted goes, what is unchanged is not read again.
    assert index.sync([source_of_entry(first)]) == 1
    assert index.similar(NEW) == []
    assert index.sync([source_of_entry(first)]) == 0
    index.remove(first.id)
    assert len(index) == 0


def test_learning_from_a_real_journal_writes_nothing(catalog: Catalog, tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    journal, _ = Journal.create(folder / "j.reflect", "a passphrase for tests")
    try:
        for title, text in EARLIER:
            journal.add(entry(title, text, 2))
        before = sorted(p.name for p in folder.iterdir())
        index = SimilarityIndex.build(journal_sources(journal))
        found = suggest(NEW, catalog, learned=index.learned(NEW, code=CODE))
        assert numbers(found)[0] == 2
        assert sorted(p.name for p in folder.iterdir()) == before
    finally:
        journal.close()


def test_bringing_the_index_up_to_date_reads_only_what_changed(tmp_path: Path) -> None:
    journal, _ = Journal.create(tmp_path / "j.reflect", "a passphrase for tests")
    try:
        first, second = (journal.add(entry(title, text, 2)) for title, text in EARLIER)
        index = SimilarityIndex.build(journal_sources(journal))
        assert journal_sources(journal, index.stamps()).sources == []

        changed = journal.update(
            entry("Nieuw", "Een gesprek over huurachterstand.", 19, entry_id=first.id)
        )
        journal.delete(second.id)
        snapshot = journal_sources(journal, index.stamps())
        assert [s.id for s in snapshot.sources] == [changed.id]
        assert snapshot.ids == {first.id}
        assert index.sync(snapshot) == 2
        assert len(index) == 1 and index.similar(NEW) == []
    finally:
        journal.close()


def test_learned_precedents_are_plain_data() -> None:
    precedent = Precedent("abc", "Titel", 0.5)
    assert precedent.similarity == 0.5 and precedent.title == "Titel"
