"""The worker builds its pipeline as the API does: its Redis cache goes through a breaker."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from service import worker
from service.pipeline.breaker import RedisBreaker
from service.pipeline.cache import RedisCache
from service.pipeline.structurer import Structurer
from service.settings import Settings


class _NoJobs:
    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


async def test_the_workers_redis_cache_goes_through_a_breaker_with_the_set_cooldown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[Structurer] = []

    def no_jobs(settings: Settings, structurer: Structurer, **_: Any) -> _NoJobs:
        built.append(structurer)
        return _NoJobs()

    monkeypatch.setattr(worker, "build_job_system", no_jobs)
    settings = Settings(redis_url="redis://127.0.0.1:1/0", redis_cooldown_s=7.0)
    stopping = asyncio.Event()
    stopping.set()
    await worker.work(settings, stopping)
    cache = built[0].cache
    assert isinstance(cache, RedisCache)
    assert isinstance(cache.breaker, RedisBreaker)
    assert cache.breaker.cooldown_s == 7.0
