"""Rate-limit windows: `limits`' moving window, in this process or on Redis for every replica.

A client may make `per_minute` requests in any 60 seconds. On Redis the window is
checked and spent in one Lua script (`limits`' acquire_moving_window), so concurrent
requests on any number of workers and replicas cannot overspend it, as a read then
a write would. While Redis is failing or its breaker is open, each process falls
back to its own in-memory window: the limit loosens to per-process, never turns off.
`limits` rather than the Lua token bucket this module held before: a maintained,
typed library whose Redis scripts are tested against every Redis version it supports.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import ConnectionPool

from service.pipeline.breaker import REDIS_FAULTS, BreakerOpen, RedisBreaker

KEY_PREFIX = "structure:limits"
_log = logging.getLogger("service.rate_limit")


@dataclass(frozen=True)
class Verdict:
    """One client's standing after a request: let through or not, and what is left."""

    allowed: bool
    limit: int
    remaining: int
    reset_s: int  # seconds until the oldest counted request leaves the window

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers-06)."""
        return [
            (b"ratelimit-limit", str(self.limit).encode()),
            (b"ratelimit-remaining", str(self.remaining).encode()),
            (b"ratelimit-reset", str(self.reset_s).encode()),
            (b"ratelimit-policy", f"{self.limit};w=60".encode()),
        ]


Operation = Callable[[MovingWindowRateLimiter], Awaitable[Verdict]]


class Allowance:
    """`per_minute` hits per client in any 60 s, shared on Redis when there is one.

    `name` keeps two allowances (requests, failed keys) apart in one store.
    """

    def __init__(
        self,
        per_minute: int,
        name: str,
        redis: RedisStorage | None = None,
        breaker: RedisBreaker | None = None,
    ) -> None:
        self.per_minute = per_minute
        self._item = RateLimitItemPerMinute(per_minute, namespace=name)
        self._local = MovingWindowRateLimiter(MemoryStorage())
        self._shared = MovingWindowRateLimiter(redis) if redis is not None else None
        self._breaker = breaker or RedisBreaker(cooldown_s=5.0)

    async def spend(self, client: str) -> Verdict:
        """Take one request from the client's window if there is room; say what is left."""

        async def spend_in(limiter: MovingWindowRateLimiter) -> Verdict:
            allowed = await limiter.hit(self._item, client)
            return await self._standing(limiter, client, allowed)

        return await self._run(spend_in)

    async def peek(self, client: str) -> Verdict:
        """The client's standing without spending: allowed while a slot is free."""

        async def peek_in(limiter: MovingWindowRateLimiter) -> Verdict:
            return await self._standing(limiter, client, None)

        return await self._run(peek_in)

    async def _run(self, operation: Operation) -> Verdict:
        shared = self._shared
        if shared is not None:
            try:
                return await self._breaker.call(lambda: operation(shared))
            except BreakerOpen:
                pass
            except REDIS_FAULTS as error:
                _log.warning(
                    "rate limit kept in this process: Redis failed",
                    extra={"error": type(error).__name__},
                )
        return await operation(self._local)

    async def _standing(
        self, limiter: MovingWindowRateLimiter, client: str, allowed: bool | None
    ) -> Verdict:
        stats = await limiter.get_window_stats(self._item, client)
        remaining = max(0, stats.remaining)
        return Verdict(
            allowed=remaining > 0 if allowed is None else allowed,
            limit=self.per_minute,
            remaining=remaining,
            reset_s=max(1, math.ceil(stats.reset_time - time.time())),
        )


def redis_storage(url: str, timeout_s: float) -> tuple[RedisStorage, ConnectionPool]:
    """`limits`' Redis storage on redis-py, over a pool the service closes on shutdown."""
    pool = ConnectionPool.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
    scheme, _, rest = url.partition("://")
    uri = ("async+redis+unix" if scheme == "unix" else f"async+{scheme}") + "://" + rest
    # `connection_pool` is a documented option of RedisStorage; its annotation says only
    # float | str | bool, the types of the options it passes on to redis-py.
    storage = RedisStorage(
        uri,
        implementation="redispy",
        key_prefix=KEY_PREFIX,
        connection_pool=pool,  # type: ignore[arg-type]
    )
    return storage, pool
