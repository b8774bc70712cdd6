"""API keys guard /structure only; a per-client rate limit answers 429 with Retry-After."""

from __future__ import annotations

import pytest

from service.http.rate_limit import TokenBuckets
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
    assert 1 <= int(limited.headers["retry-after"]) <= 30
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


def test_token_bucket_refills_at_the_configured_rate() -> None:
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(60)] == [0.0] * 60
    assert buckets.take("a") == pytest.approx(1.0)
    assert buckets.take("b") == 0.0  # another client has its own bucket
    now[0] = 2.0
    assert buckets.take("a") == 0.0
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0.0


def test_token_buckets_keep_a_bounded_number_of_clients() -> None:
    buckets = TokenBuckets(per_minute=1, max_clients=3, clock=lambda: 0.0)
    for client in ("a", "b", "c", "d"):
        buckets.take(client)
    assert len(buckets._buckets) == 3
