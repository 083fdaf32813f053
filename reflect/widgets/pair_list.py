"""An editable list of pairs: options with their harm, stakeholders with their values.

There is always one empty row at the end; typing in it adds the next one, so the list grows
as the user writes without any add button.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input

from reflect.i18n import t


class PairList(Vertical):
    class Changed(Message):
        def __init__(self, pair_list: PairList, pairs: list[tuple[str, str]]) -> None:
            super().__init__()
            self.pair_list = pair_list
            self.pairs = pairs

    def __init__(self, kind: str, pairs: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pair-list")
        self.kind = kind
        self._initial = pairs

    def _row(self, first: str, second: str) -> Horizontal:
        return Horizontal(
            Input(
                first, placeholder=t(f"tui.entry.{self.kind}.first"), classes="pair-a", compact=True
            ),
            Input(
                second,
                placeholder=t(f"tui.entry.{self.kind}.second"),
                classes="pair-b",
                compact=True,
            ),
            classes="pair-row",
        )

    def compose(self) -> ComposeResult:
        for first, second in [*self._initial, ("", "")]:
            yield self._row(first, second)

    def pairs(self) -> list[tuple[str, str]]:
        found = []
        for row in self.query(".pair-row"):
            first = row.query_one(".pair-a", Input).value
            second = row.query_one(".pair-b", Input).value
            if first.strip() or second.strip():
                found.append((first, second))
        return found

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        event.stop()
        rows = list(self.query(".pair-row"))
        last = rows[-1] if rows else None
        if last is not None and any(i.value for i in last.query(Input)):
            self.mount(self._row("", ""))
        self.post_message(self.Changed(self, self.pairs()))
