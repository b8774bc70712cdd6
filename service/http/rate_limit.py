"""Optional per-client rate limit: a token bucket per API key, or per IP without keys."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from service.core.errors import RateLimited
from service.http.auth import CLIENT_STATE_KEY, PROTECTED

# Routes that spend no model time (reading or cancelling a job) opt out of the limit,
# so polling a job does not use up the allowance for submitting work.
UNMETERED = "unmetered"


class TokenBuckets:
    """`per_minute` requests a minute per client, in bursts of up to `per_minute`.

    At most `max_clients` buckets are kept (least recently seen go first), so
    a scan from many addresses cannot grow memory without bound.
    """

    def __init__(
        self,
        per_minute: int,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._capacity = float(per_minute)
        self._per_second = per_minute / 60.0
        self._max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """Spend one token: 0.0 if there was one, else the seconds until there will be."""
        now = self._clock()
        tokens, updated = self._buckets.pop(client, (self._capacity, now))
        tokens = min(self._capacity, tokens + (now - updated) * self._per_second)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self._per_second
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)
        return wait


class SharedBuckets(Protocol):
    """Buckets kept outside the process (Redis), so every replica spends from the same ones."""

    async def take(self, client: str) -> float:
        """Spend one token: 0.0 if there was one, else the seconds until there will be."""
        ...


class RateLimitGuard:
    """Answers 429 with Retry-After once a client has used up its allowance."""

    def __init__(
        self, per_minute: int, buckets: TokenBuckets | SharedBuckets | None = None
    ) -> None:
        self._per_minute = per_minute
        self._buckets = buckets or TokenBuckets(per_minute)

    async def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler
    ) -> None:
        """Raise RateLimited when the client has no token left."""
        if not route_handler.opt.get(PROTECTED) or route_handler.opt.get(UNMETERED):
            return
        client = connection.scope["state"].get(CLIENT_STATE_KEY) or _address(connection)
        taken = self._buckets.take(client)
        wait = await taken if isinstance(taken, Awaitable) else taken
        if wait > 0:
            raise RateLimited(
                f"More than {self._per_minute} requests a minute from this client; "
                f"retry in {math.ceil(wait)} s.",
                retry_after_s=math.ceil(wait),
            )


def _address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    # Behind a proxy this is the proxy unless uvicorn trusts its X-Forwarded-For
    # (FORWARDED_ALLOW_IPS); see the Dockerfile.
    client = connection.client
    return "ip:" + (client.host if client else "unknown")
