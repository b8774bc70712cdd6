"""A circuit breaker in front of Redis: after one fault, Redis is skipped for a short cool-down.

A hung Redis costs each call its socket timeout (`STRUCTURE_REDIS_TIMEOUT_S`, 0.5 s),
and a request makes several (the rate limit, the cache read, the cache write), so
without a breaker every request would wait about a second for nothing. With one,
the first fault opens the circuit, and for `STRUCTURE_REDIS_COOLDOWN_S` (5 s) every
caller goes straight to its fallback: a cache miss, or the in-process rate limit.
The first call after the cool-down tries Redis again (half-open): success keeps the
circuit closed, a fault opens it for another cool-down.

Written here rather than taken from a library: what is needed is one timestamp.
`circuitbreaker` is untyped and closes the circuit when a call is cancelled (a client
that hangs up during a Redis timeout would reset it); `pybreaker`'s async support
goes through Tornado; `purgatory` brings a message bus and pins redis<6 for its
Redis extra; `aiobreaker` has had no release since 2021.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.exceptions import RedisError

T = TypeVar("T")
# What a sick Redis raises through redis-py: its own errors (timeouts among them) and socket errors.
REDIS_FAULTS: tuple[type[Exception], ...] = (RedisError, OSError)
_log = logging.getLogger("service.redis")


class BreakerOpen(Exception):
    """Redis failed a moment ago and is being skipped until the cool-down ends."""


class RedisBreaker:
    """One per Redis connection pool, shared by everything that uses that pool."""

    def __init__(self, cooldown_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._open_until = 0.0

    @property
    def is_open(self) -> bool:
        """Is Redis being skipped right now?"""
        return self._clock() < self._open_until

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        """Run `operation` against Redis, or raise BreakerOpen without trying while open.

        A Redis fault opens the circuit and is raised for the caller's fallback;
        anything else (a cancellation included) leaves the circuit as it was.
        """
        if self.is_open:
            raise BreakerOpen
        try:
            return await operation()
        except REDIS_FAULTS as error:
            if not self.is_open:
                _log.warning(
                    "Redis failed; skipping it for the cool-down",
                    extra={"error": type(error).__name__, "cooldown_s": self.cooldown_s},
                )
            self._open_until = self._clock() + self.cooldown_s
            raise
