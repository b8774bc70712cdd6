"""A re-sent article is answered from the cache: no model calls, no tokens, its own request id."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from service.core.records import StructureRequest
from service.pipeline.breaker import RedisBreaker
from service.pipeline.cache import (
    MemoryCache,
    RedisCache,
    build_cache,
    cache_key,
    generation_scope,
)
from service.settings import Settings
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel, server_error

BASE = StructureRequest(text="An article.", title="A title", published=dt.date(2024, 3, 7))
DEPLOYMENT: dict[str, Any] = {"model_base_url": "http://model-a:8000/v1", "model_name": "m"}


def key_of(
    request: StructureRequest = BASE,
    *,
    strategy: str = "focused",
    prompt_version: str = "p-1",
    partition: str | None = None,
    **settings: Any,
) -> str:
    scope = generation_scope(Settings(**{**DEPLOYMENT, **settings}), strategy, prompt_version)
    return cache_key(request, scope, partition)


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param(lambda: key_of(BASE.model_copy(update={"text": "Another."})), id="text"),
        pytest.param(lambda: key_of(BASE.model_copy(update={"title": None})), id="title"),
        pytest.param(lambda: key_of(BASE.model_copy(update={"published": None})), id="published"),
        pytest.param(lambda: key_of(prompt_version="p-2"), id="prompt-version"),
        pytest.param(lambda: key_of(model_name="other"), id="model"),
        pytest.param(lambda: key_of(strategy="single"), id="strategy"),
        pytest.param(lambda: key_of(model_base_url="http://model-b:8000/v1"), id="endpoint"),
        pytest.param(lambda: key_of(output_mode="json_schema"), id="output-mode"),
        pytest.param(lambda: key_of(temperature=0.7), id="temperature"),
        pytest.param(lambda: key_of(max_output_tokens=200), id="max-output-tokens"),
        pytest.param(lambda: key_of(max_retries=0), id="max-retries"),
        pytest.param(lambda: key_of(partition="key:0123456789ab"), id="caller"),
    ],
)
def test_key_changes_with_everything_that_shapes_the_records(changed: Any) -> None:
    assert changed() != key_of()


def test_key_ignores_the_echoed_url_and_limits_that_only_refuse() -> None:
    assert key_of(BASE.model_copy(update={"url": "https://example.org/a"})) == key_of()
    assert key_of(request_timeout_s=7, max_text_chars=50) == key_of()
    assert key_of(model_base_url="http://model-a:8000/v1/") == key_of()
    assert key_of().startswith("structure:v2:")


async def test_memory_cache_evicts_the_least_recently_used() -> None:
    cache = MemoryCache(size=2)
    await cache.set("a", "1")
    await cache.set("b", "2")
    assert await cache.get("a") == "1"  # a is now the most recent
    await cache.set("c", "3")
    assert await cache.get("b") is None
    assert (await cache.get("a"), await cache.get("c")) == ("1", "3")
    assert len(cache) == 2


def test_settings_choose_the_cache() -> None:
    breaker = RedisBreaker(cooldown_s=5.0)
    assert isinstance(build_cache(Settings(cache_size=10), breaker), MemoryCache)
    assert build_cache(Settings(cache_size=0), breaker) is None
    redis = build_cache(Settings(redis_url="redis://127.0.0.1:1/0"), breaker)
    assert isinstance(redis, RedisCache)
    assert redis.breaker is breaker


async def test_resent_article_is_a_hit_with_no_model_work(fake_model: FakeModel) -> None:
    fake_model.latency_s = 0.2
    async with serve(settings_for(fake_model)) as client:
        first = (await client.post("/structure", json={"text": ARTICLE})).json()
        calls_for_first = len(fake_model.requests)
        again = await client.post(
            "/structure", json={"text": ARTICLE, "url": "https://example.org/a"}
        )
    second = again.json()
    assert len(fake_model.requests) == calls_for_first
    assert first["meta"]["cache"] == "miss"
    assert first["meta"]["llm_calls"] == calls_for_first
    assert second["meta"]["cache"] == "hit"
    assert second["meta"]["llm_calls"] == 0
    assert second["meta"]["usage"] == {"prompt_tokens": 0, "completion_tokens": 0}
    assert second["meta"]["request_id"] == again.headers["x-request-id"]
    assert second["meta"]["request_id"] != first["meta"]["request_id"]
    assert second["meta"]["url"] == "https://example.org/a"
    assert second["meta"]["latency_ms"] < first["meta"]["latency_ms"]
    assert first["meta"]["latency_ms"] >= 200
    for records in ("claims", "denials", "statistics"):
        assert second[records] == first[records]


async def test_cache_off_asks_the_model_every_time(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model, cache_size=0)) as client:
        first = (await client.post("/structure", json={"text": ARTICLE})).json()
        second = (await client.post("/structure", json={"text": ARTICLE})).json()
    assert (first["meta"]["cache"], second["meta"]["cache"]) == ("miss", "miss")
    assert second["meta"]["llm_calls"] == first["meta"]["llm_calls"] > 0


async def test_failures_are_not_cached(fake_model: FakeModel) -> None:
    fake_model.script(server_error())
    async with serve(settings_for(fake_model)) as client:
        failed = await client.post("/structure", json={"text": ARTICLE})
        retried = await client.post("/structure", json={"text": ARTICLE})
    assert failed.status_code == 502
    assert retried.json()["meta"]["cache"] == "miss"


async def test_unreadable_entry_is_a_miss(fake_model: FakeModel) -> None:
    cache = MemoryCache(size=8)
    async with serve(settings_for(fake_model), cache=cache) as client:
        await client.post("/structure", json={"text": ARTICLE})
        for key in list(cache._entries):
            await cache.set(key, '{"not": "a response"}')
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200
    assert response.json()["meta"]["cache"] == "miss"


class FakeRedis:
    """Stands in for redis.asyncio.Redis: a dict, or a connection that always fails."""

    def __init__(self, broken: bool = False) -> None:
        self.values: dict[str, bytes] = {}
        self.expiries: dict[str, int] = {}
        self.broken = broken
        self.closed = False

    async def get(self, key: str) -> bytes | None:
        if self.broken:
            raise RedisConnectionError("fake: connection refused")
        return self.values.get(key)

    async def set(self, key: str, value: str, ex: int) -> None:
        if self.broken:
            raise RedisConnectionError("fake: connection refused")
        self.values[key] = value.encode()
        self.expiries[key] = ex

    async def aclose(self) -> None:
        self.closed = True


async def test_redis_adapter_stores_with_the_ttl() -> None:
    client = FakeRedis()
    cache = RedisCache(client, ttl_s=60, breaker=RedisBreaker(cooldown_s=5.0))  # type: ignore[arg-type]
    await cache.set("k", "v")
    assert await cache.get("k") == "v"
    assert await cache.get("missing") is None
    assert client.expiries == {"k": 60}
    await cache.close()
    assert client.closed


async def test_redis_faults_become_misses_not_errors(fake_model: FakeModel) -> None:
    cache = RedisCache(FakeRedis(broken=True), 60, RedisBreaker(cooldown_s=5.0))  # type: ignore[arg-type]
    async with serve(settings_for(fake_model), cache=cache) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200
    assert response.json()["meta"]["cache"] == "miss"


async def test_replicas_share_hits_through_redis(fake_model: FakeModel, redis_url: str) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, cache_ttl_s=30)
    async with serve(settings) as replica_a:
        first = (await replica_a.post("/structure", json={"text": ARTICLE})).json()
    async with serve(settings) as replica_b:
        second = (await replica_b.post("/structure", json={"text": ARTICLE})).json()
    assert (first["meta"]["cache"], second["meta"]["cache"]) == ("miss", "hit")
    assert second["claims"] == first["claims"]
    assert len(fake_model.requests) == first["meta"]["llm_calls"]
