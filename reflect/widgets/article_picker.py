"""The article picker beside an entry: suggestions, search, tagged articles with notes.

Suggestions come from ``reflect.catalog.suggest`` on the entry's text, computed in a thread
after the user pauses typing, so a big paste never stalls the keyboard. Frameworks that fit
(meldcode, conflict van plichten) appear in the same list and open their checklist. Under
the list, the highlighted suggestion says why it is there: the words of the text, the rule,
or the user's earlier entries that brought it up.

Suggestions learn from the user: articles tagged on earlier entries that resemble this one
rise. That needs a similarity index of the journal (:mod:`reflect.operations.similarity`),
kept here per unlocked journal (:class:`JournalLearning`): built once in the background when
the first entry opens, brought up to date when another opens and after each save, and
dropped with the journal when it is locked. It lives in memory only.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from reflect.catalog import DEFAULT_CODE, Catalog
from reflect.i18n import current_language, t
from reflect.model import ArticleRef
from reflect.sanitize import clean_input
from reflect.widgets.safe_text import InertInput, safe

if TYPE_CHECKING:
    from reflect.model import Entry
    from reflect.operations.similarity import SimilarityIndex
    from reflect.tui.context import AppContext
    from reflect.vault.journal import Journal

SUGGEST_TEXT_LIMIT = 20_000  # suggestions read the start of a huge paste, not all of it
WHY_REASONS = 2  # reasons shown under the list for the highlighted suggestion


class JournalLearning:
    """The similarity index of one unlocked journal, for suggestions that learn.

    ``index`` is None until the first build is done; suggestions simply do without it until
    then. Every change of the index happens in a thread, never on the event loop.
    """

    def __init__(self, journal: Journal) -> None:
        self._journal = weakref.ref(journal)
        self.index: SimilarityIndex | None = None

    async def refresh(self, ctx: AppContext) -> bool:
        """Build the index, or bring it up to date with the journal (entries deleted or
        changed elsewhere). True when it changed."""
        from reflect.operations.similarity import SimilarityIndex, journal_sources

        journal = self._journal()
        if journal is None or ctx.journal is not journal:
            return False
        try:
            index = self.index or SimilarityIndex()
            # On the gate, where journal calls run: only entries new or changed since the
            # index last saw them are read out.
            snapshot = await ctx.gate.run(journal_sources, journal, index.stamps())
            changed = await asyncio.to_thread(index.sync, snapshot)
        except Exception:  # learning is a nicety: it must never end the app
            return False  # (the journal was locked and closed under it, say)
        if ctx.journal is not journal:  # locked meanwhile: keep nothing
            return False
        self.index = index
        return changed > 0

    async def saved(self, entry: Entry) -> None:
        """An entry was saved: index its new text and tags."""
        from reflect.operations.similarity import source_of_entry

        if self.index is not None:
            with suppress(Exception):  # as above: a failure only means less learning
                await asyncio.to_thread(self.index.update, source_of_entry(entry))


# One per unlocked journal, keyed weakly by the journal object: locking closes and drops
# that object, and with it the index. learning_for also forgets every other journal's.
_LEARNING: weakref.WeakKeyDictionary[Journal, JournalLearning] = weakref.WeakKeyDictionary()


def learning_for(ctx: AppContext) -> JournalLearning | None:
    """The learning of the journal open now (made on first use); None when none is open."""
    journal = ctx.journal
    for other in [j for j in _LEARNING if j is not journal]:
        del _LEARNING[other]
    if journal is None:
        return None
    learning = _LEARNING.get(journal)
    if learning is None:
        learning = _LEARNING[journal] = JournalLearning(journal)
    return learning


def forget_learning() -> None:
    """Drop every similarity index now (the journal is being locked): they hold entry
    titles and word stems, which must not outlive the decrypted journal in memory."""
    _LEARNING.clear()


def current_index(ctx: AppContext) -> SimilarityIndex | None:
    """The similarity index of the open journal, when it has been built."""
    learning = _LEARNING.get(ctx.journal) if ctx.journal is not None else None
    return learning.index if learning is not None else None


def _numbers(numbers: tuple[int, ...]) -> str:
    """``14–18`` for a run of numbers, else ``12, 14``."""
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def article_label(catalog: Catalog | None, code: str, number: int) -> str:
    article = catalog.article(code, number) if catalog is not None else None
    if article is None:
        return f"{t('tui.articles.article')} {number}"
    return str(article.label(current_language()))


class ArticlePicker(Vertical):
    DEFAULT_CSS = """
    ArticlePicker #suggestion-why { height: auto; max-height: 3; color: $text-muted; }
    """

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
        learning: Callable[[], SimilarityIndex | None] | None = None,
        entry_id: Callable[[], str | None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        # The journal's similarity index (when built) and the id of the entry being edited,
        # which is left out: every entry resembles itself.
        self._learning = learning or (lambda: None)
        self._entry_id = entry_id or (lambda: None)
        self.tagged: list[ArticleRef] = list(articles)
        self.suggestions: list[Any] = []
        self._text = ""
        self._note_index: dict[Input, int] = {}
        self._catalog = catalog  # the app loads it in the background: ask each time
        self._open_blocks: set[str] = set()  # tentative blocks whose members are listed
        self._round = 0  # bumped for every suggestion computation started

    @property
    def catalog(self) -> Catalog | None:
        return self._catalog()

    def compose(self) -> ComposeResult:
        yield Static(t("tui.picker.title"), classes="pane-title", id="picker-title")
        yield Input(placeholder=t("tui.picker.search"), id="article-search", compact=True)
        yield OptionList(id="article-results")
        yield Static("", id="suggestion-why")
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
        self._start_suggestions()

    def refresh_suggestions(self) -> None:
        """Work the suggestions out again for the same text (the learning index arrived)."""
        if self._text:
            self._start_suggestions()

    def _start_suggestions(self) -> None:
        # A superseded worker is cancelled but its thread runs on; the number lets its
        # late result be dropped instead of replacing a newer one.
        self._round += 1
        self.compute_suggestions(self._text[:SUGGEST_TEXT_LIMIT], current_language(), self._round)

    @work(thread=True, exclusive=True, group="suggest", description="suggest")
    def compute_suggestions(self, text: str, lang: str, round_: int = 0) -> None:
        from reflect.catalog import load_catalog
        from reflect.catalog.suggest import suggest

        # The app loads the catalogue in the background; if this runs first, load (cached,
        # thread-safe) here rather than drop the suggestions for this text.
        catalog = self.catalog or load_catalog()

        index = self._learning()
        learned = None
        if index is not None:
            learned = index.learned(text, exclude=self._entry_id(), code=DEFAULT_CODE)
        found = suggest(text, catalog, code=DEFAULT_CODE, limit=8, lang=lang, learned=learned)
        self.app.call_from_thread(self._set_suggestions, found, round_)

    def _set_suggestions(self, found: list[Any], round_: int = 0) -> None:
        if round_ and round_ != self._round:
            return  # a later text (or the learning index) is being worked on
        self.suggestions = found
        try:
            searching = bool(self.query_one("#article-search", Input).value.strip())
            if not searching:
                self._render_results()
        except NoMatches:
            # The result arrived from its thread after the pane was taken down (the entry
            # closed, the form rebuilt): nothing to show it in, and a new pane asks again.
            return

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
                elif found.code and len(found.block) > 1:
                    options += self._block_options(catalog, found, tagged)
                elif found.code and found.number is not None:
                    mark = "✓ " if (found.code, found.number) in tagged else "★ "
                    label = article_label(catalog, found.code, found.number)
                    options.append(Option(Text(mark + label), id=f"a:{found.code}:{found.number}"))
            if not options:
                options.append(Option(t("tui.picker.no_suggestions"), disabled=True))
        results.add_options(options)
        if options and not options[0].disabled:
            results.highlighted = 0
        self._show_why(results.highlighted_option if not query else None)

    @on(OptionList.OptionHighlighted, "#article-results")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        searching = bool(self.query_one("#article-search", Input).value.strip())
        self._show_why(None if searching else event.option)

    def _show_why(self, option: Option | None) -> None:
        """Under the list: why the highlighted suggestion is there."""
        found = self._suggestion_for(option.id or "") if option is not None else None
        why = self.query_one("#suggestion-why", Static)
        reasons = list(found.reasons[:WHY_REASONS]) if found is not None else []
        why.update(Text("\n".join(safe(reason) for reason in reasons)))
        why.display = bool(reasons)

    def _suggestion_for(self, option_id: str) -> Any:
        kind, _, rest = option_id.partition(":")
        for found in self.suggestions:
            if kind == "f" and found.kind == "framework" and found.framework_id == rest:
                return found
            block_keys = (f"{found.code}:{found.group}", f"{found.code}:{found.number}")
            if kind == "b" and found.block and rest in block_keys:
                return found
            if kind == "a" and found.kind == "article" and rest == f"{found.code}:{found.number}":
                return found
        return None

    def _block_options(
        self, catalog: Catalog, found: Any, tagged: set[tuple[str, int]]
    ) -> list[Option]:
        """A tentative block of unknown articles (14-18, say) is one line, not five identical
        guesses; choosing it lists its members below it, to tag the one that fits."""
        lang = current_language()
        code = catalog.code(found.code)
        group = next((g for g in code.groups if g.id == found.group), None) if code else None
        word = code.label_word.text(lang) if code else t("tui.articles.article")
        numbers = _numbers(found.block)
        if group is not None:
            name = group.name.text(lang)
            label = t("catalog.block.label", word=word, numbers=numbers, name=name)
        else:
            label = t("catalog.block.label_plain", word=word, numbers=numbers)
        key = f"{found.code}:{found.group or found.number}"
        is_open = key in self._open_blocks
        options = [Option(Text(("▾ " if is_open else "▸ ") + label), id=f"b:{key}")]
        if is_open:
            for number in found.block:
                mark = "✓ " if (found.code, number) in tagged else "☆ "
                text = "    " + mark + article_label(catalog, found.code, number)
                options.append(Option(Text(text), id=f"a:{found.code}:{number}"))
        return options

    @on(OptionList.OptionSelected, "#article-results")
    async def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("b:"):  # a tentative block: show or hide its members
            self._open_blocks ^= {option_id[2:]}
            self._render_results()
            results = self.query_one("#article-results", OptionList)
            with suppress(OptionDoesNotExist):
                results.highlighted = results.get_option_index(option_id)
            return
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
