"""A bounded number of requests at the model, a bounded queue, and a quick 503 past both."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from service.core.errors import Overloaded
from service.pipeline.gate import ModelGate
from tests.production.conftest import ARTICLE, live_service, settings_for
from tests.support.fake_model import FakeModel


async def test_gate_admits_up_to_the_limit_queues_the_next_and_refuses_the_rest() -> None:
    seen: list[tuple[int, int]] = []
    gate = ModelGate(
        limit=2, max_queued=1, retry_after_s=3, observer=lambda a, q: seen.append((a, q))
    )
    release = asyncio.Event()
    inside = 0
    most_inside = 0

    async def work() -> None:
        nonlocal inside, most_inside
        async with gate.slot():
            inside += 1
            most_inside = max(most_inside, inside)
            await release.wait()
            inside -= 1

    holders = [asyncio.create_task(work()) for _ in range(3)]
    await asyncio.sleep(0)
    assert (gate.active, gate.queued) == (2, 1)
    with pytest.raises(Overloaded) as refused:
        async with gate.slot():
            pass
    assert refused.value.retry_after_s == 3
    assert refused.value.status_code == 503
    release.set()
    await asyncio.gather(*holders)
    assert most_inside == 2
    assert (gate.active, gate.queued) == (0, 0)
    assert seen[-1] == (0, 0)


async def test_gate_without_a_queue_refuses_as_soon_as_slots_are_full() -> None:
    gate = ModelGate(limit=1, max_queued=0, retry_after_s=1)
    async with gate.slot():
        with pytest.raises(Overloaded):
            async with gate.slot():
                pass
    async with gate.slot():
        pass  # free again


async def test_a_slot_is_given_back_when_the_work_fails() -> None:
    gate = ModelGate(limit=1, max_queued=0, retry_after_s=1)
    with pytest.raises(RuntimeError):
        async with gate.slot():
            raise RuntimeError("model failed")
    assert (gate.active, gate.queued) == (0, 0)


async def test_flood_beyond_slots_and_queue_gets_503_with_retry_after(
    fake_model: FakeModel,
) -> None:
    fake_model.latency_s = 0.4
    settings = settings_for(
        fake_model,
        strategy="single",
        max_concurrent_model_calls=1,
        max_queued=1,
        overload_retry_after_s=2,
    )
    with live_service(settings) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
            posts = [
                client.post("/structure", json={"text": f"{ARTICLE} Copy {n}."}) for n in range(4)
            ]
            responses = await asyncio.gather(*posts)
            after = await client.post("/structure", json={"text": ARTICLE})
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 200, 503, 503], [r.text for r in responses]
    for refused in (r for r in responses if r.status_code == 503):
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.headers["retry-after"] == "2"
        assert refused.json()["title"] == "Service overloaded"
    # One model call at a time: the queued request reached the model after the first answered.
    first, second, _ = fake_model.requests
    assert second.at - first.at >= 0.39
    assert after.status_code == 200
