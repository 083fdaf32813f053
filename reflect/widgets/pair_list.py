"""An editable list of pairs: options with their harm, stakeholders with their values.

There is always one empty row at the end; typing in it adds the next one, so the list grows
as the user writes without any add button. Keys add, remove and reorder rows.

The pairs live here as data (``_values``, one entry per row, in row order), updated from
``Input.Changed`` as the user types. They are never read back from the ``Input`` widgets:
a row mounted a moment ago may not have its children yet, and querying it then raised
``NoMatches`` on the first keystroke.

The row keys are *priority* bindings on purpose. A priority binding runs while the app
dispatches the key, before it forwards the keys that follow; a plain binding runs only after
the key has bubbled up from the ``Input``, by which time keys typed right after it have
already gone to the old field. So ``ctrl+n`` followed at once by text puts the text in the
new row. They only apply while focus is inside this list (the binding chain follows focus).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, Static

from reflect.fields import BY_NAME
from reflect.i18n import current_language, t
from reflect.sanitize import clean_input
from reflect.widgets.safe_text import InertInput

Pair = tuple[str, str]

# The keys, in one place: the bindings and the hint under the rows both use them.
KEY_NEXT = "enter"
KEY_ADD = "ctrl+n"  # "new", as on the journal screen; no entry-screen key uses it
# ctrl+d works in every terminal; ctrl+delete is the key people guess but not every terminal
# sends it. Inside this list ctrl+d no longer deletes the character right of the cursor (the
# Input's emacs-style alias; the delete key still does that).
KEY_REMOVE = "ctrl+d,ctrl+delete"
KEY_UP = "alt+up"  # ctrl+up/ctrl+down are taken by the method steps
KEY_DOWN = "alt+down"
HINT_KEYS = {"add": "ctrl+n", "remove": "ctrl+d", "move": "alt+↑↓"}
# How long a row key waits for the focused field to take in the keys typed before it. Only a
# field that stopped (its row removed meanwhile) would ever need the limit.
CATCH_UP_SECONDS = 1.0


def _is_blank(pair: Pair) -> bool:
    return not (pair[0].strip() or pair[1].strip())


class _PairRow(Widget):
    """One row: two single-line fields side by side.

    The fields are made in ``__init__`` rather than in ``compose`` so the list can hold and
    focus them as soon as the row exists, whether or not it has finished mounting.
    """

    def __init__(self, pair: Pair, placeholders: Pair) -> None:
        super().__init__(classes="pairs-row")
        self.cells = (
            InertInput(pair[0], placeholder=placeholders[0], compact=True, classes="pairs-first"),
            InertInput(pair[1], placeholder=placeholders[1], compact=True, classes="pairs-second"),
        )

    def compose(self) -> ComposeResult:
        yield from self.cells


class PairList(Widget):
    """Rows of two fields; posts :class:`PairList.Changed` with the non-empty pairs."""

    # The widget brings all the layout it needs: it must not depend on the app's stylesheet.
    DEFAULT_CSS = """
    PairList {
        layout: vertical;
        width: 1fr;
        height: auto;
    }
    PairList > .pairs-row {
        layout: horizontal;
        width: 1fr;
        height: 1;
        margin: 0;
    }
    PairList > .pairs-row > Input {
        width: 1fr;
        height: 1;
    }
    PairList > .pairs-row > .pairs-first {
        margin: 0 1 0 0;
    }
    PairList > .pairs-row > .pairs-second {
        margin: 0;
    }
    PairList > .pairs-hint {
        width: 1fr;
        height: auto;
        color: $text-muted;
    }
    """

    # Not in the footer (no room at 80 columns, and it only translates tui.* keys): the hint
    # line under the rows names them, and the descriptions serve keymaps and key listings.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(KEY_NEXT, "next_field", "pairs.key.next", id="pairs-next", show=False,
                priority=True),
        Binding(KEY_ADD, "add_row", "pairs.key.add", id="pairs-add", show=False,
                priority=True),
        Binding(KEY_REMOVE, "remove_row", "pairs.key.remove", id="pairs-remove", show=False,
                priority=True),
        Binding(KEY_UP, "move_row(-1)", "pairs.key.move_up", id="pairs-move-up", show=False,
                priority=True),
        Binding(KEY_DOWN, "move_row(1)", "pairs.key.move_down", id="pairs-move-down",
                show=False, priority=True),
    ]  # fmt: skip

    class Changed(Message):
        """The non-empty pairs, in row order, after an edit, a removal or a move."""

        def __init__(self, pair_list: PairList, pairs: list[Pair]) -> None:
            super().__init__()
            self.pair_list = pair_list
            self.pairs = pairs

        @property
        def control(self) -> PairList:
            return self.pair_list

    def __init__(
        self,
        kind: str,
        pairs: list[Pair],
        *,
        placeholders: Pair | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.kind = kind
        # Explicit placeholders win; otherwise they come from the catalog on every relabel().
        self._fixed_placeholders = placeholders
        # Stored text may predate the sanitiser: show and keep only what could be typed now.
        cleaned = [(self._clean(a), self._clean(b)) for a, b in pairs]
        self._values: list[Pair] = [p for p in cleaned if not _is_blank(p)] + [("", "")]
        self._rows = [_PairRow(p, self._placeholders()) for p in self._values]
        self._emitted = self.pairs
        self._mounting: list[AwaitMount] = []
        self._hint = Static(self._hint_text(), markup=False, classes="pairs-hint")

    # ---- data -----------------------------------------------------------------------------

    @property
    def pairs(self) -> list[Pair]:
        """The non-empty pairs in row order, as typed (a fresh list each time)."""
        return [p for p in self._values if not _is_blank(p)]

    @staticmethod
    def _clean(text: str) -> str:
        return clean_input(text, multiline=False)

    def _placeholders(self) -> Pair:
        if self._fixed_placeholders is not None:
            return self._fixed_placeholders
        # The column labels of the field table, in the language of the moment.
        labels = BY_NAME[self.kind].pair_labels
        assert labels is not None, f"{self.kind} is not a field of rows"
        lang = current_language()
        return labels[0].text(lang), labels[1].text(lang)

    def _hint_text(self) -> str:
        return t("pairs.hint", **HINT_KEYS)

    def _emit(self) -> None:
        pairs = self.pairs
        if pairs != self._emitted:
            self._emitted = pairs
            self.post_message(self.Changed(self, list(pairs)))  # theirs to keep or change

    def _locate(self, widget: Widget | None) -> tuple[int, int] | None:
        """(row index, column) of a field of this list, or None (gone, or not ours)."""
        for index, row in enumerate(self._rows):
            for column, cell in enumerate(row.cells):
                if cell is widget:
                    return index, column
        return None

    async def _catch_up(self) -> tuple[int, int]:
        """(row, column) of the focused field, once it has taken in every key sent before.

        A row key runs as the app receives it (see the module docstring), which can be before
        the field has handled the letters typed just ahead of it: "Report" + ctrl+n at full
        speed reaches ctrl+n while the field may still read "Rep" and the data "". Deciding
        then would be wrong (that row looks empty, so no new row). So wait until the field's
        own queue has reached this point, then take its text into the data first.
        """
        await self._settle()
        focused = self.screen.focused
        if self._locate(focused) is None or focused is None:
            raise SkipAction()
        reached = asyncio.Event()
        if focused.call_later(reached.set):  # runs after the keys already queued there
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(reached.wait(), CATCH_UP_SECONDS)
        found = self._locate(focused)
        if found is None:
            raise SkipAction()
        self._store(*found)
        await self._settle()  # a row the text just added
        return found

    def _focus(self, index: int, column: int) -> None:
        # Screen.set_focus takes effect now; Widget.focus() would wait behind the queued keys.
        self.screen.set_focus(self._rows[index].cells[column])

    def _append_row(self) -> None:
        row = _PairRow(("", ""), self._placeholders())
        self._rows.append(row)
        self._values.append(("", ""))
        self._mounting.append(self.mount(row, before=self._hint))

    async def _settle(self) -> None:
        """Wait for rows still mounting, so focusing or moving them acts on a real row."""
        while self._mounting:
            await self._mounting.pop()

    def compose(self) -> ComposeResult:
        yield from self._rows
        yield self._hint

    def relabel(self, placeholders: Pair | None = None) -> None:
        """Apply the current language (or new explicit placeholders) to fields and hint."""
        if placeholders is not None:
            self._fixed_placeholders = placeholders
        first, second = self._placeholders()
        for row in self._rows:
            row.cells[0].placeholder = first
            row.cells[1].placeholder = second
        self._hint.update(self._hint_text())

    # ---- typing ---------------------------------------------------------------------------

    @on(Input.Changed)
    def _cell_changed(self, event: Input.Changed) -> None:
        event.stop()  # the screen hears about pairs through PairList.Changed only
        found = self._locate(event.input)
        if found is not None:  # None: a late message from a row that was removed
            self._store(*found)

    def _store(self, index: int, column: int) -> None:
        """Take a field's text into the data: cleaned, growing or trimming the empty end."""
        cell = self._rows[index].cells[column]
        # The field's value now, not the event's: more keys may have landed since it was sent,
        # and storing the same text twice announces nothing the second time.
        value = cell.value
        cleaned = self._clean(value)
        if cleaned != value:
            cursor = min(len(self._clean(value[: cell.cursor_position])), len(cleaned))
            cell.value = cleaned  # posts one more Changed, which then finds nothing new
            cell.cursor_position = cursor
        pair = self._values[index]
        self._values[index] = (cleaned, pair[1]) if column == 0 else (pair[0], cleaned)
        last = len(self._rows) - 1
        if index == last and not _is_blank(self._values[index]):
            self._append_row()  # mounting does not move focus: typing carries on here
        elif (
            index == last - 1
            and _is_blank(self._values[index])
            and self._rows[last].is_mounted
            and self.screen.focused not in self._rows[last].cells
        ):
            # The row was emptied again: drop the spare empty row below it, so there is
            # still exactly one empty row at the end.
            self._values.pop()
            self._rows.pop().remove()
        self._emit()

    # ---- keys -----------------------------------------------------------------------------

    async def action_next_field(self) -> None:
        """enter: first field to second, second to the next row (the empty one at the end)."""
        index, column = await self._catch_up()
        if column == 0:
            self._focus(index, 1)
        elif index + 1 < len(self._rows):
            self._focus(index + 1, 0)
        else:
            raise SkipAction()  # the empty last row: let the Input have its enter

    async def action_add_row(self) -> None:
        """A new empty row below the focused one, focused; or the empty row already there."""
        index, _ = await self._catch_up()
        for candidate in (index, index + 1):
            if candidate < len(self._rows) and _is_blank(self._values[candidate]):
                self._focus(candidate, 0)
                return
        row = _PairRow(("", ""), self._placeholders())
        self._rows.insert(index + 1, row)
        self._values.insert(index + 1, ("", ""))
        await self.mount(row, after=self._rows[index])
        self._focus(index + 1, 0)

    async def action_remove_row(self) -> None:
        """Remove the focused row; focus goes to the same field of the row that follows."""
        index, column = await self._catch_up()
        if index == len(self._rows) - 1:
            raise SkipAction()  # the empty last row stays; ctrl+d stays the Input's there
        row = self._rows.pop(index)
        self._values.pop(index)
        self._focus(index, column)  # before removing, so focus never falls elsewhere
        self._emit()
        await row.remove()

    async def action_move_row(self, delta: int) -> None:
        """Swap the focused row with its neighbour; the focused field moves with it."""
        index, column = await self._catch_up()
        target = index + delta
        # The empty last row stays last: it neither moves nor lets a row pass below it.
        if index == len(self._rows) - 1 or not 0 <= target < len(self._rows) - 1:
            return
        rows, values = self._rows, self._values
        rows[index], rows[target] = rows[target], rows[index]
        values[index], values[target] = values[target], values[index]
        row = rows[target]
        if delta < 0:
            self.move_child(row, before=rows[index])
        else:
            self.move_child(row, after=rows[index])
        row.cells[column].scroll_visible(animate=False)
        self._emit()
