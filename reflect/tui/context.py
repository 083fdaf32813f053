"""What the app hands every screen: the open journal, the gate, the catalogue, the settings.

Screens receive this in their constructor (never by reaching into the app object) and answer
with ``dismiss``; the app owns it and fills in the journal and the catalogue as they arrive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.operations.settings import Settings
from reflect.tui.gate import JournalGate

if TYPE_CHECKING:
    from reflect.catalog import Catalog
    from reflect.catalog.schema import Method
    from reflect.vault.journal import Journal


@dataclass
class AppContext:
    journal_path: Path | None
    today: date
    demo: bool = False
    settings: Settings = field(default_factory=Settings)
    gate: JournalGate = field(default_factory=JournalGate)
    journal: Journal | None = None
    catalog: Catalog | None = None  # loaded in a worker after start-up
    # A slow job in the background the status line tells about (the identifier check's
    # first build), or "" when there is none.
    background: str = ""

    def method(self, method_id: str | None) -> Method | None:
        if self.catalog is None or not method_id:
            return None
        return self.catalog.methods.get(method_id)
