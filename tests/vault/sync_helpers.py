"""A journal and a conflict copy that went separate ways, for the merge tests (fictional)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vault_helpers import PASSPHRASE, a_day_later, make_journal

from reflect.model import Entry
from reflect.vault import format as fmt
from reflect.vault.journal import ENTRIES, ERASED, REVISIONS, Journal, decode_tables
from reflect.vault.tinystore import Tables
from tests.journal_files import plaintext_of

NEXTCLOUD = "journal (conflicted copy 2026-01-02 101112).reflect"


@dataclass
class Diverged:
    """A journal and a conflict copy that went separate ways from the same four entries."""

    journal: Path
    copy: Path
    ids: dict[str, str]  # title -> id


def diverge(journal_path: Path, copy_name: str = NEXTCLOUD) -> Diverged:
    made = make_journal(
        journal_path,
        [
            Entry(title="A", situation="Fictieve cliënt A vraagt om uitstel."),
            Entry(title="B", situation="Fictieve collega B twijfelt."),
            Entry(title="C", situation="Fictief gezin C wil geen hulp."),
            Entry(title="D", situation="Fictieve jongere D zwijgt."),
        ],
    )
    ids = {e.title: e.id for e in made.entries}
    device_b = journal_path.parent.parent / "device-b" / "journal.reflect"
    device_b.parent.mkdir()
    shutil.copyfile(journal_path, device_b)

    a_day_later(journal_path)  # this device's next save keeps a backup holding A to D
    with Journal.open(journal_path, PASSPHRASE) as ours:  # this device
        ours.update(replace(ours.get(ids["A"]), decision="hier: uitstel geven"))
        ids["E"] = ours.add(Entry(title="E", situation="Alleen hier.")).id
        ours.delete(ids["B"])
        ours.set_alias("Jansen", "Persoon 1")
    with Journal.open(device_b, PASSPHRASE) as theirs:  # the other device
        theirs.update(replace(theirs.get(ids["A"]), decision="daar: geen uitstel"))
        theirs.update(replace(theirs.get(ids["C"]), decision="daar: toch langsgaan"))
        ids["F"] = theirs.add(Entry(title="F", situation="Alleen daar.")).id
        theirs.delete(ids["D"])
        theirs.set_alias("Jansen", "Persoon 7")
        theirs.set_alias("De Vries", "Persoon 2")
    copy = journal_path.with_name(copy_name)
    shutil.copyfile(device_b, copy)
    return Diverged(journal_path, copy, ids)


def tables_of(path: Path, secret: str = PASSPHRASE) -> Tables:
    parsed = fmt.parse(path.read_bytes())
    key = fmt.unlock_data_key(parsed.header, secret, fmt.SLOT_PASSPHRASE)
    return decode_tables(plaintext_of(parsed, key))


def _content(entry: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in entry.items() if k not in ("created", "updated")})


def _revision_keys(tables: Tables) -> set[tuple[str, str, str]]:
    return {
        (d["entry_id"], d["saved"], json.dumps(d["entry"], sort_keys=True))
        for d in tables.get(REVISIONS, {}).values()
    }


def assert_nothing_lost(merged: Tables, *sides: Tables) -> None:
    """Every version of every entry either side holds is in ``merged`` (current or as an
    earlier version), and so is every earlier version: except entries destroyed on purpose,
    which are nowhere."""
    erased = {d["entry_id"] for side in sides for d in side.get(ERASED, {}).values()}
    current = {d["id"]: d for d in merged[ENTRIES].values()}
    versions: dict[str, set[str]] = {}
    for doc in merged.get(REVISIONS, {}).values():
        versions.setdefault(doc["entry_id"], set()).add(_content(doc["entry"]))
    for side in sides:
        for doc in side[ENTRIES].values():
            if doc["id"] in erased:
                continue
            assert doc["id"] in current, f"entry {doc['id']} was lost"
            kept = {_content(current[doc["id"]])} | versions.get(doc["id"], set())
            assert _content(doc) in kept, f"a version of {doc['id']} was lost"
        side_revisions = {k for k in _revision_keys(side) if k[0] not in erased}
        assert side_revisions <= _revision_keys(merged), "an earlier version was lost"
    assert not erased & set(current), "an erased entry came back"
    assert not erased & {d["entry_id"] for d in merged.get(REVISIONS, {}).values()}
