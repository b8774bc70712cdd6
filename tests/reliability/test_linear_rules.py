"""No article under the body limit costs the rules more than a moment of CPU, nor stalls the loop.

Each adversarial shape once cost the rules its length squared (80 KB of bare
numbers took about ten minutes), on the event loop, past the request's deadline.
CPU is measured as the process's CPU time, which a loaded machine does not inflate.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.model.silent import nothing_answered
from service.settings import Settings
from tests.production.conftest import live_service
from tests.support.adversarial import SHAPES

MOST_CPU_S = 3.0


def rules_settings(**overrides: Any) -> Settings:
    """The guided strategy, the one that runs the most rules, on a model that answers nothing.

    Every question then fails, so the rules answer alone (degraded): they run twice,
    once inside the strategy and once on their own.
    """
    values: dict[str, Any] = {
        "model_base_url": "http://model.invalid/v1",
        "model_name": "qwen2.5-1.5b-instruct",
        "strategy": "guided",
        "on_model_failure": "rules",
        "http_retries": 0,
        "max_retries": 0,
    }
    return Settings(**(values | overrides))


def silent_app(settings: Settings) -> Any:
    return create_app(settings, http_client=httpx.AsyncClient(transport=nothing_answered()))


@pytest.mark.parametrize("shape", SHAPES)
async def test_each_adversarial_article_is_answered_within_three_seconds_of_cpu(
    shape: str,
) -> None:
    async with AsyncTestClient(silent_app(rules_settings())) as client:
        began = time.process_time()
        response = await client.post("/structure", json={"text": SHAPES[shape]}, timeout=120)
        spent = time.process_time() - began
    assert response.status_code == 200, response.text
    assert spent < MOST_CPU_S, f"{shape}: {spent:.2f} s of CPU"


def test_healthz_answers_while_the_rules_read_a_long_article() -> None:
    settings = rules_settings()
    with live_service(settings, http_client=httpx.AsyncClient(transport=nothing_answered())) as url:
        answered: list[int] = []
        structure = threading.Thread(
            target=lambda: answered.append(
                httpx.post(
                    f"{url}/structure", json={"text": SHAPES["bare-numbers"]}, timeout=60
                ).status_code
            )
        )
        probes: list[float] = []
        with httpx.Client(base_url=url, timeout=60) as probe:
            structure.start()
            time.sleep(0.2)  # the body is read and the rules are at work
            while structure.is_alive() and len(probes) < 200:
                began = time.perf_counter()
                assert probe.get("/healthz").status_code == 200
                probes.append(time.perf_counter() - began)
                time.sleep(0.01)
        structure.join(60)
    assert answered == [200]
    # Answered while /structure was still at work: the loop was free. A second is far
    # above the milliseconds it takes, far below the seconds of a blocked loop.
    assert len(probes) >= 3, probes
    assert max(probes) < 1.0, f"slowest /healthz: {max(probes):.3f} s"


def _slow_rules(seconds: float) -> Any:
    from service.rules import proposal

    rules_first = proposal.propose

    def slow(*args: Any) -> Any:
        time.sleep(seconds)  # CPU-bound work holds its thread the same way
        return rules_first(*args)

    return slow


async def test_the_deadline_cuts_off_the_rules_cpu_work_with_a_504(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("service.strategies.guided.propose", _slow_rules(1.5))
    settings = rules_settings(request_deadline_s=0.2)
    async with AsyncTestClient(silent_app(settings)) as client:
        began = time.monotonic()
        response = await client.post("/structure", json={"text": "Ana Ruiz said so."})
        took = time.monotonic() - began
    assert response.status_code == 504
    assert "deadline" in response.json()["detail"]
    assert took < 1.2, f"answered after {took:.2f} s; the rules alone take 1.5 s"
