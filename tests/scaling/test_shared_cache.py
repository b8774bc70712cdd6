"""One Redis, many deployments and callers: each sees only the cached records that are its own.

A cached answer is served only under the same endpoint and output mode (two
deployments on one Redis), and, with API keys, only to the key that paid for it
unless STRUCTURE_CACHE_SHARED says otherwise: `meta.cache` tells nobody what
another caller sent.
"""

from __future__ import annotations

from typing import Any

import pytest
from redis.asyncio import Redis

from service.http.auth import key_fingerprint
from tests.jobs.conftest import poll_until
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel

KEYS = "key-one,key-two"
ONE = {"authorization": "Bearer key-one"}
TWO = {"authorization": "Bearer key-two"}


async def _cache_of(settings: Any, headers: dict[str, str] | None = None) -> str:
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE}, headers=headers or {})
    assert response.status_code == 200, response.text
    return str(response.json()["meta"]["cache"])


async def test_deployments_on_other_endpoints_do_not_share_entries(
    fake_model: FakeModel, redis_url: str
) -> None:
    # The same model name behind two servers: each deployment asks its own.
    with FakeModel(model=fake_model.model) as other_server:
        here = settings_for(fake_model, redis_url=redis_url)
        there = settings_for(other_server, redis_url=redis_url)
        assert (await _cache_of(here), await _cache_of(there)) == ("miss", "miss")
        assert await _cache_of(there) == "hit"
        assert len(other_server.requests) > 0


@pytest.mark.parametrize("other_mode", ["json_schema", "tools"])
async def test_deployments_in_other_output_modes_do_not_share_entries(
    fake_model: FakeModel, redis_url: str, other_mode: str
) -> None:
    here = settings_for(fake_model, redis_url=redis_url)
    there = settings_for(fake_model, redis_url=redis_url, output_mode=other_mode)
    assert (await _cache_of(here), await _cache_of(there)) == ("miss", "miss")
    assert (await _cache_of(here), await _cache_of(there)) == ("hit", "hit")


async def test_with_api_keys_each_key_has_its_own_entries(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, api_keys=KEYS)
    assert await _cache_of(settings, ONE) == "miss"
    assert await _cache_of(settings, TWO) == "miss"  # says nothing of key-one's request
    assert (await _cache_of(settings, ONE), await _cache_of(settings, TWO)) == ("hit", "hit")


async def test_a_shared_cache_serves_every_key(fake_model: FakeModel, redis_url: str) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, api_keys=KEYS, cache_shared=True)
    assert (await _cache_of(settings, ONE), await _cache_of(settings, TWO)) == ("miss", "hit")


async def test_redis_holds_no_api_key_nor_its_plain_fingerprint(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(
        fake_model, redis_url=redis_url, api_keys=KEYS, rate_limit_per_minute=5
    )
    await _cache_of(settings, ONE)
    client = Redis.from_url(redis_url)
    try:
        names = [name.decode() async for name in client.scan_iter()]
    finally:
        await client.aclose()
    assert any(name.startswith("structure:v2:") for name in names)
    assert any(name.startswith("structure:limits") for name in names)
    plain = key_fingerprint("key-one").removeprefix("key:")
    assert not [name for name in names if "key-one" in name or plain in name]


async def test_a_job_reads_only_its_owners_entries(fake_model: FakeModel, redis_url: str) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, api_keys=KEYS)
    assert await _cache_of(settings, ONE) == "miss"
    async with serve(settings) as client:
        others = await _finished_job(client, TWO)
        own = await _finished_job(client, ONE)
    # key-two's job learns nothing of key-one's request; key-one's own job is a hit.
    assert (others["results"][0]["meta"]["cache"], own["results"][0]["meta"]["cache"]) == (
        "miss",
        "hit",
    )


async def _finished_job(client: Any, headers: dict[str, str]) -> Any:
    submitted = await client.post("/v1/jobs", json={"text": ARTICLE}, headers=headers)

    async def read() -> Any:
        return (await client.get(submitted.headers["location"], headers=headers)).json()

    return await poll_until(read, lambda job: job["status"] == "done")
