"""The pane of earlier similar entries beside an entry being written (moresprudentie).

Shown on demand (ctrl+o, in the place of the articles pane), so the entry screen looks as
before until the user asks. While shown it follows the text: the entry screen hands it the
text after each pause in typing, and the ranking (:mod:`reflect.operations.earlier`) runs in
a thread on the journal's similarity index, the one the article suggestions learn from
(:mod:`reflect.widgets.article_picker` keeps it per unlocked journal). What was decided in
each found entry is read on the journal's gate. Typing never waits on any of it.

Enter on an entry shows its decision and reasons in full
(:class:`reflect.screens.earlier.EarlierScreen`); escape from there, or ctrl+o again, puts
the cursor back where the user was writing, the pane staying beside it; escape in the pane
hides it and brings the articles pane back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reflect.i18n import t
from reflect.operations.earlier import DEFAULT_LIMIT, Earlier, describe, rank_earlier
from reflect.tui.actions import bindings_for
from reflect.tui.context import AppContext
from reflect.widgets.article_picker import ArticlePicker, current_index
from reflect.widgets.safe_text import safe

SIMILAR_TEXT_LIMIT = 20_000  # the start of a huge paste says enough about what it is about
LINE = 100  # a decision or reason is cut to this many characters in the list (4 lines)


def percent(similarity: float) -> int:
    return round(similarity * 100)


def status_word(status: str) -> str:
    return t(f"cli.status.{status}")


def articles_words(found: Earlier) -> str:
    return ", ".join(str(number) for _, number in found.shared_articles)


def _cut(text: str) -> str:
    flat = safe(" ".join(text.split()), keep_newlines=False)
    return flat if len(flat) <= LINE else flat[: LINE - 1] + "…"


class SimilarPane(Vertical):
    """Earlier entries like the one being written, most similar first."""

    DEFAULT_CSS = """
    SimilarPane {
        width: 38%;
        min-width: 32;
        max-width: 64;
        border-left: vkey $primary 50%;
        padding: 0 0 0 1;
    }
    SimilarPane #similar-state { height: auto; color: $text-muted; }
    SimilarPane #similar-results { height: 1fr; border: none; }
    SimilarPane #similar-hint { height: auto; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("similar")

    class Opened(Message):
        """An earlier entry was chosen: the screen shows it whole (widgets open no screens)."""

        def __init__(self, earlier: Earlier) -> None:
            super().__init__()
            self.earlier = earlier

    def __init__(
        self,
        ctx: AppContext,
        entry_id: Callable[[], str | None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self._entry_id = entry_id  # the entry being written: it resembles itself
        self.found: list[Earlier] = []
        self.state = "empty"  # empty | loading | none | found
        self._text = ""
        self._articles: tuple[tuple[str, int], ...] = ()
        self._round = 0  # bumped for every ranking started; a late result is dropped
        self._writing: Widget | None = None  # where the cursor goes back to
        self._picker_shown = True  # the articles pane's state before this one replaced it
        self.display = False  # on demand: the entry screen looks as before until asked

    def compose(self) -> ComposeResult:
        yield Static(t("similar.pane.title"), classes="pane-title", id="similar-title")
        yield Static(t("similar.pane.empty"), id="similar-state")
        yield OptionList(id="similar-results")
        yield Static(t("similar.pane.hint"), id="similar-hint")

    def relabel(self) -> None:
        self.query_one("#similar-title", Static).update(t("similar.pane.title"))
        self.query_one("#similar-hint", Static).update(t("similar.pane.hint"))
        self._show_results()

    # ---- what to compare ------------------------------------------------------------------

    def text_changed(self, text: str, articles: Iterable[tuple[str, int]]) -> None:
        """Called (debounced) by the entry screen with all the entry's text and tags."""
        self._text = text
        self._articles = tuple(articles)
        if self.display:
            self._start()

    def refresh_results(self) -> None:
        """Rank again for the same text (the journal's index arrived or changed)."""
        if self.display:
            self._start()

    def _start(self) -> None:
        self._round += 1
        self._rank(self._text[:SIMILAR_TEXT_LIMIT], self._articles, self._round)

    @work(exclusive=True, group="similar", description="similar")
    async def _rank(self, text: str, articles: tuple[tuple[str, int], ...], round_: int) -> None:
        if not text.strip():
            self._set("empty", [], round_)
            return
        index = current_index(self.ctx)
        journal = self.ctx.journal
        if index is None or journal is None:
            self._set("loading", [], round_)  # the entry screen asks again once it is built
            return
        exclude = self._entry_id()
        try:
            ranked = await asyncio.to_thread(
                rank_earlier, index, text, articles, exclude=exclude, limit=DEFAULT_LIMIT
            )
            found = await self.ctx.gate.run(describe, journal, ranked) if ranked else []
        except Exception:  # a nicety: never an error that ends the app (journal locked...)
            found = []
        self._set("found" if found else "none", found, round_)

    def _set(self, state: str, found: list[Earlier], round_: int) -> None:
        if round_ != self._round:
            return  # a later text is being worked on
        self.state, self.found = state, found
        self._show_results()

    def _show_results(self) -> None:
        try:
            status = self.query_one("#similar-state", Static)
            results = self.query_one("#similar-results", OptionList)
        except NoMatches:
            return  # the result came after the pane was taken down
        words = {"empty": "similar.pane.empty", "loading": "similar.pane.loading"}
        if self.state == "found":
            status.display = False
        else:
            status.update(t(words.get(self.state, "similar.pane.none")))
            status.display = True
        highlighted = results.highlighted
        results.clear_options()
        options: list[Option | None] = []
        for found in self.found:
            if options:
                options.append(None)  # a separator between entries
            options.append(Option(self._prompt(found), id=f"e:{found.entry_id}"))
        results.add_options(options)
        if self.found:
            results.highlighted = min(highlighted or 0, len(self.found) - 1)

    @staticmethod
    def _prompt(found: Earlier) -> Text:
        title = safe(" ".join(found.title.split()), keep_newlines=False) or t("cli.untitled")
        meta = t(
            "similar.pane.meta",
            percent=percent(found.similarity),
            date=found.created.date().isoformat(),
            status=status_word(found.status),
        )
        prompt = Text(title, style="bold")
        prompt.append("\n" + meta, style="dim")
        if found.shared_articles:
            shared = t("similar.pane.articles", articles=articles_words(found))
            prompt.append("\n" + shared, style="dim")
        decision = _cut(found.decision) or t("similar.none_decided")
        prompt.append("\n" + t("similar.pane.decision", text=decision))
        reason = found.rationale_first_line
        if reason:
            prompt.append("\n" + t("similar.pane.rationale", text=_cut(reason)), style="italic")
        return prompt

    # ---- going there and back -------------------------------------------------------------

    def toggle(self) -> None:
        """To the list (showing the pane in the articles pane's place); from inside the
        pane, back to the writing, the pane staying beside it to follow the text: one key
        to go there and back. (Escape in the pane hides it.)"""
        focused = self.screen.focused
        if self.display and focused is not None and self in focused.ancestors_with_self:
            self.to_writing()
            return
        if focused is not None and any(a.id == "entry-content" for a in focused.ancestors):
            self._writing = focused
        if not self.display:
            for picker in self.screen.query(ArticlePicker):
                self._picker_shown = picker.display
                picker.display = False
            self.display = True
            self._start()
        # At once, not queued like Widget.focus: the next key belongs to the list.
        self.screen.set_focus(self.query_one("#similar-results"))

    def action_back(self) -> None:
        """Hide the pane, bring the articles pane back as it was, and return to writing."""
        self.display = False
        for picker in self.screen.query(ArticlePicker):
            picker.display = self._picker_shown
        self.to_writing()

    def to_writing(self) -> None:
        """Put the cursor back where the user was writing (or in the first field)."""
        target = self._writing
        if target is None or not target.is_attached:
            fields = self.screen.query("#entry-content Input, #entry-content TextArea")
            target = fields.first() if fields else None
        if target is not None:
            self.screen.set_focus(target)

    @on(OptionList.OptionSelected, "#similar-results")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        wanted = (event.option.id or "")[2:]
        found = next((f for f in self.found if f.entry_id == wanted), None)
        if found is not None:
            self.post_message(self.Opened(found))
