"""Every user action in one table: key bindings, the footer, the help screen and the command
palette are all generated from it.

A screen's ``BINDINGS`` is ``bindings_for(its scope)``; the help screen lists the table; the
palette offers the actions of the app and of the screen it was opened from. So a key cannot
be listed that does nothing, and an action cannot exist without a key, a help text in both
languages and a palette entry (a test holds the table to that).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

# Words for keys in the help screen and the palette: what is printed on the keyboard.
_KEY_NAMES = {
    "escape": "esc",
    "question_mark": "?",
    "slash": "/",
    "ctrl+down": "ctrl+↓",
    "ctrl+up": "ctrl+↑",
    "alt+down": "alt+↓",
    "alt+up": "alt+↑",
    "shift+tab": "shift+tab",
    "enter": "enter",
}


@dataclass(frozen=True)
class ActionSpec:
    """An action: where it works, the key(s) that run it, and whether the footer shows it."""

    id: str  # the binding id; messages ``tui.action.<id>`` and ``tui.action.<id>.help``
    action: str  # the Textual action on the screen (or ``app.…``) of that scope
    key: str  # Textual key list, e.g. "ctrl+s" or "f1,question_mark"
    scope: str  # "app", or a screen's SCOPE
    footer: str | None = None  # message key of the footer's short label; None: not shown
    priority: bool = False  # runs even when the focused widget would take the key
    listed: bool = True  # in help and palette (False: a second key for a listed action)
    needs_journal: bool = False  # only while a journal is open

    @property
    def label_key(self) -> str:
        return f"tui.action.{self.id}"

    @property
    def help_key(self) -> str:
        return f"tui.action.{self.id}.help"

    @property
    def keys(self) -> str:
        """The keys as a person reads them: ``f1 / ?``."""
        return " / ".join(_KEY_NAMES.get(k, k) for k in self.key.split(","))

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.footer or self.label_key,
            show=self.footer is not None,
            priority=self.priority,
            id=self.id,
        )


ACTIONS: tuple[ActionSpec, ...] = (
    # Everywhere.
    ActionSpec("quit", "quit", "ctrl+q", "app", "tui.key.quit", priority=True),
    ActionSpec("help", "help", "f1,question_mark", "app"),
    ActionSpec("palette", "command_palette", "ctrl+p", "app"),
    ActionSpec("lock", "lock", "ctrl+l", "app", needs_journal=True),
    ActionSpec("settings", "settings", "f2", "app"),
    ActionSpec("language", "toggle_language", "f3", "app"),
    ActionSpec("theme", "next_theme", "f4", "app"),
    ActionSpec("browse_articles", "browse_articles", "f5", "app"),
    ActionSpec("patterns", "patterns", "f6", "app", needs_journal=True),
    ActionSpec("meetings", "meetings", "f7", "app", needs_journal=True),
    ActionSpec("goals", "goals", "f8", "app", needs_journal=True),
    # Priority, so the cursor moves before the next key is handed out: text typed right
    # after a Tab (a fast typist, a paste) lands in the next field, not the previous one.
    ActionSpec("focus_next", "focus_next", "tab", "app", priority=True),
    ActionSpec("focus_previous", "focus_previous", "shift+tab", "app", priority=True),
    # The unlock screen: help in its footer.
    ActionSpec("unlock_help", "app.help", "f1", "unlock", "tui.key.help", listed=False),
    # The journal list.
    ActionSpec("new_entry", "new_entry", "ctrl+n", "journal", "tui.key.new", needs_journal=True),
    ActionSpec("open_entry", "open_entry", "enter", "journal"),
    ActionSpec("filter", "focus_filter", "slash", "journal"),
    ActionSpec("clear_filter", "clear_filter", "escape", "journal"),
    ActionSpec("export", "export", "ctrl+e", "journal", "tui.key.export", priority=True),
    ActionSpec("purge_due", "purge_due", "ctrl+d", "journal", needs_journal=True),
    ActionSpec("delete_entry", "delete_entry", "delete", "journal", needs_journal=True),
    # Not a letter: it must reach the list while the filter box has the cursor.
    ActionSpec("evaluate_entry", "evaluate_entry", "ctrl+g", "journal", needs_journal=True),
    ActionSpec(
        "journal_articles", "app.browse_articles", "f5", "journal", "tui.key.articles", listed=False
    ),
    ActionSpec("journal_help", "app.help", "f1", "journal", "tui.key.help", listed=False),
    # One entry.
    ActionSpec("save", "save", "ctrl+s", "entry", "tui.key.save", priority=True),
    ActionSpec("close_entry", "close_entry", "escape", "entry", "tui.key.close"),
    ActionSpec("revisions", "revisions", "ctrl+r", "entry", "tui.key.revisions"),
    ActionSpec("next_step", "next_step", "ctrl+down", "entry", priority=True),
    ActionSpec("previous_step", "previous_step", "ctrl+up", "entry", priority=True),
    ActionSpec("full_form", "full_form", "ctrl+f", "entry"),
    ActionSpec("articles_pane", "articles_pane", "ctrl+t", "entry", "tui.key.articles_pane"),
    ActionSpec("similar_pane", "similar_pane", "ctrl+o", "entry"),
    # The pane of earlier similar entries beside an entry (its own bindings, on the widget).
    ActionSpec("similar_back", "back", "escape", "similar"),
    ActionSpec("export_entry", "export", "ctrl+e", "entry", priority=True),
    # The export screen.
    ActionSpec("export_write", "write", "ctrl+s", "export", "tui.key.export_write"),
    ActionSpec("export_redact", "redact", "ctrl+r", "export", "tui.key.export_redact"),
    ActionSpec("export_force", "write_anyway", "ctrl+f", "export", "tui.key.export_force"),
    ActionSpec("export_cancel", "cancel", "escape", "export", "tui.key.close"),
    ActionSpec("export_help", "app.help", "f1", "export", "tui.key.help", listed=False),
    # Evaluating an entry (reflect.screens.evaluate).
    ActionSpec("evaluate_save", "save", "ctrl+s", "evaluate", "tui.key.save", priority=True),
    ActionSpec("evaluate_cancel", "close", "escape", "evaluate", "tui.key.close"),
    # Earlier versions of an entry.
    ActionSpec("revision_restore", "restore", "ctrl+r", "revisions", "tui.key.restore"),
    ActionSpec("revision_close", "dismiss_screen", "escape", "revisions", "tui.key.close"),
    # Dialogs: settings, the code browser, a framework.
    ActionSpec("close_dialog", "dismiss_screen", "escape", "dialog", "tui.key.close"),
    ActionSpec("close_help", "dismiss_screen", "escape,f1,question_mark", "help", "tui.key.close"),
    ActionSpec("answer_no", "no", "escape", "confirm"),
    # Patterns (f6): charts, and the same figures as a table.
    ActionSpec("patterns_toggle", "toggle_numbers", "t", "patterns", "tui.key.patterns_toggle"),
    ActionSpec("patterns_close", "close", "escape", "patterns", "tui.key.close"),
    # The reflection log (f7).
    ActionSpec("meetings_add", "add", "ctrl+n", "meetings", "tui.key.meetings_add"),
    ActionSpec("meetings_remove", "remove", "delete", "meetings", "tui.key.meetings_remove"),
    ActionSpec("meetings_period", "period", "ctrl+r", "meetings", "tui.key.meetings_period"),
    ActionSpec("meetings_export", "export", "ctrl+e", "meetings", "tui.key.export"),
    ActionSpec("meetings_close", "close", "escape", "meetings", "tui.key.close"),
    # Learning goals (f8). Not ctrl+l (lock) for linking: k as in "koppelen".
    ActionSpec("goals_new", "new_goal", "ctrl+n", "goals", "tui.key.goals_new"),
    # Priority: they work while the new goal's field has the cursor too.
    ActionSpec("goals_link", "link", "ctrl+k", "goals", "tui.key.goals_link", priority=True),
    ActionSpec("goals_done", "toggle_done", "ctrl+d", "goals", "tui.key.goals_done", priority=True),
    ActionSpec("goals_remove", "remove", "delete", "goals"),
    ActionSpec("goals_close", "close", "escape", "goals", "tui.key.close"),
)

# Scopes in the order the help screen lists them.
SCOPES: tuple[str, ...] = (
    "app",
    "journal",
    "entry",
    "similar",
    "evaluate",
    "revisions",
    "export",
    "patterns",
    "meetings",
    "goals",
    "dialog",
)


def bindings_for(scope: str) -> list[BindingType]:
    """The key bindings of a screen (or of the app, scope ``"app"``)."""
    return [spec.binding() for spec in ACTIONS if spec.scope == scope]


def listed_actions(scope: str) -> list[ActionSpec]:
    """What the help screen shows for a scope."""
    return [spec for spec in ACTIONS if spec.scope == scope and spec.listed]


def palette_actions(scope: str, *, journal_open: bool) -> list[ActionSpec]:
    """What the palette offers on a screen of ``scope``: the app's actions and the screen's."""
    return [
        spec
        for spec in ACTIONS
        if spec.listed
        and spec.id != "palette"
        and spec.scope in ("app", scope)
        and (journal_open or not spec.needs_journal)
    ]

