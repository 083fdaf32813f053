"""Keys typed at full speed land in order, in the field they were typed into.

Textual hands each key to the widget focused at that moment and goes straight on with the
next key. A key that moves the cursor — enter in a search box, ctrl+n opening an entry, a
step key — does so a little later: a screen's key bindings run when the key has bubbled
back up to the app, behind every key already waiting. So text typed (or sent) quickly
after such a key landed in the old field, or nowhere.

:class:`OrderedKeys` hands out one key at a time: the next waits until the previous one
has been dealt with — handled by its widget, or bubbled back up and its binding run. A
fast typist or a paste-like burst of keys then behaves exactly like slow typing. A key is
never held for more than :data:`MAX_HOLD` seconds, so nothing can get stuck. Whether a
widget stopped a key is read through :func:`reflect.tui.compat.key_was_stopped`.
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events

from reflect.tui.compat import key_was_stopped

MAX_HOLD = 0.3  # seconds: a key is let go after this even if it was not seen to land
SETTLE_TURNS = 200  # at most this many turns for the screen's messages to settle
QUIET_TURNS = 3  # turns without a message waiting anywhere on the screen: settled
MAX_DEFERRALS = 3  # times the next key lets the app's own queue go first


class OrderedKeys:
    """Mixin for the App (before ``App`` in the bases)."""

    _key_in_flight: events.Key | None = None
    _keys_waiting: deque[events.Key] | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if not event.is_forwarded:  # new from the terminal (or a test's pilot)
                waiting = self._waiting()
                if self._key_in_flight is not None or waiting:
                    waiting.append(event)
                    return
                await self._hand_out(event)
                return
            await super().on_event(event)  # type: ignore[misc]  # bubbled back: bindings
            if event is self._key_in_flight:
                await self._landed(event)
            return
        await super().on_event(event)  # type: ignore[misc]

    @property
    def keys_pending(self) -> bool:
        """Whether a key is still on its way (a test waits for this after a burst)."""
        return self._key_in_flight is not None or bool(self._keys_waiting)

    def _waiting(self) -> deque[events.Key]:
        if self._keys_waiting is None:
            self._keys_waiting = deque()
        return self._keys_waiting

    async def _hand_out(self, event: events.Key) -> None:
        self._key_in_flight = event
        # A screen just opened puts its cursor in place a moment after it is shown: a key
        # handed out before then would go to no field at all.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + MAX_HOLD
        while self.focused is None and loop.time() < deadline:  # type: ignore[attr-defined]
            if not self.screen.focus_chain:  # type: ignore[attr-defined]
                break  # nothing on this screen takes the cursor: do not wait for it
            await asyncio.sleep(0.002)
        target = self.focused or self.screen  # type: ignore[attr-defined]
        await super().on_event(event)  # type: ignore[misc]
        if not event.is_forwarded:  # a priority binding took it here and now
            await self._landed(event)
            return
        # Once the widget has dealt with the key it has either stopped it (landed) or let
        # it bubble towards the app, where on_event sees it again.
        if not target.call_later(self._after_widget, event):
            await self._landed(event)
            return
        asyncio.get_running_loop().call_later(MAX_HOLD, self._let_go, event)

    async def _after_widget(self, event: events.Key) -> None:
        """The widget has dealt with the key: if it stopped it (typing into a field), the
        key has landed; otherwise it is on its way up to the app, whose on_event will see
        it (or MAX_HOLD lets it go)."""
        if key_was_stopped(event):
            await self._landed(event)

    def _let_go(self, event: events.Key) -> None:
        if self._key_in_flight is event:
            self.call_later(self._landed, event)  # type: ignore[attr-defined]

    async def _landed(self, event: events.Key) -> None:
        if self._key_in_flight is not event:
            return
        self._key_in_flight = None
        if self._waiting():
            # Not at once: moving the cursor (Widget.focus) is itself queued on the app;
            # queued behind it, the next key finds the cursor where it went.
            self.call_later(self._next_key)  # type: ignore[attr-defined]

    async def _next_key(self, deferred: int = 0) -> None:
        """Hand out the next waiting key once what the last one set off has settled: the
        screen's widgets have no messages left (a selection that tags an article and then
        moves the cursor into its note), and the app's own queue (where Textual queues a
        move of the cursor) has had its turn."""
        quiet = 0
        for _ in range(SETTLE_TURNS):
            screen = self.screen  # type: ignore[attr-defined]
            busy = screen.focused is None or any(
                node.message_queue_size for node in screen.walk_children(with_self=True)
            )
            quiet = 0 if busy else quiet + 1
            if quiet >= QUIET_TURNS:
                break
            await asyncio.sleep(0)
        if self.message_queue_size and deferred < MAX_DEFERRALS:  # type: ignore[attr-defined]
            self.call_later(self._next_key, deferred + 1)  # type: ignore[attr-defined]
            return
        waiting = self._waiting()
        if self._key_in_flight is None and waiting:
            await self._hand_out(waiting.popleft())
