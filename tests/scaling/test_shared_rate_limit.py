"""With Redis, replicas spend one rate-limit allowance per client; a sick Redis lets requests by."""

from __future__ import annotations

from service.http.shared_limits import RedisTokenBuckets
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel


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
    assert 1 <= int(fourth.headers["retry-after"]) <= 30


async def test_job_polling_spends_no_allowance(fake_model: FakeModel, redis_url: str) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, rate_limit_per_minute=1)
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"text": ARTICLE})
        polls = [await client.get(submitted.headers["location"]) for _ in range(5)]
    assert submitted.status_code == 202
    assert {poll.status_code for poll in polls} == {200}


async def test_unreachable_redis_does_not_refuse_requests() -> None:
    buckets = RedisTokenBuckets.from_url("redis://127.0.0.1:1/0", per_minute=1)
    try:
        assert [await buckets.take("key:a") for _ in range(3)] == [0.0, 0.0, 0.0]
    finally:
        await buckets.close()
