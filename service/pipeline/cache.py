"""Finished responses kept by a hash of everything that shapes them, in memory or in Redis.

A cache fault never fails a request: a Redis that is down or slow turns into
misses and a warning, and the model answers as if there were no cache. After a
fault the breaker skips Redis for a short cool-down, so a hung Redis costs one
timeout, not one per request.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Mapping
from typing import Protocol

from redis.asyncio import Redis

from service.core.records import StructureRequest
from service.pipeline.breaker import REDIS_FAULTS, BreakerOpen, RedisBreaker
from service.settings import Settings

_log = logging.getLogger("service.cache")
KEY_PREFIX = "structure:v2:"


class ResultCache(Protocol):
    """Where serialised responses live between requests."""

    async def get(self, key: str) -> str | None:
        """The stored value, or None on a miss (or when the store cannot be reached)."""
        ...

    async def set(self, key: str, value: str) -> None:
        """Store a value; failures are logged, never raised."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


def generation_scope(settings: Settings, strategy: str, prompt_version: str) -> dict[str, object]:
    """Every setting that changes what the model is asked or how it answers.

    Two deployments on one Redis share an entry only when all of these agree:
    the same endpoint (a different base URL is a different model server, whatever
    the model's name), the same way of constraining output, strategy, prompts and
    generation settings. Limits that only refuse requests (sizes, timeouts) are not here.
    """
    return {
        "endpoint": settings.model_base_url.rstrip("/"),
        "model": settings.model_name,
        "output_mode": settings.output_mode,
        "strategy": strategy,
        "prompt_version": prompt_version,
        "temperature": settings.temperature,
        "max_output_tokens": settings.max_output_tokens,
        "max_retries": settings.max_retries,
    }


def cache_key(
    request: StructureRequest, scope: Mapping[str, object], partition: str | None = None
) -> str:
    """SHA-256 over the inputs that decide the records; `url` is only echoed, so it is left out.

    `partition` (a caller's key fingerprint) gives each caller its own entries; it
    goes into the hash, so Redis sees neither it nor the key.
    """
    published = request.published.isoformat() if request.published else None
    material = [request.text, request.title, published, dict(sorted(scope.items())), partition]
    digest = hashlib.sha256(json.dumps(material, ensure_ascii=False).encode("utf-8"))
    return KEY_PREFIX + digest.hexdigest()


class MemoryCache:
    """A per-process LRU of at most `size` entries."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, key: str) -> str | None:
        """The value, now the most recently used; None on a miss."""
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    async def set(self, key: str, value: str) -> None:
        """Store the value, evicting the least recently used entry past the size."""
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    async def close(self) -> None:
        """Nothing to release."""


class RedisCache:
    """Entries shared by every replica through Redis, each expiring after `ttl_s`.

    Calls go through `breaker`: while it is open they are misses without a try.
    """

    def __init__(self, client: Redis, ttl_s: int, breaker: RedisBreaker) -> None:
        self._client = client
        self._ttl_s = ttl_s
        self.breaker = breaker

    @classmethod
    def from_url(
        cls, url: str, ttl_s: int, breaker: RedisBreaker, timeout_s: float = 0.5
    ) -> RedisCache:
        """Connect lazily to `url`; a short timeout keeps a sick Redis from slowing requests."""
        client = Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
        return cls(client, ttl_s, breaker)

    async def get(self, key: str) -> str | None:
        """The value, or None on a miss, a Redis fault or while the breaker is open."""
        try:
            value = await self.breaker.call(lambda: self._client.get(key))
        except BreakerOpen:
            return None
        except REDIS_FAULTS as error:
            _log.warning("cache read failed", extra={"error": type(error).__name__})
            return None
        if value is None:
            return None
        return value.decode("utf-8") if isinstance(value, bytes) else str(value)

    async def set(self, key: str, value: str) -> None:
        """Store the value with the TTL; a Redis fault is logged and ignored."""
        try:
            await self.breaker.call(lambda: self._client.set(key, value, ex=self._ttl_s))
        except BreakerOpen:
            return
        except REDIS_FAULTS as error:
            _log.warning("cache write failed", extra={"error": type(error).__name__})

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


def build_cache(settings: Settings, breaker: RedisBreaker) -> ResultCache | None:
    """Redis, through `breaker`, when a URL is set; else an in-memory LRU; else (size 0) none."""
    if settings.redis_url is not None:
        return RedisCache.from_url(
            settings.redis_url.get_secret_value(),
            settings.cache_ttl_s,
            breaker,
            timeout_s=settings.redis_timeout_s,
        )
    if settings.cache_size > 0:
        return MemoryCache(settings.cache_size)
    return None
