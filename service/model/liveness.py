"""Whether the model showed it is up a moment ago: a call answered, or one still at work.

Some servers hold `/v1/models` while they generate (llama-cpp-python's serves one
request at a time), so a readiness probe that only lists the models reads a busy
model as a dead one. A call that answered, or one still running, within the
request timeout is better evidence than the probe, and costs the server nothing.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Liveness:
    """When the model last answered, and since when each call in progress has run."""

    def __init__(self, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._window_s = window_s
        self._clock = clock
        self._answered_at: float | None = None
        self._running: dict[int, float] = {}
        self._ids = itertools.count()

    @contextmanager
    def calling(self) -> Iterator[None]:
        """Around one model call: it counts while it runs, and once it answers."""
        call = next(self._ids)
        self._running[call] = self._clock()
        try:
            yield
            self._answered_at = self._clock()
        finally:
            del self._running[call]

    def shown(self) -> bool:
        """A call answered within the window, or one started within it is still running."""
        since = self._clock() - self._window_s
        if self._answered_at is not None and self._answered_at >= since:
            return True
        return any(started >= since for started in self._running.values())
