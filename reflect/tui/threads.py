"""A daemon-thread runner for slow work that must never hold up leaving the app.

Loading the de-identifier takes seconds (minutes the first time). The default executor's
threads are joined at exit, so quitting would wait for it; a daemon thread is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def in_daemon_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` on a daemon thread and await its result.

    Unlike the default executor, a daemon thread does not hold up leaving the app. If the
    awaiting worker is cancelled, the thread finishes on its own and its result is dropped.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(result: Any, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def run() -> None:
        try:
            result: Any = fn(*args)
            error: BaseException | None = None
        except BaseException as exc:  # handed to the awaiting worker
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the app (and its loop) may be gone
            loop.call_soon_threadsafe(deliver, result, error)

    threading.Thread(target=run, name="reflect-export", daemon=True).start()
    return await future
