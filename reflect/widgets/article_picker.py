"""The article picker beside an entry: suggestions, search, tagged articles with notes.

Suggestions come from ``reflect.catalog.suggest`` on the entry's text, computed in a thread
after the user pauses typing, so a big paste never stalls the keyboard. Frameworks that fit
(meldcode, conflict van plichten) appear in the same list and open their checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reflect.catalog import DEFAULT_CODE, Catalog
from reflect.i18n import current_language, t
from reflect.model import ArticleRef
from reflect.sanitize import clean_input
from reflect.widgets.safe_text import InertInput, safe

SUGGEST_TEXT_LIMIT = 20_000  # suggestions read the start of a huge paste, not all of it


def article_label(catalog: Catalog | None, code: str, number: int) -> str:
    article = catalog.article(code, number) if catalog is not None else None
    if article is None:
        return f"{t('tui.articles.article')} {number}"
    return str(article.label(current_language()))


class ArticlePicker(Vertical):
    class Changed(Message):
        def __init__(self, articles: list[ArticleRef]) -> None:
            super().__init__()
            self.articles = articles

    class FrameworkChosen(Message):
        def __init__(self, framework_id: str) -> None:
            super().__init__()
            self.framework_id = framework_id

    def __init__(
        self,
        articles: list[ArticleRef],
        catalog: Callable[[], Catalog | None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.tagged: list[ArticleRef] = list(articles)
        self.suggestions: list[Any] = []
        self._text = ""
        self._note_index: dict[Input, int] = {}
        self._catalog = catalog  # the app loads it in the background: ask each time

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog()

    def compose(self) -> ComposeResult:
        yield Static(t("tui.picker.title"), classes="pane-title", id="picker-title")
        yield Input(placeholder=t("tui.picker.search"), id="article-search", compact=True)
        yield OptionList(id="article-results")
        yield Static(t("tui.picker.tagged"), classes="pane-title", id="picker-tagged-title")
        yield VerticalScroll(id="tagged")

    async def on_mount(self) -> None:
        self._render_results()
        await self._render_tagged()

    def relabel(self) -> None:
        self.query_one("#picker-title", Static).update(t("tui.picker.title"))
        self.query_one("#picker-tagged-title", Static).update(t("tui.picker.tagged"))
        self.query_one("#article-search", Input).placeholder = t("tui.picker.search")
        self._render_results()
        self.run_worker(self._render_tagged(), group="picker-tagged", exclusive=True)

    # ---- suggestions and search ---------------------------------------------------------

    def text_changed(self, text: str) -> None:
        """Called (debounced) by the entry screen with all the entry's text."""
        self._text = text
        self.compute_suggestions(text[:SUGGEST_TEXT_LIMIT], current_language())

    @work(thread=True, exclusive=True, group="suggest", description="suggest")
    def compute_suggestions(self, text: str, lang: str) -> None:
        from reflect.catalog import load_catalog
        from reflect.catalog.suggest import suggest

        # The app loads the catalogue in the background; if this runs first, load (cached,
        # thread-safe) here rather than drop the suggestions for this text.
        catalog = self.catalog or load_catalog()

        found = suggest(text, catalog, code=DEFAULT_CODE, limit=8, lang=lang)
        self.app.call_from_thread(self._set_suggestions, found)

    def _set_suggestions(self, found: list[Any]) -> None:
        self.suggestions = found
        if not self.query_one("#article-search", Input).value.strip():
            self._render_results()

    @on(Input.Changed, "#article-search")
    def search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._render_results()

    @on(Input.Submitted, "#article-search")
    def search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(self.query_one("#article-results"))  # at once: see toggle

    def _render_results(self) -> None:
        results = self.query_one("#article-results", OptionList)
        results.clear_options()
        catalog = self.catalog
        if catalog is None:
            results.add_option(Option(t("tui.picker.loading"), disabled=True))
            return
        query = self.query_one("#article-search", Input).value.strip()
        tagged = {(a.code, a.number) for a in self.tagged}
        options: list[Option] = []
        if query:
            for article in catalog.search(query, DEFAULT_CODE)[:40]:
                mark = "✓ " if (article.code, article.number) in tagged else "  "
                options.append(
                    Option(
                        Text(mark + article.label(current_language())),
                        id=f"a:{article.code}:{article.number}",
                    )
                )
        else:
            for found in self.suggestions:
                if found.kind == "framework":
                    framework = catalog.frameworks.get(found.framework_id)
                    if framework is not None:
                        name = framework.name.text(current_language())
                        options.append(Option(Text("◆ " + name), id=f"f:{found.framework_id}"))
                elif found.code and found.number is not None:
                    mark = "✓ " if (found.code, found.number) in tagged else "★ "
                    label = article_label(catalog, found.code, found.number)
                    options.append(Option(Text(mark + label), id=f"a:{found.code}:{found.number}"))
            if not options:
                options.append(Option(t("tui.picker.no_suggestions"), disabled=True))
        results.add_options(options)
        if options and not options[0].disabled:
            results.highlighted = 0

    @on(OptionList.OptionSelected, "#article-results")
    async def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("f:"):
            self.post_message(self.FrameworkChosen(option_id[2:]))
            return
        if option_id.startswith("a:"):
            _, code, number = option_id.split(":")
            await self.toggle(code, int(number))

    # ---- tagged articles ----------------------------------------------------------------

    async def toggle(self, code: str, number: int) -> None:
        """Tag an article (the cursor moves to its note, which is what one writes next) or
        untag it."""
        existing = next((a for a in self.tagged if a.code == code and a.number == number), None)
        if existing is not None:
            self.tagged.remove(existing)
        else:
            self.tagged.append(ArticleRef(code, number))
        await self._render_tagged()
        self._render_results()
        self.post_message(self.Changed(list(self.tagged)))
        if existing is None:
            note = next(n for n, i in self._note_index.items() if i == len(self.tagged) - 1)
            # At once, not queued like Widget.focus: the note is what is typed next.
            self.screen.set_focus(note)

    def set_tagged(self, articles: list[ArticleRef]) -> None:
        """Show another set of tagged articles (an earlier version was restored)."""
        self.tagged = list(articles)
        self.run_worker(self._render_tagged(), group="picker-tagged", exclusive=True)
        self._render_results()

    async def _render_tagged(self) -> None:
        box = self.query_one("#tagged", VerticalScroll)
        await box.remove_children()
        if not self.tagged:
            await box.mount(Static(t("tui.picker.none_tagged"), classes="muted"))
            return
        widgets: list[Static | Input] = []
        self._note_index = {}
        for index, ref in enumerate(self.tagged):
            label = "✓ " + safe(article_label(self.catalog, ref.code, ref.number))
            widgets.append(Static(Text(label), classes="tag-label"))
            note = InertInput(
                ref.note, placeholder=t("tui.picker.note"), classes="tag-note", compact=True
            )
            self._note_index[note] = index
            widgets.append(note)
        await box.mount_all(widgets)

    @on(Input.Changed, ".tag-note")
    def note_changed(self, event: Input.Changed) -> None:
        event.stop()
        index = self._note_index.get(event.input, -1)
        note = clean_input(event.value, multiline=False)
        if 0 <= index < len(self.tagged) and self.tagged[index].note != note:
            self.tagged[index] = replace(self.tagged[index], note=note)
            self.post_message(self.Changed(list(self.tagged)))
