"""The options / stakeholders row editor, driven by the keyboard as a person uses it.

A tiny app mounts one PairList and records every PairList.Changed it hears, so each test
checks both what was announced (in order) and what the widget holds. All text is fictional.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label, Static

import reflect
from reflect.fields import BY_NAME
from reflect.i18n import set_language, t
from reflect.widgets.pair_list import PairList

Pair = tuple[str, str]
APP_CSS = Path(reflect.__file__).parent / "app.tcss"


class PairApp(App[None]):
    """One PairList between a label and another field, as on the entry screen."""

    def __init__(
        self,
        pairs: list[Pair] | None = None,
        *,
        placeholders: Pair | None = None,
        css_path: Path | None = None,
        width: int | None = None,
    ) -> None:
        super().__init__(css_path=css_path)
        self.initial = pairs or []
        self.placeholders = placeholders
        self.width = width
        self.changes: list[list[Pair]] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll() as column:
            if self.width is not None:
                column.styles.width = self.width
            yield Label("Options and the harm each causes")
            yield PairList("options", self.initial, placeholders=self.placeholders, id="options")
            yield Input(id="after", compact=True)

    @on(PairList.Changed)
    def record(self, event: PairList.Changed) -> None:
        assert event.pair_list.kind == "options"
        self.changes.append(list(event.pairs))

    @property
    def pair_list(self) -> PairList:
        return self.query_one(PairList)


def rows(app: PairApp) -> list[Widget]:
    return list(app.pair_list.query(".pairs-row"))


def cells(app: PairApp) -> list[Pair]:
    """What the fields show, row by row, the empty last row included."""
    return [
        (row.query_one(".pairs-first", Input).value, row.query_one(".pairs-second", Input).value)
        for row in rows(app)
    ]


def cell(app: PairApp, row: int, column: int) -> Input:
    return rows(app)[row].query(Input)[column]


async def start(pilot: Pilot[None], row: int = 0, column: int = 0) -> None:
    """Put the cursor at the end of a field, as a click after its text would. (Focusing an
    Input selects its text, and typing would replace it.)"""
    await pilot.pause()
    cell(pilot.app, row, column).focus()  # type: ignore[arg-type]
    await pilot.pause()
    await pilot.press("end")


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Send keys with no pause at all between them (a fast typist, a slow machine), unlike
    pilot.press, which waits for the app to go idle after every key."""
    for key in keys:
        if len(key) == 1:
            event = events.Key("space" if key == " " else key, key)
        else:
            event = events.Key(key, None)
        pilot.app.post_message(event)
    await pilot.pause()
    await pilot.pause()


def chars(text: str) -> list[str]:
    return list(text)


# ---- typing -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_first_keystroke_in_an_empty_list_adds_a_row_without_crashing() -> None:
    app = PairApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        assert cells(app) == [("", "")]
        await pilot.press("R")
        await pilot.pause()
        assert cells(app) == [("R", ""), ("", "")]
        assert app.pair_list.pairs == [("R", "")]
        assert app.changes == [[("R", "")]]
        assert app.focused is cell(app, 0, 0)  # the new row did not take the cursor
        new_row = rows(app)[1]
        assert new_row.region.height > 0


@pytest.mark.asyncio
async def test_three_rows_typed_quickly_keep_every_character_in_its_field() -> None:
    app = PairApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press(*"Report to Veilig Thuis")
        await pilot.press("tab")
        await pilot.press(*"Trust of the mother is lost")
        await pilot.press("tab")
        await pilot.press(*"Wait a week")
        await pilot.press("tab")
        await pilot.press(*"Risk to the child grows")
        await pilot.press("tab")
        await pilot.press(*"Talk with the GP first")
        await pilot.press("tab")
        await pilot.press(*"Delay")
        await pilot.pause()
        expected = [
            ("Report to Veilig Thuis", "Trust of the mother is lost"),
            ("Wait a week", "Risk to the child grows"),
            ("Talk with the GP first", "Delay"),
        ]
        assert cells(app) == [*expected, ("", "")]
        assert app.pair_list.pairs == expected
        assert app.changes[-1] == expected
        # Every keystroke was announced once and in order: the first one made the first pair.
        assert app.changes[0] == [("R", "")]
        assert len(app.changes) == sum(len(a) + len(b) for a, b in expected)


