"""The journal's list of entries, drawn line by line so 10,000 rows cost nothing up front.

Only the rows on screen are rendered (Textual's line API); filtering swaps the list of
prepared rows and refreshes. One line per entry: date, status, a marker (✕ past its
delete-after date, else ⚑ for a follow-up that is due), title and tagged articles.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reflect.i18n import t
from reflect.operations.query import Row
from reflect.operations.retention import row_is_due
from reflect.widgets.safe_text import fit

DATE_W = 10
STATUS_W = 11
MARK_W = 2
ARTICLES_W = 12


class EntryList(ScrollView, can_focus=True):
    """A virtual list of journal rows with a cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entry-list--cursor",
        "entry-list--due",
        "entry-list--expired",
        "entry-list--muted",
    }
    DEFAULT_CSS = """
    EntryList > .entry-list--expired { color: $error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        # Not in the footer (the status line says "enter opens"): room for Quit at 80 columns.
        Binding("enter", "select", "tui.key.open", id="open-entry", show=False),
    ]

    cursor = reactive(0, always_update=True)

    class Selected(Message):
        """The user chose an entry (enter or click)."""

        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, today: date, *, retention_months: int = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.today = today
        self.retention_months = retention_months  # the default period (settings)
        # What an empty list says: "no entries yet", or that the filter matched nothing.
        self.empty_key = "tui.journal.empty"

    def set_rows(
        self, rows: list[Row], keep_id: str | None = None, *, empty_key: str = "tui.journal.empty"
    ) -> None:
        self.rows = rows
        self.empty_key = empty_key
        index = 0
        if keep_id is not None:
            index = next((i for i, r in enumerate(rows) if r.entry_id == keep_id), 0)
        self.virtual_size = Size(self.size.width, len(rows))
        self.cursor = index
        self.refresh()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def watch_cursor(self, value: int) -> None:
        if not self.rows:
            return
        clamped = max(0, min(value, len(self.rows) - 1))
        if clamped != value:
            self.cursor = clamped
            return
        self.scroll_to_region_y(clamped)
        self.refresh()

    def scroll_to_region_y(self, index: int) -> None:
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self.cursor = self.cursor + delta

    def action_page(self, direction: int) -> None:
        self.cursor = self.cursor + direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self.rows) - 1

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(row.entry_id))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if index >= len(self.rows):
            if not self.rows and y == 0:
                return Strip([Segment(fit(t(self.empty_key), width), base)])
            return Strip.blank(width, base)
        return self._render_row(self.rows[index], index == self.cursor, width, base)

    def _render_row(self, row: Row, is_cursor: bool, width: int, base: Style) -> Strip:
        muted = self.get_component_rich_style("entry-list--muted", partial=True)
        due_style = self.get_component_rich_style("entry-list--due", partial=True)
        due = row.follow_up is not None and row.follow_up <= self.today
        mark = "⚑ " if due else "  "
        if row_is_due(row, self.retention_months, self.today):
            mark = "✕ "  # past its delete-after date: more pressing than a follow-up
            due_style = self.get_component_rich_style("entry-list--expired", partial=True)
        if is_cursor:
            # Under every cell, not over the row: a style applied to the finished strip
            # goes beneath the cells' own background and never shows. The stylesheet
            # gives the cursor a stronger look while the list has focus.
            base = base + self.get_component_rich_style("entry-list--cursor")
            muted = Style()  # muted grey on the cursor's colour would be hard to read
        articles = ",".join(str(n) for n in sorted(row.articles))
        title_w = max(4, width - DATE_W - STATUS_W - MARK_W - ARTICLES_W - 4)
        segments = [
            Segment(fit(row.created.isoformat(), DATE_W) + " ", base + muted),
            Segment(fit(t(f"tui.status.{row.status.value}"), STATUS_W) + " ", base),
            Segment(mark, base + due_style),
            Segment(fit(row.title or t("tui.untitled"), title_w) + " ", base),
            Segment(fit(articles, ARTICLES_W), base + muted),
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
