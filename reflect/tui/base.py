"""The base of every reflect screen: it holds the app's context, translates its key labels,
and can be told that the language changed or the catalogue arrived."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from reflect.i18n import t
from reflect.tui.context import AppContext

ResultType = TypeVar("ResultType")


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Binding descriptions are message keys (``tui.key.save``): the footer and Textual's
    key panel read ``active_bindings``, so translating here covers both, in the language of
    the moment (a language switch only needs ``refresh_bindings``)."""
    out: dict[str, ActiveBinding] = {}
    for key, active in bindings.items():
        description = active.binding.description
        if description.startswith("tui."):
            active = active._replace(binding=replace(active.binding, description=t(description)))
        out[key] = active
    return out


class ReflectScreenBase:
    """What every reflect screen, full or modal, has (a mixin before Textual's class)."""

    SCOPE: ClassVar[str] = ""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)  # type: ignore[misc]

    def relabel(self) -> None:
        """The language changed: put the new words on screen."""

    def catalog_ready(self) -> None:
        """The catalogue finished loading: fill in what needed it."""

    def background_changed(self) -> None:
        """What runs in the background (``AppContext.background``) changed: a screen with a
        status line shows it there."""


class ReflectScreen(ReflectScreenBase, Screen[ResultType]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx


class ReflectModal(ReflectScreenBase, ModalScreen[ResultType]):
    def __init__(self, ctx: AppContext | None = None) -> None:
        super().__init__()
        self.ctx = ctx

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)


def scope_of(screen: object) -> str:
    return str(getattr(screen, "SCOPE", ""))


def shared_context(screen: object) -> AppContext | None:
    ctx = getattr(screen, "ctx", None)
    return ctx if isinstance(ctx, AppContext) else None
