"""A bounded number of requests at the model, a bounded queue behind them, and 503 past that.

A request makes its model calls one after another, so holding one slot for a
request's model work bounds the model calls in flight. Waiting requests hold
only their coroutine; past `max_queued` of them a request is refused at once
with Retry-After, so a flood costs a quick 503 rather than memory and time.
The bounds hold per worker process.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from service.core.errors import Overloaded

GateObserver = Callable[[int, int], None]


class ModelGate:
    """At most `limit` holders at once and `max_queued` waiters; anyone else gets Overloaded."""

    def __init__(
        self,
        limit: int,
        max_queued: int,
        retry_after_s: int,
        observer: GateObserver | None = None,
    ) -> None:
        self._limit = limit
        self._max_queued = max_queued
        self._retry_after_s = retry_after_s
        self._observer = observer
        self._semaphore = asyncio.Semaphore(limit)
        self.active = 0
        self.queued = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold a slot for the block, waiting in the queue if there is room in it."""
        if self._semaphore.locked() and self.queued >= self._max_queued:
            raise Overloaded(
                f"All {self._limit} model slots are busy and {self.queued} requests are "
                "waiting; retry later.",
                retry_after_s=self._retry_after_s,
            )
        self.queued += 1
        self._changed()
        try:
            await self._semaphore.acquire()
        finally:
            self.queued -= 1
        self.active += 1
        self._changed()
        try:
            yield
        finally:
            self.active -= 1
            self._semaphore.release()
            self._changed()

    def _changed(self) -> None:
        if self._observer is not None:
            self._observer(self.active, self.queued)
