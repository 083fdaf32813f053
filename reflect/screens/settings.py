"""Settings: language, theme and auto-lock; applied at once and saved to the settings file."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from reflect.config import MAX_AUTOLOCK_MINUTES, Settings
from reflect.i18n import LANGUAGES, t
from reflect.widgets.footer import TranslatedFooter

if TYPE_CHECKING:
    from reflect.app import ReflectApp


class SettingsScreen(ModalScreen[None]):
    SCOPE = "settings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_screen", "tui.key.close", id="close-settings"),
    ]

    @property
    def reflect_app(self) -> ReflectApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        settings = self.reflect_app.settings
        with Vertical(id="settings-box", classes="dialog"):
            yield Static(t("tui.settings.title"), classes="dialog-title")
            yield Label(t("tui.settings.language"))
            yield Select(
                [(t(f"tui.language.{lang}"), lang) for lang in LANGUAGES],
                value=settings.language,
                allow_blank=False,
                id="setting-language",
            )
            yield Label(t("tui.settings.theme"))
            yield Select(
                [(name, name) for name in sorted(self.app.available_themes)],
                value=self.app.theme,
                allow_blank=False,
                id="setting-theme",
            )
            yield Label(t("tui.settings.autolock", max=MAX_AUTOLOCK_MINUTES))
            yield Input(str(settings.autolock_minutes), type="integer", id="setting-autolock")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.settings.apply"), id="settings-apply", variant="primary")
                yield Button(t("tui.settings.cancel"), id="settings-cancel")
        yield TranslatedFooter()

    @on(Button.Pressed, "#settings-apply")
    @on(Input.Submitted, "#setting-autolock")
    def apply(self) -> None:
        language = self.query_one("#setting-language", Select).value
        theme = self.query_one("#setting-theme", Select).value
        raw = self.query_one("#setting-autolock", Input).value.strip()
        minutes = int(raw) if raw.isdigit() else -1
        if not 0 <= minutes <= MAX_AUTOLOCK_MINUTES:
            self.notify(t("tui.settings.bad_minutes", max=MAX_AUTOLOCK_MINUTES), severity="error")
            return
        current = self.reflect_app.settings
        self.dismiss(None)
        self.reflect_app.change_settings(
            Settings(
                language if isinstance(language, str) else current.language,
                theme if isinstance(theme, str) else current.theme,
                minutes,
            )
        )

    @on(Button.Pressed, "#settings-cancel")
    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
