"""Every request is answered by its deadline, queue wait included, and can degrade to the rules.

The fake model hangs, rate-limits with a long Retry-After, or holds the only
slot; each time the answer comes at the deadline, not at the fault's own pace.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from service.core.errors import QueueDeadline
from service.core.records import StructureRequest
from service.model.client import ModelClient
from service.model.prompts import load_prompts
from service.pipeline.gate import ModelGate
from service.pipeline.structurer import Structurer
from tests.production.conftest import ARTICLE, live_service, serve, settings_for
from tests.production.test_faults import assert_problem
from tests.support.fake_model import FakeModel, answer, drop, hang, rate_limited

DEADLINE_S = 0.5
# Far below what the faults would take without a deadline (a 5-30 s timeout, a 20 s
# Retry-After, a 60 s hang), with room for a loaded test machine; `make bench-faults`
# measures the ratio itself.
MOST_S = DEADLINE_S + 0.5


async def timed_post(client: Any, body: dict[str, Any]) -> tuple[httpx.Response, float]:
    began = time.monotonic()
    response = await client.post("/structure", json=body)
    return response, time.monotonic() - began


async def test_a_hung_model_is_a_504_at_the_deadline_not_after_its_timeout_and_retries(
    fake_model: FakeModel,
) -> None:
    fake_model.default = hang()
    settings = settings_for(
        fake_model, request_timeout_s=5, http_retries=2, request_deadline_s=DEADLINE_S
    )
    async with serve(settings) as client:
        response, took = await timed_post(client, {"text": ARTICLE})
    problem = assert_problem(response, 504)
    assert "deadline" in problem["detail"]
    assert DEADLINE_S * 0.9 <= took <= MOST_S


async def test_a_429_whose_retry_after_outlasts_the_deadline_is_passed_on_at_once(
    fake_model: FakeModel,
) -> None:
    fake_model.default = rate_limited(retry_after_s=20)
    settings = settings_for(fake_model, http_retries=2, request_deadline_s=DEADLINE_S)
    async with serve(settings) as client:
        response, took = await timed_post(client, {"text": ARTICLE})
    assert_problem(response, 503)
    assert response.headers["retry-after"] == "20"
    assert len(fake_model.requests) == 1  # the 20 s wait was never started
    assert took <= MOST_S


async def test_a_retry_that_fits_before_the_deadline_is_still_made(fake_model: FakeModel) -> None:
    fake_model.script(rate_limited(retry_after_s=1, retry_after_ms=100), answer())
    settings = settings_for(fake_model, strategy="single", http_retries=1, request_deadline_s=2)
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200, response.text
    assert len(fake_model.requests) == 2


def test_requests_queued_behind_a_hung_model_are_answered_by_their_deadlines(
    fake_model: FakeModel,
) -> None:
    fake_model.default = hang()
    settings = settings_for(
        fake_model,
        max_concurrent_model_calls=1,
        request_timeout_s=30,
        request_deadline_s=DEADLINE_S,
    )

    async def three(url: str) -> list[tuple[httpx.Response, float]]:
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            sent = []
            for number in range(3):
                body = {"text": f"{ARTICLE} Number {number}."}
                sent.append(asyncio.create_task(timed_post(client, body)))
                await asyncio.sleep(0.05)
            return list(await asyncio.gather(*sent))

    with live_service(settings) as url:
        answers = asyncio.run(three(url))
    assert [response.status_code for response, _ in answers] == [504, 504, 504]
    assert max(took for _, took in answers) <= MOST_S


async def test_a_request_still_waiting_for_a_slot_at_its_deadline_is_a_503_with_retry_after(
    fake_model: FakeModel,
) -> None:
    settings = settings_for(fake_model, request_deadline_s=DEADLINE_S, overload_retry_after_s=3)
    gate = ModelGate(1, max_queued=4, retry_after_s=3)
    structurer = Structurer(settings, ModelClient(settings), load_prompts(), gate=gate)
    began = time.monotonic()
    async with gate.slot():  # a hung request holds the only slot throughout
        with pytest.raises(QueueDeadline) as refused:
            await structurer.structure(StructureRequest(text=ARTICLE), "queued")
    assert refused.value.status_code == 503
    assert refused.value.retry_after_s == 3
    assert time.monotonic() - began <= MOST_S
    assert fake_model.requests == []
    assert gate.queued == 0


@pytest.mark.parametrize(
    ("fault", "reason"),
    [(hang(), "deadline"), (drop(), "model_unavailable")],
    ids=["hung-model", "dropped-connection"],
)
async def test_with_rules_on_failure_a_failed_model_still_gives_the_rules_records(
    fake_model: FakeModel, fault: Any, reason: str
) -> None:
    fake_model.default = fault
    settings = settings_for(
        fake_model, strategy="guided", on_model_failure="rules", request_deadline_s=DEADLINE_S
    )
    async with serve(settings) as client:
        degraded, took = await timed_post(client, {"text": ARTICLE})
        fake_model.default = answer()
        recovered = await client.post("/structure", json={"text": ARTICLE})
    assert degraded.status_code == 200, degraded.text
    body = degraded.json()
    assert body["meta"]["degraded"] is True
    assert body["meta"]["degraded_reason"] == reason
    assert [s["value"] for s in body["statistics"]] == [48_000_000]  # the rules found it
    assert any("rules' alone" in warning for warning in body["meta"]["warnings"])
    assert took <= MOST_S
    # A degraded answer is not cached: the recovered model is asked again (not timed:
    # on a loaded machine its own 0.5 s may pass too, which changes nothing here).
    assert recovered.status_code == 200
    assert recovered.json()["meta"]["cache"] == "miss"


async def test_by_default_a_failed_model_is_still_an_error(fake_model: FakeModel) -> None:
    fake_model.default = drop()
    async with serve(settings_for(fake_model, strategy="guided")) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert_problem(response, 503)
