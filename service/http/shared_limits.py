"""The per-client rate limit kept in Redis, so every replica spends from the same buckets.

The same token bucket as `service.http.rate_limit.TokenBuckets`, updated in one Lua
script on Redis's own clock, so replicas whose clocks differ still agree. A
Redis that cannot be reached lets the request through, with a warning: a
sick Redis must not take the service down with it.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

KEY_PREFIX = "ratelimit:v1:"
_log = logging.getLogger("service.rate_limit")

# KEYS: the client's bucket. ARGV: capacity, tokens per second.
# Returns the seconds until a token is free (0 when one was spent now), as a string.
_TAKE = """
local capacity = tonumber(ARGV[1])
local per_second = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(stored[1]) or capacity
local updated = tonumber(stored[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * per_second)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / per_second end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / per_second) + 1)
return tostring(wait)
"""


class RedisTokenBuckets:
    """`per_minute` requests a minute per client, in bursts of up to `per_minute`, across replicas.

    Each bucket expires once it would be full again, so Redis keeps only
    the clients seen in the last minute or so.
    """

    def __init__(self, client: Redis, per_minute: int) -> None:
        self._client = client
        self._capacity = per_minute
        self._per_second = per_minute / 60.0
        self._take = client.register_script(_TAKE)

    @classmethod
    def from_url(cls, url: str, per_minute: int, timeout_s: float = 0.5) -> RedisTokenBuckets:
        """Connect lazily to `url`; a short timeout keeps a sick Redis from slowing requests."""
        client = Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
        return cls(client, per_minute)

    async def take(self, client: str) -> float:
        """Spend one token: 0.0 if there was one, else the seconds until there will be."""
        try:
            wait = await self._take(
                keys=[KEY_PREFIX + client], args=[self._capacity, self._per_second]
            )
        except (RedisError, OSError) as error:
            _log.warning(
                "rate limit unchecked: Redis failed", extra={"error": type(error).__name__}
            )
            return 0.0
        return float(wait)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()