@pytest.mark.asyncio
async def test_keys_sent_without_any_pause_all_land_in_the_right_field() -> None:
    """Nothing waits between keys here: rows are mounted while more keys are queued, and
    enter / ctrl+n must move the cursor before the next key is delivered."""
    app = PairApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await burst(
            pilot,
            *chars("Call the school"),
            "enter",
            *chars("Breaks a promise"),
            "enter",
            *chars("Do nothing yet"),
            "enter",
            *chars("Nobody is protected"),
            "enter",
            *chars("Home visit"),
            "enter",
            *chars("Costs a day"),
        )
        expected = [
            ("Call the school", "Breaks a promise"),
            ("Do nothing yet", "Nobody is protected"),
            ("Home visit", "Costs a day"),
        ]
        assert cells(app) == [*expected, ("", "")]
        assert app.pair_list.pairs == expected
        assert app.changes[-1] == expected
        assert app.focused is cell(app, 2, 1)


@pytest.mark.asyncio
async def test_enter_goes_from_first_field_to_second_to_the_next_row() -> None:
    app = PairApp([("Ask the team", "Takes time")])
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("enter")
        assert app.focused is cell(app, 0, 1)
        await pilot.press("enter")
        assert app.focused is cell(app, 1, 0)  # the empty row at the end
        await pilot.press("enter")
        assert app.focused is cell(app, 1, 1)
        await pilot.press("enter")  # nowhere further: the field keeps the cursor
        assert app.focused is cell(app, 1, 1)
        assert app.changes == []


@pytest.mark.asyncio
async def test_emptying_the_last_typed_row_leaves_one_empty_row() -> None:
    app = PairApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert len(rows(app)) == 2
        await pilot.press("backspace")
        await pilot.pause()
        assert cells(app) == [("", "")]
        assert app.changes == [[("x", "")], []]
        assert app.focused is cell(app, 0, 0)


# ---- rows by keyboard -----------------------------------------------------------------------


THREE = [
    ("Report to Veilig Thuis", "Trust is lost"),
    ("Wait a week", "Risk grows"),
    ("Ask a colleague", "Takes time"),
]


@pytest.mark.asyncio
async def test_reorder_rows_and_the_cursor_moves_with_its_row() -> None:
    app = PairApp(list(THREE))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, row=2, column=1)
        moving = cell(app, 2, 1)
        await pilot.press("alt+up")
        await pilot.pause()
        first_move = [THREE[0], THREE[2], THREE[1]]
        assert app.pair_list.pairs == first_move
        assert cells(app) == [*first_move, ("", "")]
        assert app.focused is moving and cell(app, 1, 1) is moving
        await pilot.press("alt+up")
        await pilot.pause()
        second_move = [THREE[2], THREE[0], THREE[1]]
        assert cells(app) == [*second_move, ("", "")]
        assert app.focused is cell(app, 0, 1)
        await pilot.press("alt+up")  # already at the top: nothing happens
        await pilot.pause()
        await pilot.press("alt+down")
        await pilot.pause()
        assert cells(app) == [*first_move, ("", "")]
        assert app.focused is cell(app, 1, 1)
        assert app.changes == [first_move, second_move, first_move]
        # Typing after a move edits the row that moved, not the one now in its old place.
        await pilot.press(*" later")
        await pilot.pause()
        assert app.pair_list.pairs[1] == ("Ask a colleague", "Takes time later")


@pytest.mark.asyncio
async def test_the_empty_last_row_stays_last() -> None:
    app = PairApp(list(THREE))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, row=2)
        await pilot.press("alt+down")  # would pass below the empty row
        await start(pilot, row=3)
        await pilot.press("alt+up")  # the empty row itself does not move
        await pilot.press("ctrl+d")  # nor can it be removed
        await pilot.pause()
        assert cells(app) == [*THREE, ("", "")]
        assert app.changes == []


@pytest.mark.asyncio
async def test_remove_rows_by_keyboard() -> None:
    app = PairApp(list(THREE))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, row=1, column=1)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert cells(app) == [THREE[0], THREE[2], ("", "")]
        assert app.focused is cell(app, 1, 1)  # same field of the row that moved up
        await pilot.press("ctrl+delete")
        await pilot.pause()
        assert cells(app) == [THREE[0], ("", "")]
        assert app.focused is cell(app, 1, 1)  # the empty row at the end
        await start(pilot, row=0)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert cells(app) == [("", "")]
        assert app.pair_list.pairs == []
        assert app.changes == [[THREE[0], THREE[2]], [THREE[0]], []]
        assert app.focused is cell(app, 0, 0)


@pytest.mark.asyncio
async def test_ctrl_n_inserts_a_row_below_and_typing_goes_there() -> None:
    app = PairApp(list(THREE))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, row=0, column=1)
        await burst(pilot, "ctrl+n", *chars("Mediation"), "enter", *chars("Slow"))
        expected = [THREE[0], ("Mediation", "Slow"), THREE[1], THREE[2]]
        assert cells(app) == [*expected, ("", "")]
        assert app.pair_list.pairs == expected
        assert app.changes[-1] == expected
        # On an empty row ctrl+n adds nothing: it is the new row already.
        await start(pilot, row=4, column=1)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(rows(app)) == 5
        assert app.focused is cell(app, 4, 0)


