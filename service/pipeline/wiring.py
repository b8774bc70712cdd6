"""The pipeline built from settings: one way for the API, the worker and the CLI's --local mode."""

from __future__ import annotations

import httpx
from opentelemetry.trace import Tracer

from service.model.client import ModelClient
from service.model.prompts import load_prompts
from service.pipeline.breaker import RedisBreaker
from service.pipeline.cache import ResultCache, build_cache
from service.pipeline.gate import GateObserver, ModelGate
from service.pipeline.structurer import Structurer
from service.settings import Settings


def build_structurer(
    settings: Settings,
    *,
    breaker: RedisBreaker | None = None,
    http_client: httpx.AsyncClient | None = None,
    cache: ResultCache | None = None,
    tracer: Tracer | None = None,
    gate_observer: GateObserver | None = None,
) -> Structurer:
    """The structurer, its model client, cache and gate, as the settings describe them.

    `breaker` guards this process's Redis calls: the API shares one with its rate
    limits, so that a hung Redis costs one timeout per cool-down, not one per call.
    The API also passes its metered (or, in tests, replaying) `http_client`, its
    `tracer` and a `gate_observer` for its metrics; `cache` replaces the settings' one.
    """
    breaker = breaker or RedisBreaker(settings.redis_cooldown_s)
    gate = ModelGate(
        settings.max_concurrent_model_calls,
        settings.max_queued,
        settings.overload_retry_after_s,
        observer=gate_observer,
    )
    return Structurer(
        settings,
        ModelClient(settings, http_client, tracer=tracer),
        load_prompts(),
        cache=cache if cache is not None else build_cache(settings, breaker),
        gate=gate,
        tracer=tracer,
    )


async def close_structurer(structurer: Structurer) -> None:
    """Close the model client and the cache."""
    await structurer.client.close()
    if structurer.cache is not None:
        await structurer.cache.close()
