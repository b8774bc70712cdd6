"""One meter per request: the client counts questions, attempts, answers and tokens on it.

The responses are fixtures that inject faults; they are not recordings.
"""

from __future__ import annotations

import asyncio

import httpx
from pydantic import BaseModel

from service.model.client import ModelClient
from service.model.metering import Meter, MeteredTransport
from service.settings import Settings
from tests.conftest import ScriptedTransport, answer, status


class Verdict(BaseModel):
    """A tiny answer type for the fixtures."""

    ok: bool


def client_over(transport: httpx.AsyncBaseTransport, http_retries: int = 1) -> ModelClient:
    settings = Settings(
        model_base_url="http://model.invalid/v1",
        output_mode="json_schema",
        http_retries=http_retries,
        max_retries=1,
        request_timeout_s=5,
    )
    observed: list[str] = []
    metered = MeteredTransport(transport, lambda seconds, outcome: observed.append(outcome))
    return ModelClient(settings, httpx.AsyncClient(transport=metered))


async def test_a_retried_question_counts_two_attempts_one_answer_and_its_tokens() -> None:
    client = client_over(ScriptedTransport(status(500), answer({"ok": True})))
    meter = Meter()

    verdict = await client.ask([{"role": "user", "content": "ok?"}], Verdict, meter)

    assert verdict.ok is True
    assert (meter.questions, meter.attempts, meter.calls, meter.retries) == (1, 2, 1, 1)
    assert (meter.prompt_tokens, meter.completion_tokens) == (11, 7)


async def test_a_re_ask_after_invalid_output_counts_as_an_answer_and_a_retry() -> None:
    client = client_over(ScriptedTransport(answer({"ok": "maybe"}), answer({"ok": False})), 0)
    meter = Meter()

    await client.ask([{"role": "user", "content": "ok?"}], Verdict, meter)

    assert (meter.questions, meter.attempts, meter.calls, meter.retries) == (1, 2, 2, 1)
    assert meter.prompt_tokens == 22


async def test_concurrent_questions_count_on_their_own_meters() -> None:
    client = client_over(ScriptedTransport(answer({"ok": True})), http_retries=0)
    first, second = Meter(), Meter()

    await asyncio.gather(
        client.ask([{"role": "user", "content": "a"}], Verdict, first),
        client.ask([{"role": "user", "content": "b"}], Verdict, second),
        client.ask([{"role": "user", "content": "c"}], Verdict, second),
    )

    assert (first.questions, first.attempts, first.calls) == (1, 1, 1)
    assert (second.questions, second.attempts, second.calls) == (2, 2, 2)
