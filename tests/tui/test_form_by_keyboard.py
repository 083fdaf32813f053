"""The entry form typed as a person types it: with the keyboard only, at full speed.

"A flow that was never typed through is untested." Every test here moves with Tab,
shift+tab and the screen's own keys, and types each field's text in the same ``press`` call
as the key that leads to it, so a key that moves the cursor too late loses letters. The
whole-form test is generated from the field table: a field added to ``FIELDS`` is typed and
compared without touching this file, and a field kind it does not know fails it.

All text is fictional.
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from reflect.catalog import DEFAULT_CODE, Catalog, load_catalog
from reflect.catalog.schema import Method, MethodStep
from reflect.fields import BY_NAME, FIELDS, FieldSpec, Kind
from reflect.i18n import current_language, t
from reflect.model import Entry, Status
from reflect.screens.entry import AUTOSAVE_DELAY, EntryScreen
from reflect.screens.journal import JournalScreen
from reflect.vault.journal import Journal
from reflect.widgets.entry_list import EntryList
from reflect.widgets.field_area import MAX_PASTE_CHARS, FieldArea
from reflect.widgets.pair_list import PairList
from tests.tui.conftest import PASSPHRASE
from tests.tui.helpers import app_for, burst, make_journal, settle, unlock

pytestmark = pytest.mark.asyncio

SIZE = (100, 30)  # wide enough for the form and the articles pane side by side
SEARCH = "10"  # typed in the articles pane; the first hit is tagged


# ---- helpers --------------------------------------------------------------------------------


def keys(text: str) -> list[str]:
    """The keys that type ``text``: one per character, a line break as enter."""
    return ["enter" if c == "\n" else c for c in text]


def moves(here: int, there: int) -> list[str]:
    """Tab or shift+tab from focus stop ``here`` to focus stop ``there``."""
    return ["tab"] * (there - here) if there >= here else ["shift+tab"] * (here - there)


def to_field(screen: Any, selector: str) -> list[str]:
    """The Tabs (or shift+tabs) from the cursor to the field ``selector`` names. Reading the
    focus chain only counts the stops; the cursor moves by the keys the test presses."""
    chain = screen.focus_chain
    return moves(chain.index(screen.focused), chain.index(screen.query_one(selector)))


def stored(path: Path) -> list[Entry]:
    with Journal.open(path, PASSPHRASE) as journal:
        return journal.list_entries()


def record_notes(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notes: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append(str(message))
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return notes


def rendered(widget: Widget, lines: int = 3) -> str:
    """What ``widget`` sends to the terminal for its first lines."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y)) for y in range(lines)
    )


def list_row(app: Any, index: int = 0) -> str:
    return "".join(s.text for s in app.screen.query_one(EntryList).render_line(index))


def focused_id(screen: Any) -> str | None:
    focused = screen.focused
    return None if focused is None else focused.id


def inside(widget: Widget | None, container: Widget) -> bool:
    return widget is not None and (widget is container or container in widget.ancestors)


def has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in "\n" for c in text)


