"""The catalogue browser: every article of every code, with its paraphrase and status."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reflect.catalog import Article, Catalog
from reflect.i18n import current_language, t
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.widgets.safe_text import safe


def describe(article: Article, catalog: Catalog) -> Text:
    lang = current_language()
    text = Text()
    text.append(article.label(lang) + "\n", style="bold")
    text.append(
        f"{article.code} · {t('tui.articles.status.' + article.status.value)}\n\n", style="dim"
    )
    paraphrase = article.paraphrase.text(lang) if article.paraphrase else ""
    text.append((paraphrase or t("tui.articles.no_paraphrase")) + "\n")
    if article.themes:
        names = []
        for theme_id in article.themes:
            theme = catalog.theme(article.code, theme_id)
            names.append(theme.name.text(lang) if theme is not None else theme_id)
        text.append("\n" + t("tui.articles.themes") + ": " + ", ".join(names) + "\n", style="dim")
    if article.source:
        text.append(t("tui.articles.source") + ": " + safe(str(article.source)) + "\n", style="dim")
    return text


class ArticlesScreen(ReflectScreen[None]):
    """The code browser (f5): every article of every catalogue, searchable."""

    SCOPE = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.shown: list[Article] = []

    @property
    def catalog(self) -> Catalog | None:
        return self.ctx.catalog

    def compose(self) -> ComposeResult:
        yield Static(t("tui.articles.title"), classes="pane-title")
        yield Input(placeholder=t("tui.picker.search"), id="browse-search")
        with Horizontal(id="browse-body"):
            yield OptionList(id="browse-list")
            with VerticalScroll(id="browse-detail"):
                yield Static("", id="browse-text")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#browse-list").focus()

    def catalog_ready(self) -> None:
        self._fill()

    def _fill(self) -> None:
        catalog = self.catalog
        listing = self.query_one("#browse-list", OptionList)
        listing.clear_options()
        if catalog is None:
            listing.add_option(Option(t("tui.picker.loading"), disabled=True))
            return
        query = self.query_one("#browse-search", Input).value
        self.shown = (
            catalog.search(query)
            if query.strip()
            else [a for code in catalog.codes.values() for a in code.articles.values()]
        )
        lang = current_language()
        listing.add_options(
            [Option(Text(f"{a.code} {a.label(lang)}"), id=str(i)) for i, a in enumerate(self.shown)]
        )
        if self.shown:
            listing.highlighted = 0

    @on(Input.Changed, "#browse-search")
    def search(self) -> None:
        self._fill()

    @on(Input.Submitted, "#browse-search")
    def to_list(self) -> None:
        self.query_one("#browse-list").focus()

    @on(OptionList.OptionHighlighted, "#browse-list")
    def show(self, event: OptionList.OptionHighlighted) -> None:
        index = int(event.option.id or 0)
        if 0 <= index < len(self.shown) and self.catalog is not None:
            self.query_one("#browse-text", Static).update(describe(self.shown[index], self.catalog))

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
