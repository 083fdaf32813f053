"""One background thread for every journal call.

The journal is not thread-safe, and unlocking (Argon2id) or saving (encrypt, fsync) takes
long enough to freeze a terminal UI. So screens never call the journal directly: they
``await gate.run(fn, ...)`` from a worker. A single-thread executor keeps calls in order and
never overlapping, and the event loop stays free to handle keys while one runs.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class JournalGate:
    """Serialises journal calls on one thread, off the event loop."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reflect-journal")
        self.busy = 0

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        self.busy += 1
        try:
            return await loop.run_in_executor(
                self._executor, functools.partial(fn, *args, **kwargs)
            )
        finally:
            self.busy -= 1

    def call_blocking(self, fn: Callable[..., T], *args: Any, timeout: float | None = None) -> T:
        """For shutdown only: run on the journal thread and wait (after the UI is gone, or
        as a bug ends it). Raises TimeoutError after ``timeout`` seconds."""
        return self._executor.submit(fn, *args).result(timeout=timeout)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