async def new_entry(pilot: Any) -> EntryScreen:
    await burst(pilot, "ctrl+n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, EntryScreen)
    return screen


def fictional(spec: FieldSpec, index: int) -> str:
    """Distinct fictional text for one field, with Dutch characters; two lines for TEXT."""
    first = f"Café {index} één"
    if spec.kind is Kind.TEXT:
        return first + f"\nZeeën {index}"
    return first


def select_keys(choices: list[str], current: int | None, wanted: str) -> list[str]:
    """Open a Select with enter, walk to ``wanted`` with down/up, choose it with enter.
    ``current`` is the highlighted row when it opens (the blank prompt is row 0 when the
    Select may be blank and has no value)."""
    target = choices.index(wanted)
    start = 0 if current is None else current
    step = "down" if target >= start else "up"
    return ["enter"] + [step] * abs(target - start) + ["enter"]


def method_choices(catalog: Catalog) -> list[str]:
    """The method Select's rows: the blank prompt, then the catalogue's methods in order."""
    return ["", *catalog.methods]


def first_unfilled(method: Method) -> int:
    """The first step of ``method`` whose answer fills no field of the entry."""
    return next(i for i, s in enumerate(method.steps) if s.fills is None)


# ---- 1. the whole form, generated from the field table -----------------------------------


def check_field(spec: FieldSpec, entry: Entry, wanted: Any) -> None:
    """The stored value of ``spec`` in ``entry`` equals what was typed; fails for a kind
    this test does not know, so no kind can be added to the table unnoticed."""
    value = getattr(entry, spec.name)
    if spec.kind in (Kind.LINE, Kind.TEXT):
        assert value == wanted, spec.name
    elif spec.kind is Kind.PAIRS:
        assert spec.pair_keys is not None
        first, second = spec.pair_keys
        assert [(getattr(r, first), getattr(r, second)) for r in value] == wanted, spec.name
    elif spec.kind is Kind.DATE:
        assert value == date.fromisoformat(wanted), spec.name
    elif spec.kind is Kind.STATUS:
        assert value == Status(wanted), spec.name
    elif spec.kind is Kind.METHOD or spec.kind is Kind.ANSWERS:
        assert value == wanted, spec.name
    elif spec.kind is Kind.ARTICLES:
        assert [(a.code, a.number, a.note) for a in value] == wanted, spec.name
    else:
        pytest.fail(f"field kind {spec.kind!r} ({spec.name}) is not compared by this test")


async def test_every_field_of_the_table_typed_through_the_full_form(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        catalog = app.ctx.catalog
        assert catalog is not None
        assert screen.mode == "form" and screen.draft.method is None  # the full form
        assert focused_id(screen) == f"f-{FIELDS[0].name}"  # the cursor starts in field one

        expected: dict[str, Any] = {}
        later: list[FieldSpec] = []  # kinds reached by their own keys, after the Tab walk
        stops: dict[str, int] = {}  # each field's first focus stop in the form
        here = there = 0  # the focus stop the cursor is at; the next field's first stop

        # Tab through the form in the table's order, typing each field as it is reached.
        for index, spec in enumerate(FIELDS):
            stops[spec.name] = there
            if spec.kind in (Kind.LINE, Kind.TEXT, Kind.DATE):
                if spec.kind is Kind.DATE:
                    value = (date(2026, 4, 1) + timedelta(days=400 * index)).isoformat()
                else:
                    value = fictional(spec, index)
                await burst(pilot, *moves(here, there), *keys(value))
                assert focused_id(screen) == f"f-{spec.name}"
                expected[spec.name] = value
                here, there = there, there + 1
            elif spec.kind is Kind.STATUS:
                choices = [s.value for s in Status]
                wanted = next(s for s in reversed(choices) if s != screen.draft.status.value)
                current = choices.index(screen.draft.status.value)
                await burst(pilot, *moves(here, there), *select_keys(choices, current, wanted))
                assert focused_id(screen) == f"f-{spec.name}"
                expected[spec.name] = wanted
                here, there = there, there + 1
            elif spec.kind is Kind.PAIRS:
                rows = [(f"Eén {index}", f"ë {index}"), (f"Ruïne {index}", f"é {index}")]
                typed: list[str] = []
                for row, (left, right) in enumerate(rows):
                    typed += [*keys(left), "tab", *keys(right)]
                    if row < len(rows) - 1:
                        typed.append("tab")
                await burst(pilot, *moves(here, there), *typed)
                assert inside(screen.focused, screen.query_one(f"#f-{spec.name}", PairList))
                expected[spec.name] = rows
                # Two fields per row, and the empty row the list always keeps at its end.
                here, there = there + 2 * len(rows) - 1, there + 2 * len(rows) + 2
            elif spec.kind is Kind.METHOD:
                later.append(spec)  # chosen last: choosing one switches to its steps
                there += 1
            elif spec.kind in (Kind.ANSWERS, Kind.ARTICLES):
                later.append(spec)  # no focus stop in the form: answers need a method first,
                # articles are tagged in the pane beside it
            else:
                pytest.fail(f"field kind {spec.kind!r} ({spec.name}) is not typed by this test")

        order = [Kind.METHOD, Kind.ANSWERS, Kind.ARTICLES]
        for spec in sorted(later, key=lambda s: order.index(s.kind)):
            if spec.kind is Kind.METHOD:
                method = next(
                    m for m in catalog.methods.values() if any(s.fills is None for s in m.steps)
                )
                choose = select_keys(method_choices(catalog), None, method.id)
                await burst(pilot, *moves(here, stops[spec.name]), *choose)
                await settle(pilot)
                assert screen.mode == "steps" and screen.draft.method == method.id
                expected[spec.name] = method.id
            elif spec.kind is Kind.ANSWERS:
                method_id = expected.get("method")
                assert method_id is not None, "answers need a method: the table changed"
                method = catalog.methods[method_id]
                step = method.steps[first_unfilled(method)]
                answer = f"Reünie {step.id}"
                # To that step, then the full form: the cursor stays on its answer there.
                to_step = ["ctrl+down"] * first_unfilled(method)
                await burst(pilot, *to_step, "ctrl+f", *keys(answer))
                await settle(pilot)
                assert screen.mode == "form" and focused_id(screen) == f"answer-{step.id}"
                expected[spec.name] = {step.id: answer}
            else:  # ARTICLES
                article = catalog.search(SEARCH, DEFAULT_CODE)[0]
                note = "Noot één"
                # ctrl+t: into the pane's search; enter: to the results; enter: tag the first.
                await burst(pilot, "ctrl+t", *keys(SEARCH), "enter", "enter", *keys(note))
                await settle(pilot)
                expected[spec.name] = [(article.code, article.number, note)]

        await burst(pilot, "ctrl+s")
        await settle(pilot)
        assert not screen.dirty and screen.save_error is None
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)

    (entry,) = stored(journal_path)
    for spec in FIELDS:
        assert spec.name in expected, f"{spec.name} was never typed"
        check_field(spec, entry, expected[spec.name])


# ---- 2. keys typed right after a Tab ------------------------------------------------------


async def test_keys_typed_right_after_tab_land_in_the_next_field(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        assert focused_id(screen) == "f-title"
        await burst(pilot, "a", "b", "c", "tab", "d", "e", "f")
        assert screen.query_one("#f-title", Input).value == "abc"
        assert screen.query_one("#f-case_code", Input).value == "def"
        assert (screen.draft.title, screen.draft.case_code) == ("abc", "def")
        await burst(pilot, "escape")
        await settle(pilot)
    (entry,) = stored(journal_path)
    assert (entry.title, entry.case_code) == ("abc", "def")


# ---- 3. a method's steps: the cursor follows ctrl+down / ctrl+up; reopening resumes ---------


def step_target(step: MethodStep) -> str:
    """Where typing on ``step`` goes: the field it fills, or its answer."""
    spec = BY_NAME.get(step.fills or "")
    if spec is None or spec.kind is Kind.ARTICLES:  # an articles step has an answer area
        return f"answer:{step.id}"
    if spec.kind in (Kind.TEXT, Kind.PAIRS):
        return spec.name
    pytest.fail(f"a step fills a {spec.kind!r} field ({spec.name}): not typed by this test")


def typed_value(entry: Entry, target: str) -> Any:
    """What ``entry`` holds at ``target``, in the shape pieces of typing make."""
    if target.startswith("answer:"):
        return entry.method_answers.get(target.split(":", 1)[1], "")
    spec = BY_NAME[target]
    if spec.kind is Kind.PAIRS:
        assert spec.pair_keys is not None
        first, second = spec.pair_keys
        return [(getattr(r, first), getattr(r, second)) for r in getattr(entry, target)]
    return getattr(entry, target)


def expected_value(target: str, pieces: list[str]) -> Any:
    """Typing that goes on where it stopped: text appends; in a list of rows each visit
    types into the empty row at the end, so each piece is a row of its own."""
    if not target.startswith("answer:") and BY_NAME[target].kind is Kind.PAIRS:
        return [(piece, "") for piece in pieces]
    return "".join(pieces)


def heading(screen: EntryScreen) -> str:
    return str(screen.query_one("#entry-heading", Static).render())


async def test_the_cursor_follows_the_steps_and_reopening_resumes_there(
    journal_path: Path,
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        catalog = app.ctx.catalog
        assert catalog is not None

        # The method whose steps are the most varied: fields of each kind, answers, articles.
        def variety(m: Method) -> int:
            return len({BY_NAME[s.fills].kind if s.fills else None for s in m.steps})

        method = max(catalog.methods.values(), key=variety)
        steps = method.steps
        assert len(steps) >= 5  # saved on step 4, left on step 3, below the last two
        targets = [step_target(s) for s in steps]
        pieces: dict[str, list[str]] = {target: [] for target in targets}

        def typed_at(index: int, text: str) -> list[str]:
            pieces[targets[index]].append(text)
            return keys(text)

        choose = select_keys(method_choices(catalog), None, method.id)
        await burst(pilot, *to_field(screen, "#f-method"), *choose, *typed_at(0, "S1 ë"))
        await settle(pilot)
        assert screen.mode == "steps" and screen.step_index == 0

        for index in range(1, len(steps)):  # ctrl+down and at once the step's text
            await burst(pilot, "ctrl+down", *typed_at(index, f"S{index + 1} é"))
        await settle(pilot)
        assert screen.step_index == len(steps) - 1
        await burst(pilot, "ctrl+up", *typed_at(len(steps) - 2, " ook ë"))
        await settle(pilot)
        assert screen.step_index == len(steps) - 2
        assert screen.draft.method == method.id  # no key went to the method's Select
        for target, typed in pieces.items():
            assert typed_value(screen.draft, target) == expected_value(target, typed), target

        # Save on step 4, go back to step 3 without typing, leave: the entry was left at 3.
        await burst(pilot, *["ctrl+up"] * (len(steps) - 2 - 3), "ctrl+s")
        await settle(pilot)
        assert screen.step_index == 3 and not screen.dirty
        await burst(pilot, "ctrl+up", "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)

        await burst(pilot, "enter")  # reopen it from the list
        await settle(pilot)
        reopened = app.screen
        assert isinstance(reopened, EntryScreen) and reopened is not screen
        name = method.name.text(current_language())
        assert heading(reopened) == t("tui.entry.step_heading", method=name, n=3, total=len(steps))
        await burst(pilot, *typed_at(2, " ï"))
        await settle(pilot)
        assert typed_value(reopened.draft, targets[2]) == expected_value(
            targets[2], pieces[targets[2]]
        )
        await burst(pilot, "escape")
        await settle(pilot)

    (entry,) = stored(journal_path)
    assert entry.method == method.id
    for target, typed in pieces.items():
        assert typed_value(entry, target) == expected_value(target, typed), target


async def test_a_save_of_only_the_step_keeps_the_visit_s_one_revision(
    journal_path: Path,
) -> None:
    method = next(m for m in load_catalog().methods.values() if len(m.steps) >= 3)
    original = Entry(title="Stap-test", method=method.id)
    journal, _ = Journal.create(journal_path, PASSPHRASE)
    journal.add(original)
    journal.set_place(original.id, method.steps[2].id)
    journal.close()
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await burst(pilot, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen) and screen.step_index == 2  # where it was left
        live = app.ctx.journal
        assert live is not None
        await burst(pilot, "ctrl+up", "ctrl+s")  # only the step changed
        await settle(pilot)
        assert await app.ctx.gate.run(live.place, original.id) == method.steps[1].id
        assert await app.ctx.gate.run(live.revisions, original.id) == []
        target = step_target(method.steps[1])
        await burst(pilot, *keys("Later getypt ë"), "ctrl+s")  # the first change of the visit
        await settle(pilot)
        assert not screen.dirty and screen.save_error is None
        await burst(pilot, "escape")
        await settle(pilot)
    with Journal.open(journal_path, PASSPHRASE) as journal:
        entry = journal.get(original.id)
        assert typed_value(entry, target) == expected_value(target, ["Later getypt ë"])
        assert [typed_value(r.entry, target) for r in journal.revisions(original.id)] == [
            expected_value(target, [])
        ]


# ---- 4. after tagging an article the cursor is in its note ---------------------------------


async def test_after_tagging_an_article_the_cursor_is_in_its_note(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        catalog = app.ctx.catalog
        assert catalog is not None
        await burst(pilot, *keys("Geheim ë"))
        first = catalog.search("10", DEFAULT_CODE)[0]
        second = catalog.search("privacy", DEFAULT_CODE)[0]
        assert (first.code, first.number) != (second.code, second.number)

        await burst(pilot, "ctrl+t", *keys("10"), "enter", "enter", *keys("eerste noot ë"))
        await settle(pilot)
        note = screen.focused
        assert note is not None and note.has_class("tag-note")
        # A second one, typed over the search (shift+tab back to it selects its text): the
        # cursor goes to the note of the article just tagged.
        back = to_field(screen, "#article-search")
        await burst(pilot, *back, *keys("privacy"), "enter", "enter", *keys("tweede é"))
        await settle(pilot)
        assert [(a.number, a.note) for a in screen.draft.articles] == [
            (first.number, "eerste noot ë"),
            (second.number, "tweede é"),
        ]
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    (entry,) = stored(journal_path)
    assert [(a.code, a.number, a.note) for a in entry.articles] == [
        (first.code, first.number, "eerste noot ë"),
        (second.code, second.number, "tweede é"),
    ]


# ---- 5. autosave ----------------------------------------------------------------------------


async def test_autosave_reaches_the_disk_and_a_visit_keeps_one_revision(
    journal_path: Path, tmp_path: Path
) -> None:
    original = Entry(title="Oud voorbeeld", situation="Een fictieve situatie.")
    make_journal(journal_path, [original])
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        await burst(pilot, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen) and focused_id(screen) == "f-title"
        before = journal_path.read_bytes()
        await burst(pilot, "end", *keys(" bijgewerkt ë"))
        assert screen.dirty
        await pilot.pause(AUTOSAVE_DELAY + 0.5)  # the one real wait: autosave is time-based
        await settle(pilot)
        assert not screen.dirty and screen.save_error is None
        journal = app.ctx.journal
        assert journal is not None
        in_memory = await app.ctx.gate.run(journal.get, original.id)
        assert in_memory.title == "Oud voorbeeld bijgewerkt ë"

        # What a crash right now would leave: the file as it is on disk, read by the
        # journal's own reader (a copy, since the app holds the journal's lock).
        assert journal_path.read_bytes() != before
        copy = tmp_path / "after-autosave" / journal_path.name
        copy.parent.mkdir(mode=0o700)
        shutil.copyfile(journal_path, copy)
        with Journal.open(copy, PASSPHRASE) as on_disk:
            assert on_disk.get(original.id).title == "Oud voorbeeld bijgewerkt ë"
            assert [r.entry.title for r in on_disk.revisions(original.id)] == ["Oud voorbeeld"]

        await burst(pilot, *keys(" en daarna"), "ctrl+s")
        await settle(pilot)
        assert not screen.dirty and screen.save_error is None
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)

    with Journal.open(journal_path, PASSPHRASE) as journal:
        assert journal.get(original.id).title == "Oud voorbeeld bijgewerkt ë en daarna"
        # The autosave and the ctrl+s of one visit: one revision, the version before it.
        assert [r.entry.title for r in journal.revisions(original.id)] == ["Oud voorbeeld"]


# ---- 6. bad input ---------------------------------------------------------------------------


async def test_a_5_mb_paste_is_refused_with_a_message_and_nothing_is_lost(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        notes = record_notes(app, monkeypatch)
        await burst(pilot, *keys("Plak-test"))
        await burst(pilot, *to_field(screen, "#f-situation"), *keys("Eerst getypt: één zin."))
        area = screen.query_one("#f-situation", FieldArea)
        assert screen.focused is area
        big = ("Een fictieve cliënt vertelt iets in vertrouwen. ë é\n" * 100_000)[:5_000_000]
        app.post_message(events.Paste(big))  # as the terminal driver sends a paste
        await settle(pilot)
        assert notes == [
            t("tui.entry.paste_too_big", size=len(big) // 1000, max=MAX_PASTE_CHARS // 1000)
        ]
        assert area.text == screen.draft.situation == "Eerst getypt: één zin."
        await burst(pilot, *keys(" Daarna verder."))  # the field still takes typing
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
    assert app.return_code in (None, 0)
    (entry,) = stored(journal_path)
    assert (entry.title, entry.situation) == ("Plak-test", "Eerst getypt: één zin. Daarna verder.")


HOSTILE_LINE = (
    "Veilig\x1b]52;c;ZXZpbA==\x07 een\x1b[2J titel\x1b]0;gekaapt\x07 ë\x1b]52;c;ZXZpbA==\x1b\\."
)
HOSTILE_TEXT = "Regel één\x1b[31m rood\x1b[0m\r\nRegel twee\x1b]52;c;ZXZpbA==\x1b\\ ë\x07"


async def test_a_paste_full_of_escape_sequences_is_stored_and_shown_without_them(
    journal_path: Path,
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        title = screen.query_one("#f-title", Input)
        app.post_message(events.Paste(HOSTILE_LINE))
        await settle(pilot)
        await burst(pilot, *to_field(screen, "#f-situation"))
        area = screen.query_one("#f-situation", TextArea)
        assert screen.focused is area
        app.post_message(events.Paste(HOSTILE_TEXT))
        await settle(pilot)
        assert screen.draft.title == "Veilig een titel ë."
        assert screen.draft.situation == "Regel één rood\nRegel twee ë"
        # Nothing of it reaches the terminal either: the fields show what is stored.
        assert title.value == "Veilig een titel ë."
        assert area.text == "Regel één rood\nRegel twee ë"
        assert not has_control(rendered(title, 1)) and not has_control(rendered(area))
        await burst(pilot, "ctrl+s")
        await settle(pilot)
        await burst(pilot, "escape")
        await settle(pilot)
        assert "Veilig een titel ë." in list_row(app)
    (entry,) = stored(journal_path)
    assert (entry.title, entry.situation) == ("Veilig een titel ë.", "Regel één rood\nRegel twee ë")
    assert not has_control(entry.title + entry.situation)


async def test_a_right_to_left_override_is_stored_as_typed_and_shown_visibly(
    journal_path: Path,
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    title = "Keuze \u202eniet wat het lijkt"
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        app.post_message(events.Paste(title))  # a bidi override comes in by paste
        await settle(pilot)
        assert screen.draft.title == title
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        row = list_row(app)
        assert "Keuze ⟨RLO⟩niet wat het lijkt" in row and "\u202e" not in row
    (entry,) = stored(journal_path)
    assert entry.title == title


async def test_a_right_to_left_override_is_shown_visibly_in_the_field_itself(
    journal_path: Path,
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        app.post_message(events.Paste("Keuze \u202eniet wat het lijkt"))
        await settle(pilot)
        shown = rendered(screen.query_one("#f-title", Input), 1)
        assert "\u202e" not in shown and "⟨RLO⟩" in shown  # the same marker as the CLI
        assert screen.draft.title == "Keuze \u202eniet wat het lijkt"  # stored as typed
        await burst(pilot, *to_field(screen, "#f-situation"))
        app.post_message(events.Paste("Zij zei \u202eiets anders"))
        await settle(pilot)
        area = rendered(screen.query_one("#f-situation", TextArea), 1)
        assert "\u202e" not in area and "⟨RLO⟩" in area
        assert screen.draft.situation == "Zij zei \u202eiets anders"


async def test_markup_in_a_title_is_stored_literally(journal_path: Path) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    title = "[bold]x[/bold] [/] [@click=app.quit]z"
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await new_entry(pilot)
        await burst(pilot, *keys(title), "tab", *keys("[red]WT-0001[/]"))
        assert (screen.draft.title, screen.draft.case_code) == (title, "[red]WT-0001[/]")
        await burst(pilot, "ctrl+s")
        await settle(pilot)
        assert not screen.dirty and screen.save_error is None
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        assert "[bold]x[/bold] [/]" in list_row(app)
        app.export_screenshot()  # the whole screen renders
    assert app.return_code in (None, 0)
    (entry,) = stored(journal_path)
    assert (entry.title, entry.case_code) == (title, "[red]WT-0001[/]")


# ---- 7. a bug in a widget: the open entry is saved before the app ends ---------------------


class WidgetBug(RuntimeError):
    """A stand-in for a bug in a widget's handler."""


async def test_a_bug_in_a_widget_saves_the_open_entry_before_the_app_ends(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(journal_path)
    app = app_for(journal_path)
    with monkeypatch.context() as patch, pytest.raises(WidgetBug):
        async with app.run_test(size=SIZE) as pilot:
            await unlock(pilot)
            screen = await new_entry(pilot)
            await burst(pilot, *keys("Titel vóór de fout ë"))
            await burst(pilot, *to_field(screen, "#f-situation"), *keys("Situatie één"))
            assert screen.draft.situation == "Situatie één" and screen.dirty

            def broken(self: FieldArea, event: events.Key) -> None:
                raise WidgetBug("a fictional bug in the text area")

            patch.setattr(FieldArea, "_on_key", broken, raising=False)
            await burst(pilot, "x")  # the next key into the text area hits the bug
            await pilot.pause()
    assert app.return_code == 1
    (entry,) = stored(journal_path)
    assert (entry.title, entry.situation) == ("Titel vóór de fout ë", "Situatie één")

    again = app_for(journal_path)
    async with again.run_test(size=SIZE) as pilot:
        notes = record_notes(again, monkeypatch)
        await unlock(pilot)
        await settle(pilot)
        assert t("tui.app.recovered", count=1) in notes
        assert [r.title for r in again.screen.query_one(EntryList).rows] == [entry.title]
