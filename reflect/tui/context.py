"""What the app hands every screen: the open journal, the gate, the catalogue, the settings.

Screens receive this in their constructor (never by reaching into the app object) and answer
with ``dismiss``; the app owns it and fills in the journal and the catalogue as they arrive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.operations.clock import local_today, user_zone
from reflect.operations.settings import Settings
from reflect.tui.gate import JournalGate

if TYPE_CHECKING:
    from reflect.catalog import Catalog
    from reflect.catalog.schema import Method
    from reflect.vault.journal import Journal


@dataclass
class AppContext:
    journal_path: Path | None
    # A fixed day (tests, snapshots); None: the user's calendar day, read when asked, so an
    # app left open over midnight, or given another time zone, knows what is due.
    fixed_today: date | None = None
    demo: bool = False
    settings: Settings = field(default_factory=Settings)
    gate: JournalGate = field(default_factory=JournalGate)
    journal: Journal | None = None
    catalog: Catalog | None = None  # loaded in a worker after start-up
    # A slow job in the background the status line tells about (the identifier check's
    # first build), or "" when there is none.
    background: str = ""

    @property
    def today(self) -> date:
        """The user's calendar day (reflect.operations.clock), in the zone of the settings."""
        return self.fixed_today or local_today(self.settings.time_zone)

    @property
    def zone(self) -> tzinfo | None:
        """The user's zone, from the settings the app holds (None: the system's): resolved
        once by whoever builds many rows, never once per row."""
        return user_zone(self.settings.time_zone)

    def method(self, method_id: str | None) -> Method | None:
        if self.catalog is None or not method_id:
            return None
        return self.catalog.methods.get(method_id)