# ---- text, layout, language -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_control_characters_are_not_stored() -> None:
    app = PairApp([("Old\x1b[2J text", "fine")])
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, row=0, column=1)
        assert cells(app)[0] == ("Old text", "fine")  # stored text is cleaned on display
        app.post_message(events.Paste(" \x1b]52;c;ZXZpbA==\x07and\x9b31m\x07 safe"))
        await pilot.pause()
        await pilot.pause()
        assert cell(app, 0, 1).value == "fine and safe"
        assert app.pair_list.pairs == [("Old text", "fine and safe")]
        assert app.changes == [[("Old text", "fine and safe")]]
        await pilot.press("!")  # the cursor stayed at the end of the cleaned text
        await pilot.pause()
        assert app.pair_list.pairs == [("Old text", "fine and safe!")]


@pytest.mark.asyncio
@pytest.mark.parametrize("css_path", [None, APP_CSS], ids=["own-css", "with-app-tcss"])
async def test_rows_and_hint_are_visible_at_80x24(css_path: Path | None) -> None:
    app = PairApp([("Report to Veilig Thuis", "Trust is lost")], css_path=css_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown = rows(app)
        assert len(shown) == 2
        for row in shown:
            assert row.region.height > 0
            for field in row.query(Input):
                assert field.region.height > 0 and field.region.width > 10
        empty = cell(app, 1, 0)
        assert empty.placeholder == BY_NAME["options"].pair_labels[0].en == "Option"  # type: ignore[index]
        assert cell(app, 1, 1).placeholder == "Harm it causes"
        hint = app.pair_list.query_one(".pairs-hint", Static)
        assert hint.region.height > 0
        assert "ctrl+n" in str(hint.render())
        after = app.query_one("#after", Input)
        assert after.region.y >= hint.region.bottom  # the list takes room, nothing overlaps


@pytest.mark.asyncio
@pytest.mark.parametrize("lang", ["en", "nl"])
async def test_hint_is_one_line_in_the_entry_form_width(lang: str) -> None:
    """At 80x24 the entry form beside the article pane is 43 columns wide."""
    set_language(lang)
    app = PairApp(width=43)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hint = app.pair_list.query_one(".pairs-hint", Static)
        assert hint.region.width == 43
        assert hint.region.height == 1, str(hint.render())


@pytest.mark.asyncio
async def test_placeholders_from_the_caller_and_relabel_after_a_language_switch() -> None:
    app = PairApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        set_language("nl")
        app.pair_list.relabel()
        await pilot.pause()
        assert cell(app, 0, 0).placeholder == "Optie"  # the field table's Dutch label
        hint = str(app.pair_list.query_one(".pairs-hint", Static).render())
        assert hint == t("pairs.hint", "nl", add="ctrl+n", remove="ctrl+d", move="alt+↑↓")
        app.pair_list.relabel(("Wie", "Wat telt"))
        await pilot.pause()
        assert (cell(app, 0, 0).placeholder, cell(app, 0, 1).placeholder) == ("Wie", "Wat telt")

    explicit = PairApp(placeholders=("Who", "Values at stake"))
    async with explicit.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert [cell(explicit, r, 1).placeholder for r in (0, 1)] == ["Values at stake"] * 2
        explicit.pair_list.relabel()  # explicit placeholders survive a language switch
        assert cell(explicit, 1, 0).placeholder == "Who"


@pytest.mark.asyncio
async def test_blank_stored_pairs_are_dropped_and_one_empty_row_is_added() -> None:
    app = PairApp([("Mother", "Privacy"), (" ", ""), ("", "Safety")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert cells(app) == [("Mother", "Privacy"), ("", "Safety"), ("", "")]
        assert app.pair_list.pairs == [("Mother", "Privacy"), ("", "Safety")]
        assert app.changes == []  # showing stored pairs is not an edit


def test_row_keys_have_ids_and_descriptions_in_both_languages() -> None:
    bindings = [b for b in PairList.BINDINGS if isinstance(b, Binding)]
    assert [b.key for b in bindings] == ["enter", "ctrl+n", "ctrl+d,ctrl+delete", "alt+up",
                                         "alt+down"]  # fmt: skip
    for binding in bindings:
        assert binding.id is not None and binding.id.startswith("pairs-")
        assert binding.priority  # see the module docstring: keys typed right after them
        assert not binding.show  # the hint line shows them; the footer would not translate
        for lang in ("en", "nl"):
            assert t(binding.description, lang) != binding.description
    assert t("pairs.key.add", "nl") == "Nieuwe rij"
