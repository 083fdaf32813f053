"""Settings: language, theme, auto-lock, the export defaults and the default retention
period. Dismissed with the new settings (the app applies and saves them), or None when
cancelled."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from reflect.export import TEMPLATES
from reflect.i18n import LANGUAGES, t
from reflect.operations.clock import system_zone_label
from reflect.operations.exporting import default_export_folder
from reflect.operations.settings import (
    EXPORT_FORMATS,
    MAX_AUTOLOCK_MINUTES,
    MAX_RETENTION_MONTHS,
    Settings,
)
from reflect.operations.zones import find_zone
from reflect.sanitize import clean_input
from reflect.tui.actions import bindings_for
from reflect.tui.base import ReflectModal
from reflect.tui.context import AppContext


class SettingsScreen(ReflectModal[Settings | None]):
    SCOPE = "dialog"
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("dialog")

    def __init__(self, ctx: AppContext, themes: list[str], theme: str) -> None:
        super().__init__(ctx)
        self.themes = themes
        self.theme_now = theme

    def compose(self) -> ComposeResult:
        assert self.ctx is not None
        settings = self.ctx.settings
        with Vertical(id="settings-box", classes="dialog"):
            yield Static(t("tui.settings.title"), classes="dialog-title")
            with VerticalScroll():
                yield Label(t("tui.settings.language"))
                yield Select(
                    [(t(f"tui.language.{lang}"), lang) for lang in LANGUAGES],
                    value=settings.language,
                    allow_blank=False,
                    id="setting-language",
                )
                yield Label(t("tui.settings.theme"))
                yield Select(
                    [(name, name) for name in self.themes],
                    value=self.theme_now,
                    allow_blank=False,
                    id="setting-theme",
                )
                yield Label(t("tui.settings.autolock", max=MAX_AUTOLOCK_MINUTES))
                yield Input(str(settings.autolock_minutes), type="integer", id="setting-autolock")
                yield Label(t("tui.settings.export_template"))
                yield Select(
                    [(t(f"tui.export.template.{name}"), name) for name in TEMPLATES],
                    value=settings.export_template
                    if settings.export_template in TEMPLATES
                    else Select.NULL,
                    id="setting-export-template",
                )
                yield Label(t("tui.settings.export_format"))
                yield Select(
                    [(fmt, fmt) for fmt in EXPORT_FORMATS],
                    value=settings.export_format,
                    allow_blank=False,
                    id="setting-export-format",
                )
                yield Label(t("tui.settings.export_folder"))
                yield Input(
                    settings.export_folder,
                    placeholder=str(default_export_folder()),
                    id="setting-export-folder",
                )
                yield Label(t("tui.settings.retention", max=MAX_RETENTION_MONTHS))
                yield Input(str(settings.retention_months), type="integer", id="setting-retention")
                # Which calendar day decides what is due (reflect.operations.clock); empty:
                # the computer's own zone, shown as the placeholder.
                yield Label(t("tui.settings.time_zone"))
                yield Input(settings.time_zone, placeholder=_system_zone(), id="setting-zone")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.settings.apply"), id="settings-apply", variant="primary")
                yield Button(t("tui.settings.cancel"), id="settings-cancel")
        yield Footer()

    def on_mount(self) -> None:
        # The first field, not the scroll container around the fields (Textual's choice), and
        # without scrolling to it, which hid the first label before the layout was done.
        self.query_one("#setting-language").focus(scroll_visible=False)

    def _choice(self, widget_id: str, current: str) -> str:
        value = self.query_one(widget_id, Select).value
        return value if isinstance(value, str) else current

    @on(Button.Pressed, "#settings-apply")
    @on(Input.Submitted, "#setting-autolock")
    @on(Input.Submitted, "#setting-export-folder")
    @on(Input.Submitted, "#setting-retention")
    @on(Input.Submitted, "#setting-zone")
    def apply(self) -> None:
        assert self.ctx is not None
        raw = self.query_one("#setting-autolock", Input).value.strip()
        minutes = int(raw) if raw.isdigit() else -1
        if not 0 <= minutes <= MAX_AUTOLOCK_MINUTES:
            self.notify(t("tui.settings.bad_minutes", max=MAX_AUTOLOCK_MINUTES), severity="error")
            return
        raw = self.query_one("#setting-retention", Input).value.strip()
        months = int(raw) if raw.isdecimal() else -1
        if not 0 <= months <= MAX_RETENTION_MONTHS:
            self.notify(t("tui.settings.bad_retention", max=MAX_RETENTION_MONTHS), severity="error")
            return
        zone = clean_input(self.query_one("#setting-zone", Input).value, multiline=False).strip()
        if zone and find_zone(zone) is None:
            self.notify(t("evaluation.error.unknown_zone", name=zone), severity="error")
            return
        current = self.ctx.settings
        folder = clean_input(self.query_one("#setting-export-folder", Input).value, multiline=False)
        self.dismiss(
            replace(
                current,
                language=self._choice("#setting-language", current.language),
                theme=self._choice("#setting-theme", current.theme),
                autolock_minutes=minutes,
                export_template=self._choice("#setting-export-template", current.export_template),
                export_format=self._choice("#setting-export-format", current.export_format),
                export_folder=folder.strip(),
                retention_months=months,
                time_zone=zone,
            )
        )

    @on(Button.Pressed, "#settings-cancel")
    def cancel(self) -> None:
        self.dismiss(None)


def _system_zone() -> str:
    return t("tui.settings.time_zone.system", zone=system_zone_label())
