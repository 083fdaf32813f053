"""Patterns (f6): which articles and core values recur, month by month, which methods are
used, and how many dilemmas are open, decided and evaluated.

Charts to read at a glance; ``t`` puts the same figures in a table, for the exact numbers.
The figures are those of ``reflect stats``: one function computes both
(:func:`reflect.operations.stats.compute_patterns`). It runs on the journal's thread (the
gate) — the documents it reads belong to that thread, and at 10,000 entries counting takes
a noticeable moment that must not freeze the keys. Nothing computed here is stored.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Footer, Static

from reflect.catalog import Catalog
from reflect.errors import ReflectError
from reflect.i18n import current_language, t
from reflect.operations.clock import user_zone
from reflect.operations.stats import (
    FIGURES,
    Patterns,
    compute_patterns,
    figure_rows,
    headline,
    value_name,
)
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.vault.journal import Journal
from reflect.widgets.charts import BarChart, Timeline
from reflect.widgets.safe_text import safe

TOP_ARTICLES = 10  # bars in the articles chart; the table lists every article
TIMELINE_ARTICLES = 5  # articles with a line of their own under the timeline
TIMELINE_VALUES = 3


def count_patterns(journal: Journal, catalog: Catalog | None, zone: tzinfo | None) -> Patterns:
    """Runs in the gate: the figures of every entry, months in the user's time zone."""
    return compute_patterns(journal.documents(), catalog, zone)


class PatternsScreen(ReflectScreen[None]):
    SCOPE = "patterns"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("patterns")

    DEFAULT_CSS = """
    PatternsScreen #patterns-grid {
        layout: grid; grid-size: 2; grid-columns: 1fr 1fr; grid-gutter: 0 2; height: auto;
    }
    PatternsScreen.-narrow #patterns-grid { grid-size: 1; grid-columns: 1fr; }
    PatternsScreen .patterns-column { height: auto; }
    PatternsScreen .patterns-heading { text-style: bold; margin-top: 1; }
    PatternsScreen .patterns-note { color: $text-muted; }
    PatternsScreen #patterns-switcher { height: 1fr; }
    PatternsScreen #patterns-charts { height: 1fr; padding: 0 1; }
    PatternsScreen #patterns-table { height: 1fr; }
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.patterns: Patterns | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("patterns.title"), id="patterns-title", classes="pane-title")
        with ContentSwitcher(initial="patterns-charts", id="patterns-switcher"):
            with VerticalScroll(id="patterns-charts"):
                yield Static(t("patterns.loading"), id="patterns-empty")
                with Container(id="patterns-grid"):
                    with Vertical(classes="patterns-column"):
                        yield Static("", id="heading-status", classes="patterns-heading")
                        yield BarChart(id="chart-status")
                        yield Static("", id="heading-months", classes="patterns-heading")
                        yield Timeline(id="chart-months")
                        yield Static("", id="heading-methods", classes="patterns-heading")
                        yield BarChart(id="chart-methods")
                    with Vertical(classes="patterns-column"):
                        yield Static("", id="heading-articles", classes="patterns-heading")
                        yield BarChart(id="chart-articles")
                        yield Static("", id="heading-values", classes="patterns-heading")
                        yield BarChart(id="chart-values")
                        yield Static("", id="values-note", classes="patterns-note")
            yield DataTable(id="patterns-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#patterns-grid").display = False
        self.query_one("#patterns-charts").focus()
        self.count()

    # ---- the figures ----------------------------------------------------------------------

    @work(group="patterns", exclusive=True, description="patterns")
    async def count(self) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        try:
            zone = user_zone(self.ctx.settings.time_zone)  # the settings the app holds
            patterns = await self.ctx.gate.run(count_patterns, journal, self.ctx.catalog, zone)
        except ReflectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.patterns = patterns
        self.show_figures()

    def catalog_ready(self) -> None:
        self.count()  # the core values and the articles' headings come from the catalogue

    def relabel(self) -> None:
        self.show_figures()

    def show_figures(self) -> None:
        patterns = self.patterns
        if patterns is None:
            return
        lang = current_language()
        catalog = self.ctx.catalog
        self.query_one("#patterns-title", Static).update(headline(patterns, lang))
        empty = self.query_one("#patterns-empty", Static)
        empty.update(t("patterns.empty"))
        empty.display = not patterns.entries
        self.query_one("#patterns-grid").display = bool(patterns.entries)
        rows = figure_rows(patterns, catalog, lang)
        self._heading("status", t("patterns.section.status"))
        self.query_one("#chart-status", BarChart).show(rows["status"])
        self._heading("months", t("patterns.section.months"))
        self.query_one("#chart-months", Timeline).show(
            patterns.months, _series(patterns, catalog, lang), t("patterns.per_column")
        )
        self._heading("methods", t("patterns.section.methods"))
        self.query_one("#chart-methods", BarChart).show(rows["method"])
        self._heading("articles", t("patterns.section.articles"))
        self.query_one("#chart-articles", BarChart).show(
            rows["article"][:TOP_ARTICLES], t("patterns.no_articles")
        )
        self._heading("values", t("patterns.section.values"))
        # Every value, those never named too: a 0 is a figure a supervisor may ask about.
        # Without the catalogue (still loading) the values are not known yet, not absent.
        no_values = t("patterns.no_values") if catalog is not None else t("patterns.loading")
        self.query_one("#chart-values", BarChart).show(rows["value"], no_values)
        self.query_one("#values-note", Static).update(t("patterns.values.note"))
        self._fill_table(rows)

    def _heading(self, name: str, text: str) -> None:
        self.query_one(f"#heading-{name}", Static).update(text)

    def _fill_table(self, rows: dict[str, list[tuple[str, int]]]) -> None:
        table = self.query_one("#patterns-table", DataTable)
        table.clear(columns=True)
        # The count before the label: a long article heading must not push it off screen.
        table.add_column(t("patterns.numbers.kind"), key="kind")
        table.add_column(t("patterns.numbers.count"), key="count")
        table.add_column(t("patterns.numbers.what"), key="what")
        for kind in FIGURES:
            for label, count in rows[kind]:
                number = Text(str(count), justify="right")
                table.add_row(t(f"patterns.numbers.{kind}"), number, safe(label))

    # ---- keys -----------------------------------------------------------------------------

    def action_toggle_numbers(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        showing = "patterns-table" if switcher.current == "patterns-charts" else "patterns-charts"
        switcher.current = showing
        self.query_one(f"#{showing}").focus()

    def action_close(self) -> None:
        self.dismiss(None)


def _series(patterns: Patterns, catalog: Catalog | None, lang: str) -> list[tuple[str, list[int]]]:
    """The lines under the timeline: the most cited articles and the most named values."""
    series = [
        (t("patterns.article.short", number=a.number), patterns.article_timeline(a.code, a.number))
        for a in patterns.articles[:TIMELINE_ARTICLES]
    ]
    series += [
        (value_name(catalog, patterns.values_code, v.id, lang), patterns.value_timeline(v.id))
        for v in patterns.values[:TIMELINE_VALUES]
        if v.count
    ]
    return series
