"""API keys guard /structure only; a per-client rate limit answers 429 with Retry-After.

Failed keys are throttled per address, and every metered response carries RateLimit-*.
"""

from __future__ import annotations

import pytest

from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel

KEYS = " key-one, key-two ,"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-key"),
        pytest.param({"authorization": "Bearer wrong"}, id="wrong-bearer"),
        pytest.param({"x-api-key": "key-one-but-longer"}, id="wrong-x-api-key"),
        pytest.param({"authorization": "Basic a2V5LW9uZTo="}, id="other-scheme"),
        pytest.param({"authorization": "Bearer "}, id="empty-bearer"),
    ],
)
async def test_structure_without_a_valid_key_is_401(
    fake_model: FakeModel, headers: dict[str, str]
) -> None:
    async with serve(settings_for(fake_model, api_keys=KEYS)) as client:
        response = await client.post("/structure", json={"text": ARTICLE}, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["request_id"] == response.headers["x-request-id"]
    assert fake_model.requests == []


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"authorization": "Bearer key-one"}, id="bearer"),
        pytest.param({"authorization": "bearer key-two"}, id="bearer-lower-case"),
        pytest.param({"x-api-key": "key-two"}, id="x-api-key"),
    ],
)
async def test_structure_with_a_configured_key_is_served(
    fake_model: FakeModel, headers: dict[str, str]
) -> None:
    async with serve(settings_for(fake_model, api_keys=KEYS)) as client:
        response = await client.post("/structure", json={"text": ARTICLE}, headers=headers)
    assert response.status_code == 200, response.text


async def test_health_metrics_and_schema_stay_open(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model, api_keys=KEYS)) as client:
        for path in ("/healthz", "/readyz", "/metrics", "/schema/openapi.json"):
            assert (await client.get(path)).status_code == 200, path


async def test_no_keys_configured_means_no_key_needed(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model)) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200


async def test_unauthorised_requests_are_refused_before_the_body_is_read(
    fake_model: FakeModel,
) -> None:
    async with serve(settings_for(fake_model, api_keys=KEYS, max_body_bytes=100)) as client:
        response = await client.post("/structure", json={"text": "x" * 500})
    assert response.status_code == 401


async def test_over_the_rate_limit_is_429_with_retry_after(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model, rate_limit_per_minute=2)) as client:
        statuses = [
            (await client.post("/structure", json={"text": ARTICLE})).status_code for _ in range(2)
        ]
        limited = await client.post("/structure", json={"text": ARTICLE})
        health = await client.get("/healthz")
    assert statuses == [200, 200]
    assert limited.status_code == 429
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["title"] == "Too many requests"
    assert health.status_code == 200


async def test_rate_limit_is_per_api_key(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, api_keys=KEYS, rate_limit_per_minute=1)
    async with serve(settings) as client:
        one = {"authorization": "Bearer key-one"}
        two = {"x-api-key": "key-two"}
        first = await client.post("/structure", json={"text": ARTICLE}, headers=one)
        again = await client.post("/structure", json={"text": ARTICLE}, headers=one)
        other = await client.post("/structure", json={"text": ARTICLE}, headers=two)
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)


async def test_metered_responses_carry_the_ratelimit_fields(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model, rate_limit_per_minute=2)) as client:
        first = await client.post("/structure", json={"text": ARTICLE})
        second = await client.post("/structure", json={"text": "Not an article", "x": 1})
        limited = await client.post("/structure", json={"text": ARTICLE})
        health = await client.get("/healthz")
    assert (first.status_code, second.status_code, limited.status_code) == (200, 422, 429)
    assert [r.headers["ratelimit-remaining"] for r in (first, second, limited)] == ["1", "0", "0"]
    for response in (first, second, limited):
        assert response.headers["ratelimit-limit"] == "2"
        assert response.headers["ratelimit-policy"] == "2;w=60"
        assert 1 <= int(response.headers["ratelimit-reset"]) <= 60
    assert limited.headers["retry-after"] == limited.headers["ratelimit-reset"]
    assert "ratelimit-limit" not in health.headers


async def test_wrong_keys_are_throttled_per_address(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, api_keys=KEYS, auth_failures_per_minute=10)
    async with serve(settings) as client:
        guesses = [
            await client.post(
                "/structure", json={"text": ARTICLE}, headers={"x-api-key": f"guess-{n}"}
            )
            for n in range(30)
        ]
        right_key = await client.post(
            "/structure", json={"text": ARTICLE}, headers={"x-api-key": "key-one"}
        )
    statuses = [guess.status_code for guess in guesses]
    assert statuses == [401] * 10 + [429] * 20
    assert 1 <= int(guesses[-1].headers["retry-after"]) <= 60
    assert "failed API-key attempts" in guesses[-1].json()["detail"]
    # Locked out means locked out: a right guess now would tell the guesser it was right.
    assert right_key.status_code == 429
    assert fake_model.requests == []


async def test_failed_key_throttle_can_be_turned_off(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, api_keys=KEYS, auth_failures_per_minute=0)
    async with serve(settings) as client:
        statuses = {
            (await client.post("/structure", json={}, headers={"x-api-key": "x"})).status_code
            for _ in range(12)
        }
    assert statuses == {401}
