"""With Redis, every worker and replica spends one window per client, atomically; a sick Redis
loosens the limit to each process's own window rather than lifting it."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from limits.aio.storage.redis import redispy

from service.http import shared_limits
from service.http.shared_limits import Allowance, redis_storage
from service.pipeline.breaker import RedisBreaker
from tests.production.conftest import ARTICLE, live_service, serve, settings_for
from tests.support.fake_model import FakeModel


class Clock:
    """Stands in for the `time` module where `limits` and the allowance read the wall clock."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


async def test_replicas_share_one_allowance_through_redis(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, rate_limit_per_minute=2)
    async with serve(settings) as replica_a, serve(settings) as replica_b:
        first = await replica_a.post("/structure", json={"text": ARTICLE})
        second = await replica_b.post("/structure", json={"text": ARTICLE})
        third = await replica_a.post("/v1/jobs", json={"text": ARTICLE})
        fourth = await replica_b.post("/structure", json={"text": ARTICLE})
    assert (first.status_code, second.status_code) == (200, 200)
    assert (third.status_code, fourth.status_code) == (429, 429)
    assert 1 <= int(fourth.headers["retry-after"]) <= 60
    assert fourth.headers["ratelimit-remaining"] == "0"


async def test_two_replicas_let_exactly_the_limit_through_at_once(
    fake_model: FakeModel, redis_url: str
) -> None:
    fake_model.latency_s = 0.05
    settings = settings_for(fake_model, redis_url=redis_url, rate_limit_per_minute=5)
    with live_service(settings) as url_a, live_service(settings) as url_b:
        async with httpx.AsyncClient(timeout=30) as client:
            responses = await asyncio.gather(
                *(
                    client.post(f"{url}/structure", json={"text": f"{ARTICLE} ({n})"})
                    for n, url in enumerate([url_a, url_b] * 10)
                )
            )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 5 + [429] * 15


async def test_the_window_admits_the_limit_in_any_60_seconds(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A token bucket of 5/min would have refilled 2.5 requests by t=30; a window has none free.
    clock = Clock()
    monkeypatch.setattr(redispy, "time", clock)
    monkeypatch.setattr(shared_limits, "time", clock)
    storage, pool = redis_storage(redis_url, timeout_s=1.0)
    allowance = Allowance(5, "test-window", storage)
    try:
        opening = [(await allowance.spend("ip:a")).allowed for _ in range(6)]
        clock.now += 30
        half_a_minute_on = (await allowance.spend("ip:a")).allowed
        clock.now += 30.5
        after_the_first_left = [(await allowance.spend("ip:a")).allowed for _ in range(6)]
    finally:
        await pool.aclose()
    assert opening == [True] * 5 + [False]
    assert half_a_minute_on is False
    assert after_the_first_left == [True] * 5 + [False]


async def test_job_polling_spends_no_allowance(fake_model: FakeModel, redis_url: str) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, rate_limit_per_minute=1)
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"text": ARTICLE})
        polls = [await client.get(submitted.headers["location"]) for _ in range(5)]
    assert submitted.status_code == 202
    assert {poll.status_code for poll in polls} == {200}


async def test_unreachable_redis_falls_back_to_this_process_window() -> None:
    storage, pool = redis_storage("redis://127.0.0.1:1/0", timeout_s=0.2)
    allowance = Allowance(2, "test-fallback", storage, RedisBreaker(cooldown_s=30))
    try:
        verdicts = [await allowance.spend("ip:a") for _ in range(3)]
    finally:
        await pool.aclose()
    assert [verdict.allowed for verdict in verdicts] == [True, True, False]
    assert [verdict.remaining for verdict in verdicts] == [1, 0, 0]


async def test_replicas_share_one_failed_key_throttle(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(
        fake_model, redis_url=redis_url, api_keys="right", auth_failures_per_minute=4
    )
    wrong = {"x-api-key": "wrong"}
    async with serve(settings) as replica_a, serve(settings) as replica_b:
        statuses = [
            (await replica.post("/structure", json={"text": ARTICLE}, headers=wrong)).status_code
            for replica in [replica_a, replica_b] * 4
        ]
    assert statuses == [401] * 4 + [429] * 4
