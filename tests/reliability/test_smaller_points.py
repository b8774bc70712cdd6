"""The smaller points: invisible-only text, a lone surrogate, Redis back after a crash."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import httpx
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.http.shared_limits import Allowance, redis_storage
from service.pipeline.breaker import RedisBreaker
from service.pipeline.cache import RedisCache
from tests.api.test_model_faults import GOOD_SINGLE, single_settings
from tests.conftest import ScriptedTransport, answer
from tests.reliability.redis_server import RestartableRedis

COOLDOWN_S = 0.3


async def _post(body: bytes) -> httpx.Response:
    transport = ScriptedTransport(answer(GOOD_SINGLE))
    app = create_app(single_settings(), http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        return await client.post(
            "/structure", content=body, headers={"content-type": "application/json"}
        )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\u200b", id="zero-width-space"),
        pytest.param("\u200b\ufeff \u200d\n\u200c", id="zero-width-and-whitespace"),
        pytest.param("\u00ad\u2060\u200e", id="soft-hyphen-word-joiner-mark"),
    ],
)
async def test_text_of_only_invisible_characters_is_a_422_like_blank_text(text: str) -> None:
    response = await _post(json.dumps({"text": text}).encode())
    assert response.status_code == 422, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["text"]


async def test_text_with_a_visible_character_among_invisible_ones_is_read() -> None:
    response = await _post(json.dumps({"text": "\u200bAna Ruiz said so.\ufeff"}).encode())
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("surrogate", ["\\ud800", "\\udbff"])
async def test_a_lone_surrogate_in_the_title_is_reported_as_such_not_as_truncation(
    surrogate: str,
) -> None:
    body = '{"text": "Ana Ruiz said so.", "title": "' + surrogate + '"}'
    response = await _post(body.encode())
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert "surrogate" in detail
    assert detail != "Input data was truncated"


async def _pooled_connections(call: Callable[[], Awaitable[object]], count: int = 4) -> None:
    """Calls at once, so that the pool holds several connections for Redis's crash to kill."""
    await asyncio.gather(*(call() for _ in range(count)))


async def test_the_cache_is_back_with_redis_after_the_cool_down_despite_dead_pooled_connections(
    redis_server: RestartableRedis,
) -> None:
    breaker = RedisBreaker(COOLDOWN_S)
    cache = RedisCache.from_url(redis_server.url, ttl_s=60, breaker=breaker)
    try:
        await cache.set("k", "v")
        await _pooled_connections(lambda: cache.get("k"))
        redis_server.kill()
        assert await cache.get("k") is None
        assert breaker.is_open
        redis_server.start()
        await asyncio.sleep(COOLDOWN_S + 0.1)
        back = await cache.get("k")
    finally:
        await cache.close()
    assert back == "v"
    assert not breaker.is_open, "the first call after the cool-down did not re-open it"


async def test_the_shared_rate_limit_is_back_with_redis_after_the_cool_down(
    redis_server: RestartableRedis,
) -> None:
    breaker = RedisBreaker(COOLDOWN_S)
    storage, pool = redis_storage(redis_server.url, timeout_s=0.5)
    allowance = Allowance(100, "requests", storage, breaker)
    try:
        await _pooled_connections(lambda: allowance.spend("client"))
        redis_server.kill()
        await allowance.spend("client")
        assert breaker.is_open
        redis_server.start()
        await asyncio.sleep(COOLDOWN_S + 0.1)
        back = await allowance.spend("client")
    finally:
        await pool.aclose()
    # The shared window, kept on disk across the crash: four spent before, one now.
    assert back.remaining == 100 - 5
    assert not breaker.is_open
