"""A bounded number of requests at the model, a bounded queue behind them, and 503 past that.

A request makes its model calls one after another, so holding one slot for a
request's model work bounds the model calls in flight. Waiting requests hold
only their coroutine; past `max_queued` of them a request is refused at once
with Retry-After, so a flood costs a quick 503 rather than memory and time.

Job articles ask for a background slot: they are never refused, do not count
against `max_queued`, and get a freed slot only when no interactive request
is waiting for it. The bounds hold per worker process.
"""

from __future__ import annotations

import asyncio
from collections import deque
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
        self._free = limit
        # A freed slot goes straight to the first waiter, interactive ones first,
        # so `_free > 0` only while nobody waits.
        self._interactive: deque[asyncio.Future[None]] = deque()
        self._background: deque[asyncio.Future[None]] = deque()
        self.active = 0
        self.queued = 0
        self.background_queued = 0

    @asynccontextmanager
    async def slot(self, *, background: bool = False) -> AsyncIterator[None]:
        """Hold a slot for the block, waiting behind others; an interactive wait may be refused."""
        if not background and self._free == 0 and self.queued >= self._max_queued:
            raise Overloaded(
                f"All {self._limit} model slots are busy and {self.queued} requests are "
                "waiting; retry later.",
                retry_after_s=self._retry_after_s,
            )
        await self._acquire(background)
        self.active += 1
        self._changed()
        try:
            yield
        finally:
            self.active -= 1
            self._release()
            self._changed()

    async def _acquire(self, background: bool) -> None:
        if self._free > 0:
            self._free -= 1
            return
        waiters = self._background if background else self._interactive
        handed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waiters.append(handed)
        self._count_waiting(background, 1)
        try:
            await handed
        except asyncio.CancelledError:
            if handed.done() and not handed.cancelled():
                self._release()  # the slot arrived as we were cancelled: pass it on
            elif handed in waiters:
                # A release between the cancel and this line has already dropped it.
                waiters.remove(handed)
            raise
        finally:
            self._count_waiting(background, -1)

    def _release(self) -> None:
        for waiters in (self._interactive, self._background):
            while waiters:
                handed = waiters.popleft()
                if not handed.done():
                    handed.set_result(None)
                    return
        self._free += 1

    def _count_waiting(self, background: bool, change: int) -> None:
        if background:
            self.background_queued += change
        else:
            self.queued += change
            self._changed()

    def _changed(self) -> None:
        if self._observer is not None:
            self._observer(self.active, self.queued)
