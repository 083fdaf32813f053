"""What an export selects, the identifier gate in the export pipeline, and atomic 0600 writes.

All entries here are fictional.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reflect.errors import EntryNotFound, IdentifiersFound
from reflect.export import (
    ExportWriteFailed,
    prepare_export,
    render_preview,
    write_atomic,
    write_export,
)
from reflect.export.document import all_text
from reflect.model import ArticleRef, Entry, Status
from reflect.operations.exporting import read_material
from reflect.operations.query import Query, selection_query
from reflect.privacy import NameDetector, load_name_detector
from reflect.vault.journal import Journal


@pytest.fixture(scope="session")
def names() -> NameDetector:
    return load_name_detector()


def entry(
    eid: str, day: int, status: Status = Status.DRAFT, articles: tuple[int, ...] = ()
) -> Entry:
    return Entry(
        id=eid,
        created=datetime(2024, 3, day, 12, tzinfo=UTC),
        title=f"notitie {eid}",
        status=status,
        articles=[ArticleRef("bpsw-2021", n) for n in articles],
    )


ENTRIES = [
    entry("aaaa111111", 1, Status.DRAFT, (10,)),
    entry("bbbb222222", 10, Status.DECIDED, (13,)),
    entry("cccc333333", 20, Status.EVALUATED, (10, 13)),
]


def ids(tmp_path: Path, wanted: tuple[str, ...] = (), query: Query | None = None) -> list[str]:
    """What an export selects, read the way both front ends read it."""
    path = tmp_path / "selection.reflect"
    if not path.exists():
        journal, _ = Journal.create(path, "a passphrase for tests")
        journal.add_many(ENTRIES)
        journal.close()
    with Journal.open(path, "a passphrase for tests") as journal:
        material = read_material(journal, wanted, query or Query(), with_revisions=False)
    return [e.id for e in material.entries]


def test_selection_by_ids_dates_articles_status(tmp_path: Path) -> None:
    today = date(2024, 4, 1)
    assert ids(tmp_path) == ["aaaa111111", "bbbb222222", "cccc333333"]
    assert ids(tmp_path, ("cccc", "aaaa111111")) == ["cccc333333", "aaaa111111"]
    period = selection_query(date_from=date(2024, 3, 5), date_to=date(2024, 3, 20), today=today)
    assert ids(tmp_path, query=period) == ["bbbb222222", "cccc333333"]
    assert ids(tmp_path, query=selection_query(articles=(10,), today=today)) == [
        "aaaa111111",
        "cccc333333",
    ]
    decided = selection_query(statuses=(Status.DECIDED,), today=today)
    assert ids(tmp_path, query=decided) == ["bbbb222222"]
    with pytest.raises(EntryNotFound):
        ids(tmp_path, ("zzzz",))


IDENTIFYING = Entry(
    title="Gesprek",
    situation="Jan de Vries (15 jaar) belde vanaf 06-12345678.",
    decision="Terugbellen.",
)


def test_findings_block_writing_until_redacted_or_forced(
    tmp_path: Path, names: NameDetector
) -> None:
    prepared = prepare_export(
        [IDENTIFYING], template="werkverslag", lang="nl", aliases={}, names=names
    )
    assert prepared.blocked and {f.kind for f in prepared.findings} >= {"person", "age", "phone"}
    target = tmp_path / "uit.md"
    with pytest.raises(IdentifiersFound) as refused:
        write_export(prepared, "md", target)
    assert refused.value.exit_code == 6 and not target.exists()
    write_export(prepared, "md", target, force=True)
    assert "Jan de Vries" in target.read_text()


def test_redacted_export_is_clean_and_writable(tmp_path: Path, names: NameDetector) -> None:
    prepared = prepare_export(
        [IDENTIFYING],
        template="werkverslag",
        lang="nl",
        aliases={"Vries": "V."},
        names=names,
        redact=True,
    )
    assert prepared.redacted and prepared.findings and not prepared.remaining
    assert not prepared.blocked
    text = all_text(prepared.document)
    assert "Jan" not in text and "06-12345678" not in text and "15 jaar" not in text
    assert "[Persoon 1]" in text and "[telefoonnummer]" in text
    path = write_export(prepared, "md", tmp_path / "schoon.md")
    assert path.read_text(encoding="utf-8") == render_preview(prepared.document)


def test_headings_the_user_typed_are_checked_too(names: NameDetector) -> None:
    prepared = prepare_export(
        [Entry(title="Zorgen om Jan de Vries")], template="full", lang="en", aliases={}, names=names
    )
    assert [f.text for f in prepared.findings] == ["Jan de Vries"]
    assert "Jan" not in prepared.findings[0].where  # where names the part, not the user's text


def test_write_atomic_creates_0600_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "export.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["export.md"]


def test_unwritable_path_gives_one_clear_error_and_no_partial_file(tmp_path: Path) -> None:
    with pytest.raises(ExportWriteFailed) as missing:
        write_atomic(tmp_path / "no" / "such" / "dir" / "x.md", b"data")
    assert "x.md" in str(missing.value) and "\n" not in str(missing.value)
    # A parent that is a file cannot be written into, whoever runs the test (root included).
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x")
    with pytest.raises(ExportWriteFailed):
        write_atomic(not_a_folder / "x.md", b"data")
    assert sorted(os.listdir(tmp_path)) == ["plain-file"]
    assert not_a_folder.read_text() == "x"


def test_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportWriteFailed):
        write_atomic(tmp_path, b"data")


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.md"
    target.write_text("old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportWriteFailed, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["export.md"]
