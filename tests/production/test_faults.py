"""Every model fault, over a real socket, maps to API.md's status; retries wait as told.

The fake model misbehaves on cue; these answers are fixtures, not model output.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import (
    Behaviour,
    FakeModel,
    answer,
    drop,
    hang,
    invalid_json,
    rate_limited,
    schema_invalid,
    server_error,
    ungrounded,
)

FAULTS: list[tuple[str, Behaviour, dict[str, Any], int, int]] = [
    # name, behaviour, settings, status, requests the fake sees
    ("429-upstream", rate_limited(retry_after_s=7), {}, 503, 1),
    ("500-upstream", server_error(), {}, 502, 1),
    ("dropped-connection", drop(), {}, 503, 1),
    ("hang-past-timeout", hang(), {"request_timeout_s": 0.5}, 504, 1),
    ("invalid-json", invalid_json(), {"max_retries": 2}, 502, 3),
    ("schema-invalid-json", schema_invalid(), {"max_retries": 2}, 502, 3),
]


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """A problem+json body with the status and the request id of the header."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["request_id"] == response.headers["x-request-id"]
    assert problem["title"]
    assert problem["detail"]
    assert ARTICLE not in response.text
    return problem


@pytest.mark.parametrize(
    ("behaviour", "overrides", "status", "seen"),
    [fault[1:] for fault in FAULTS],
    ids=[fault[0] for fault in FAULTS],
)
async def test_fault_gives_documented_status_and_the_service_keeps_serving(
    fake_model: FakeModel,
    behaviour: Behaviour,
    overrides: dict[str, Any],
    status: int,
    seen: int,
) -> None:
    fake_model.default = behaviour
    async with serve(settings_for(fake_model, **overrides)) as client:
        failed = await client.post("/structure", json={"text": ARTICLE})
        assert_problem(failed, status)
        assert len(fake_model.requests) == seen
        fake_model.default = answer()
        assert (await client.get("/healthz")).status_code == 200
        recovered = await client.post("/structure", json={"text": ARTICLE})
    assert recovered.status_code == 200, recovered.text
    assert recovered.json()["meta"]["cache"] == "miss"


async def test_upstream_429_passes_its_retry_after_to_the_caller(fake_model: FakeModel) -> None:
    fake_model.default = rate_limited(retry_after_s=7)
    async with serve(settings_for(fake_model)) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert_problem(response, 503)
    assert response.headers["retry-after"] == "7"


async def test_retry_waits_as_long_as_retry_after_says(fake_model: FakeModel) -> None:
    # 900 ms is longer than the client's own first backoff (at most 500 ms), so
    # a gap this long shows the server's word was taken.
    fake_model.script(rate_limited(retry_after_s=1, retry_after_ms=900), answer())
    settings = settings_for(fake_model, strategy="single", http_retries=1)
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200, response.text
    first, second = fake_model.requests
    assert second.at - first.at >= 0.85
    assert len(fake_model.requests) == 2


async def test_retries_back_off_exponentially_without_retry_after(fake_model: FakeModel) -> None:
    fake_model.script(server_error(), server_error(), answer())
    settings = settings_for(fake_model, strategy="single", http_retries=2)
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200, response.text
    times = [r.at for r in fake_model.requests]
    assert len(times) == 3
    first_gap, second_gap = times[1] - times[0], times[2] - times[1]
    # 0.5 s then 1 s, each less up to a quarter of jitter
    assert first_gap >= 0.37
    assert second_gap >= 0.74
    assert second_gap > first_gap


async def test_retries_give_up_after_the_configured_number(fake_model: FakeModel) -> None:
    fake_model.default = server_error()
    settings = settings_for(fake_model, strategy="single", http_retries=1)
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert_problem(response, 502)
    assert len(fake_model.requests) == 2


async def test_unreachable_model_is_503_with_retry_after() -> None:
    with FakeModel() as stopped:
        pass  # a port that was just listening and now refuses connections
    async with serve(settings_for(stopped, overload_retry_after_s=9)) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
        readiness = await client.get("/readyz")
    assert_problem(response, 503)
    assert response.headers["retry-after"] == "9"
    assert readiness.headers["retry-after"] == "9"


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        pytest.param(rate_limited(retry_after_s=7), "7", id="the-model-said"),
        pytest.param(drop(), "5", id="it-did-not"),
    ],
)
async def test_a_503_from_the_model_keeps_its_own_retry_after_or_gets_the_default(
    fake_model: FakeModel, behaviour: Behaviour, expected: str
) -> None:
    fake_model.default = behaviour
    async with serve(settings_for(fake_model)) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert_problem(response, 503)
    assert response.headers["retry-after"] == expected


@pytest.mark.parametrize(
    ("strategy", "dropped"),
    [
        # single: the invented quote sinks the claim, the invented evidence the statistic
        ("single", 2),
        # focused: evidence is the cited sentence, so only a figure it lacks can be invented
        ("focused", 1),
    ],
)
async def test_quotes_and_figures_not_in_the_article_are_dropped_and_counted(
    fake_model: FakeModel, strategy: str, dropped: int
) -> None:
    fake_model.default = ungrounded()
    async with serve(settings_for(fake_model, strategy=strategy)) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["meta"]["dropped_ungrounded"] == dropped
    # the invented figure is gone (the service may still find the article's own figures)
    assert all(statistic["value"] != 987654321 for statistic in body["statistics"])
    for record in [*body["claims"], *body["denials"]]:
        assert record["quote"] is None or record["quote"] in ARTICLE
        assert (
            ARTICLE[record["evidence"]["start"] : record["evidence"]["end"]]
            == (record["evidence"]["text"])
        )
