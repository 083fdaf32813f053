"""Charts drawn with block characters: a bar per figure, and a timeline of months.

Why not Textual's ``Sparkline`` (or a plotting library): a sparkline scales from the
smallest value to the largest, so a month with one entry among months with one to three
looks empty. Counts must be read from zero, with the number beside the bar. These widgets
draw from zero, redraw for their width on every resize, and cost no dependency. Labels are
catalogue text or reflect's own words; they still pass through :func:`fit` (inert, one line).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

from reflect.operations.stats import bar
from reflect.widgets.safe_text import fit

LEVELS = " ▁▂▃▄▅▆▇█"  # a column's top cell, in eighths
MIN_BAR = 8  # cells kept for bars when labels are cut to make room
MAX_BAR = 32  # a bar longer than this reads no better and pushes the numbers apart


class BarChart(Widget):
    """``label  count  bar`` rows, every bar on the scale of the largest count."""

    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; }
    BarChart > .bar-chart--bar { color: $accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"bar-chart--bar"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[tuple[str, int]] = []
        self.empty = ""

    def show(self, rows: Sequence[tuple[str, int]], empty: str = "") -> None:
        """Draw ``rows``; with none, the line ``empty`` instead."""
        self.rows = list(rows)
        self.empty = empty
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        if not self.rows:
            return Text(fit(self.empty, width), style="dim")
        digits = max(len(str(n)) for _, n in self.rows)
        widest = max(len(label) for label, _ in self.rows)
        label_width = max(4, min(widest, width - digits - MIN_BAR - 4))
        bar_width = max(1, min(MAX_BAR, width - label_width - digits - 4))
        most = max(n for _, n in self.rows)
        bar_style = self.get_component_rich_style("bar-chart--bar")
        text = Text(no_wrap=True, overflow="crop")
        for index, (label, count) in enumerate(self.rows):
            if index:
                text.append("\n")
            text.append(fit(label, label_width) + "  ")
            text.append(str(count).rjust(digits) + "  ", style="bold")
            text.append(bar(count, most, bar_width), style=bar_style)
        return text


def grouped(counts: Sequence[int], size: int) -> list[int]:
    """``counts`` summed in runs of ``size`` consecutive months (the last run may be short)."""
    return [sum(counts[i : i + size]) for i in range(0, len(counts), size)]


def buckets(counts: Sequence[int], columns: int) -> tuple[list[int], int]:
    """``counts`` summed into at most ``columns`` buckets of consecutive months, and how many
    months each bucket holds."""
    if not counts or columns <= 0:
        return [], 1
    size = -(-len(counts) // columns)  # ceiling division
    return grouped(counts, size), size


def column_levels(count: int, most: int, height: int) -> list[str]:
    """One column of a bar ``height`` cells tall, top cell first, in eighths of a cell."""
    if most <= 0 or count <= 0:
        return [" "] * height
    eighths = max(1, round(count / most * height * 8))
    cells = []
    for row in range(height - 1, -1, -1):  # from the top
        filled = min(8, max(0, eighths - row * 8))
        cells.append(LEVELS[filled])
    return cells


class Timeline(Widget):
    """Entries per month as columns ``CHART_HEIGHT`` cells tall over an axis naming the first
    and last month, then one line per series (an article, a value) in the same columns, so
    a reader sees in which months it came up. Many months share a column when the width is
    short (their counts summed); the axis then says how many months a column holds."""

    DEFAULT_CSS = """
    Timeline { height: auto; width: 1fr; }
    Timeline > .timeline--bar { color: $accent; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--bar"}

    CHART_HEIGHT = 4
    GUTTER = 16  # the series' labels; the chart's columns start after it

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.months: list[tuple[str, int]] = []
        self.series: list[tuple[str, list[int]]] = []
        self.per_column = ""  # "{count} mo./col.", in the user's language (fits the gutter)

    def show(
        self,
        months: Sequence[tuple[str, int]],
        series: Sequence[tuple[str, list[int]]],
        per_column: str,
    ) -> None:
        """Draw ``months`` (``YYYY-MM``, count) and the ``series`` (label, a count per
        month). ``per_column`` is the note, with ``{count}``, for months sharing a column."""
        self.months = list(months)
        self.series = list(series)
        self.per_column = per_column
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if not self.months:
            return 1
        return self.CHART_HEIGHT + 1 + len(self.series)

    def _layout(self, width: int) -> tuple[list[int], int, int]:
        """The buckets, the months per bucket and the cells per column for ``width``."""
        room = max(1, width - self.GUTTER)
        counts = [n for _, n in self.months]
        per_month = room // len(counts) if counts else 1
        if per_month >= 1:
            return counts, 1, min(4, per_month)
        sums, size = buckets(counts, room)
        return sums, size, 1

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        text = Text(no_wrap=True, overflow="crop")
        if not self.months:
            return text
        sums, size, cell = self._layout(width)
        most = max(sums) if sums else 0
        draw = max(1, cell - 1) if cell > 1 else 1  # a gap between wide columns
        columns = [column_levels(n, most, self.CHART_HEIGHT) for n in sums]
        bar_style = self.get_component_rich_style("timeline--bar")
        for row in range(self.CHART_HEIGHT):
            if row:
                text.append("\n")
            scale = str(most) if row == 0 else ""  # the height of the tallest column
            if row == self.CHART_HEIGHT - 1 and size > 1:  # months summed into one column
                scale = self.per_column.replace("{count}", str(size))
            text.append(scale.rjust(self.GUTTER - 1)[: self.GUTTER - 1] + " ", style="dim")
            for column in columns:
                text.append(column[row] * draw + " " * (cell - draw), style=bar_style)
        chart_width = len(sums) * cell
        first, last = self.months[0][0], self.months[-1][0]
        axis = first
        if first != last:
            axis = first.ljust(max(len(first) + 1, chart_width - len(last))) + last
        text.append("\n" + " " * self.GUTTER)
        text.append(axis, style="dim")
        series = [(label, grouped(values, size)) for label, values in self.series]
        top = max((max(runs, default=0) for _, runs in series), default=0)  # one scale for all
        for label, runs in series:
            text.append("\n" + fit(label, self.GUTTER - 1) + " ")
            for value in runs:
                if value and top:
                    level = LEVELS[max(1, round(value / top * 8))]
                    text.append(level * draw, style=bar_style)
                    text.append(" " * (cell - draw))
                else:  # no mention that month: a dot, so the columns stay readable
                    text.append("·".ljust(cell), style="dim")
        return text
