"""Every user action in one table: the palette, the help screen and the footer read it.

Keeping actions in one place means a new action shows up in the command palette and the
help screen at once, with the same translated words, and no key is listed that does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    """An action: its Textual action string, the keys shown for it and where it applies."""

    id: str
    action: str  # the action name on the app (scope "app") or on the screen of that scope
    keys: str  # display form for the help screen, e.g. "ctrl+s"
    scope: str  # "app", "journal", "entry", "export", "articles"

    @property
    def label_key(self) -> str:
        return f"tui.action.{self.id}"

    @property
    def help_key(self) -> str:
        return f"tui.action.{self.id}.help"


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("quit", "quit", "ctrl+q", "app"),
    ActionSpec("help", "help", "f1 / ?", "app"),
    ActionSpec("palette", "command_palette", "ctrl+p", "app"),
    ActionSpec("lock", "lock", "ctrl+l", "app"),
    ActionSpec("settings", "settings", "f2", "app"),
    ActionSpec("language", "toggle_language", "f3", "app"),
    ActionSpec("theme", "next_theme", "f4", "app"),
    ActionSpec("browse_articles", "browse_articles", "f5", "app"),
    ActionSpec("new_entry", "new_entry", "ctrl+n", "journal"),
    ActionSpec("open_entry", "open_entry", "enter", "journal"),
    ActionSpec("filter", "focus_filter", "/", "journal"),
    ActionSpec("clear_filter", "clear_filter", "escape", "journal"),
    ActionSpec("export", "export", "ctrl+e", "journal"),
    ActionSpec("save", "save", "ctrl+s", "entry"),
    ActionSpec("close_entry", "close_entry", "escape", "entry"),
    ActionSpec("revisions", "revisions", "ctrl+r", "entry"),
    ActionSpec("next_step", "next_step", "ctrl+down", "entry"),
    ActionSpec("previous_step", "previous_step", "ctrl+up", "entry"),
    ActionSpec("full_form", "full_form", "ctrl+f", "entry"),
    ActionSpec("articles_pane", "articles_pane", "ctrl+t", "entry"),
    ActionSpec("export_entry", "export", "ctrl+e", "entry"),
    ActionSpec("export_write", "write", "ctrl+s", "export"),
    ActionSpec("export_redact", "redact", "ctrl+r", "export"),
    ActionSpec("export_force", "write_anyway", "ctrl+f", "export"),
    ActionSpec("export_cancel", "cancel", "escape", "export"),
)


def action_by_id(action_id: str) -> ActionSpec:
    return next(a for a in ACTIONS if a.id == action_id)
