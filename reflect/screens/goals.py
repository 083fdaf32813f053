"""Learning goals (f8): the short list of goals for supervision, and linking entries.

Opened from the journal list or an entry, the screen knows that entry: ctrl+k links it to
the highlighted goal (or takes it off again), and the first column marks the goals it is
linked to. A new goal is typed in the field at the top; ctrl+d closes or reopens a goal;
delete removes one after a question. The rules are :mod:`reflect.operations.goals`, the
same the CLI uses; journal work runs on the journal's thread (the gate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Footer, Input, Static

from reflect.errors import ReflectError
from reflect.i18n import t
from reflect.operations.goals import (
    Goal,
    add_goal,
    clean_goal_text,
    close_goal,
    link_entries,
    list_goals,
    remove_goal,
    reopen_goal,
    unlink_entries,
)
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectScreen
from reflect.tui.context import AppContext
from reflect.widgets.safe_text import safe

SelectedEntry = tuple[str, str]  # (id, title)


def selected_entry(screen: object) -> SelectedEntry | None:
    """The entry the user was on: the one highlighted in the journal list, or the one open."""
    from reflect.screens.entry import EntryScreen
    from reflect.screens.journal import JournalScreen
    from reflect.widgets.entry_list import EntryList

    if isinstance(screen, JournalScreen):
        row = screen.query_one(EntryList).current
        return (row.entry_id, row.title) if row is not None else None
    if isinstance(screen, EntryScreen):
        return screen.draft.id, screen.draft.title
    return None


class GoalsScreen(ReflectScreen[None]):
    SCOPE = "goals"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("goals")

    DEFAULT_CSS = """
    GoalsScreen #goals-entry { padding: 0 1; color: $text-muted; }
    GoalsScreen #goals-empty { padding: 0 1; color: $text-muted; }
    GoalsScreen #goals-table { height: 1fr; }
    """

    def __init__(self, ctx: AppContext, entry: SelectedEntry | None = None) -> None:
        super().__init__(ctx)
        self.entry = entry
        self.goals: list[Goal] = []

    def compose(self) -> ComposeResult:
        yield Static(t("tui.goals.title"), id="goals-title", classes="pane-title")
        yield Static(self._entry_line(), id="goals-entry")
        yield Input(placeholder=t("tui.goals.new"), id="goal-new")
        yield Static(t("tui.goals.empty"), id="goals-empty")
        yield DataTable(id="goals-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def _entry_line(self) -> Text:
        if self.entry is None:
            return Text(t("tui.goals.no_entry"))
        title = " ".join(self.entry[1].split()) or t("cli.untitled")
        return Text(safe(t("tui.goals.entry", title=title)))

    def on_mount(self) -> None:
        self.reload(focus=True)

    def relabel(self) -> None:
        self.query_one("#goals-title", Static).update(t("tui.goals.title"))
        self.query_one("#goals-entry", Static).update(self._entry_line())
        self.query_one("#goal-new", Input).placeholder = t("tui.goals.new")
        self.query_one("#goals-empty", Static).update(t("tui.goals.empty"))
        self.show_rows()

    @work(group="goals", exclusive=True, description="goals")
    async def reload(self, focus: bool = False) -> None:
        journal = self.ctx.journal
        if journal is None:
            return
        self.goals = await self.ctx.gate.run(list_goals, journal)
        self.show_rows()
        if focus:  # where a person starts: the list when there is one, else a new goal
            self.query_one("#goals-table" if self.goals else "#goal-new").focus()

    def show_rows(self) -> None:
        table = self.query_one("#goals-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_column(t("tui.goals.col.linked"), key="linked")
        table.add_column(t("tui.goals.col.state"), key="state")
        table.add_column(t("tui.goals.col.entries"), key="entries")
        table.add_column(t("tui.goals.col.goal"), key="goal")
        entry_id = self.entry[0] if self.entry else None
        for goal in self.goals:
            table.add_row(
                Text("●" if entry_id in goal.entries else "", justify="center"),
                t("goals.state.open") if goal.is_open else t("goals.state.closed"),
                Text(str(len(goal.entries)), justify="right"),
                Text(safe(goal.text)),
                key=goal.id,
            )
        if self.goals:
            table.move_cursor(row=min(keep, len(self.goals) - 1))
        self.query_one("#goals-empty").display = not self.goals

    def selected(self) -> Goal | None:
        table = self.query_one("#goals-table", DataTable)
        if not self.goals or table.row_count == 0:
            return None
        return self.goals[min(table.cursor_row, len(self.goals) - 1)]

    async def _change(self, change: Callable[..., Any], *args: Any, said: str) -> bool:
        """Run one change of :mod:`reflect.operations.goals` in the gate; say how it went."""
        journal = self.ctx.journal
        if journal is None:
            return False
        try:
            await self.ctx.gate.run(change, journal, *args)
        except ReflectError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        self.notify(t(said))
        await self.reload().wait()
        return True

    # ---- keys -----------------------------------------------------------------------------

    def action_new_goal(self) -> None:
        self.query_one("#goal-new").focus()

    @on(Input.Submitted, "#goal-new")
    def typed_goal(self, event: Input.Submitted) -> None:
        self.add_now(event.value)  # cleaned by the one rule, operations.goals.clean_goal_text

    @work(group="goals-change", description="goals-add")
    async def add_now(self, text: str) -> None:
        if await self._change(add_goal, text, said="tui.goals.added"):
            self.query_one("#goal-new", Input).value = ""
            table = self.query_one("#goals-table", DataTable)
            new = [n for n, g in enumerate(self.goals) if g.text == clean_goal_text(text)]
            if new:
                table.move_cursor(row=new[-1])

    def action_link(self) -> None:
        goal = self.selected()
        if goal is None:
            return
        if self.entry is None:
            self.notify(t("tui.goals.no_entry"), severity="warning")
            return
        self.toggle_link(goal, self.entry[0])

    @work(group="goals-change", description="goals-link")
    async def toggle_link(self, goal: Goal, entry_id: str) -> None:
        if entry_id in goal.entries:
            await self._change(unlink_entries, goal.id, [entry_id], said="tui.goals.unlinked")
        else:
            await self._change(link_entries, goal.id, [entry_id], said="tui.goals.linked")

    def action_toggle_done(self) -> None:
        goal = self.selected()
        if goal is not None:
            self.toggle_done(goal)

    @work(group="goals-change", description="goals-done")
    async def toggle_done(self, goal: Goal) -> None:
        if goal.is_open:
            await self._change(close_goal, goal.id, self.ctx.today, said="goals.state.closed")
        else:
            await self._change(reopen_goal, goal.id, said="goals.state.open")

    def action_remove(self) -> None:
        from reflect.screens.confirm import ConfirmScreen

        goal = self.selected()
        if goal is None:
            return

        def answered(remove: bool | None) -> None:
            if remove:
                self.remove_now(goal)

        question = t("tui.goals.remove.confirm", text=goal.text)
        yes, no = t("tui.goals.remove.yes"), t("tui.goals.remove.no")
        self.app.push_screen(ConfirmScreen(question, yes=yes, no=no), callback=answered)

    @work(group="goals-change", description="goals-remove")
    async def remove_now(self, goal: Goal) -> None:
        await self._change(remove_goal, goal.id, said="tui.goals.removed")

    def action_close(self) -> None:
        self.dismiss(None)
