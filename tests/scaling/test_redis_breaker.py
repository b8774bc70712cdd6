"""A hung Redis costs one timeout per cool-down, not one per request: the breaker skips it.

The hung Redis is a loopback socket that accepts connections and never answers,
which is what a Redis stuck in a long command or behind a dead network path does.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from service import app as app_module
from service.jobs.system import JobSystem, build_job_system
from service.pipeline.breaker import BreakerOpen, RedisBreaker
from service.pipeline.cache import RedisCache
from service.pipeline.structurer import Structurer
from service.settings import Settings
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel

TIMEOUT_S = 0.3


class HungRedis:
    """Accepts every connection, reads what is sent, answers nothing; counts connections."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self.connections = 0
        self._held: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self._listener.getsockname()[1]}/0"

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            self._held.append(connection)

    def __enter__(self) -> HungRedis:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        self._thread.join(5)
        for connection in self._held:
            connection.close()
        self._listener.close()


@pytest.fixture
def hung_redis() -> Iterator[HungRedis]:
    with HungRedis() as server:
        yield server


@pytest.fixture
def jobs_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the jobs' queue (SAQ) off the hung Redis: this file is about the cache and limits."""

    def build(settings: Settings, structurer: Structurer, *, works: bool) -> JobSystem:
        in_memory = settings.model_copy(update={"redis_url": None})
        return build_job_system(in_memory, structurer, works=works)

    monkeypatch.setattr(app_module, "build_job_system", build)


@pytest.mark.usefixtures("jobs_in_memory")
async def test_a_hung_redis_is_tried_once_per_cool_down(
    fake_model: FakeModel, hung_redis: HungRedis
) -> None:
    settings = settings_for(
        fake_model,
        redis_url=hung_redis.url,
        rate_limit_per_minute=3,
        redis_timeout_s=TIMEOUT_S,
        redis_cooldown_s=60,
    )
    async with serve(settings) as client:
        began = time.perf_counter()
        first = await client.post("/structure", json={"text": ARTICLE})
        first_s = time.perf_counter() - began
        began = time.perf_counter()
        rest = [await client.post("/structure", json={"text": ARTICLE}) for _ in range(3)]
        rest_s = time.perf_counter() - began
    assert hung_redis.connections == 1
    assert first_s >= TIMEOUT_S  # the one timeout that opened the circuit
    assert rest_s < TIMEOUT_S  # three requests, not one Redis wait among them
    # The limit held in this process meanwhile, and the cache was a miss, not an error.
    assert [r.status_code for r in [first, *rest]] == [200, 200, 200, 429]
    assert {r.json()["meta"]["cache"] for r in [first, *rest[:2]]} == {"miss"}


async def test_the_breaker_tries_redis_again_after_the_cool_down() -> None:
    now = [0.0]
    breaker = RedisBreaker(cooldown_s=5, clock=lambda: now[0])
    calls: list[str] = []

    async def failing() -> None:
        calls.append("tried")
        raise ConnectionError("refused")

    async def working() -> str:
        calls.append("tried")
        return "ok"

    with pytest.raises(ConnectionError):
        await breaker.call(failing)
    now[0] = 4.9
    with pytest.raises(BreakerOpen):
        await breaker.call(working)
    now[0] = 5.0
    assert await breaker.call(working) == "ok"
    assert calls == ["tried", "tried"]
    assert not breaker.is_open


async def test_a_cancelled_call_leaves_the_circuit_closed() -> None:
    # A client that hangs up while Redis is slow says nothing about Redis.
    breaker = RedisBreaker(cooldown_s=5)

    async def cancelled() -> None:
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await breaker.call(cancelled)
    assert not breaker.is_open


async def test_a_cache_behind_an_open_breaker_answers_misses_without_trying(
    hung_redis: HungRedis,
) -> None:
    cache = RedisCache.from_url(
        hung_redis.url, ttl_s=60, timeout_s=TIMEOUT_S, breaker=RedisBreaker(cooldown_s=60)
    )
    try:
        assert await cache.get("k") is None
        began = time.perf_counter()
        await cache.set("k", "v")
        assert await cache.get("k") is None
        skipped_s = time.perf_counter() - began
    finally:
        await cache.close()
    assert hung_redis.connections == 1
    assert skipped_s < TIMEOUT_S
