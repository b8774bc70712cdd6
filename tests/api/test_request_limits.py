"""Limits on every part of a request; input that once made a 500 is now the caller's fault."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.api.test_model_faults import GOOD_SINGLE, single_settings
from tests.conftest import ScriptedTransport, answer, status

JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


async def post(
    body: bytes, headers: dict[str, str], settings: Settings, transport: ScriptedTransport
) -> httpx.Response:
    app = create_app(settings, http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        return await client.post("/structure", content=body, headers=headers)


def problem_fields(response: httpx.Response) -> list[str]:
    problem: dict[str, Any] = response.json()
    return [error["field"] for error in problem.get("errors") or []]


@pytest.mark.parametrize(
    ("field", "limit", "setting"),
    [("title", 1000, "max_title_chars"), ("url", 2048, "max_url_chars")],
)
async def test_a_title_or_url_past_its_limit_is_a_422_that_never_reaches_the_model(
    field: str, limit: int, setting: str
) -> None:
    transport = ScriptedTransport(status(500))
    assert Settings.model_fields[setting].default == limit
    start = "https://example.org/" if field == "url" else ""
    at_limit = {"text": "An article.", field: start + "x" * (limit - len(start))}
    past_limit = {"text": "An article.", field: start + "x" * (limit + 1 - len(start))}
    refused = await post(json.dumps(past_limit).encode(), JSON, single_settings(), transport)
    assert refused.status_code == 422
    assert problem_fields(refused) == [field]
    assert transport.requests == []
    accepted = await post(
        json.dumps(at_limit).encode(),
        JSON,
        single_settings(),
        ScriptedTransport(answer({"claims": [], "denials": [], "statistics": []})),
    )
    assert accepted.status_code == 200, accepted.text


async def test_a_job_article_past_the_title_limit_is_a_422_naming_it() -> None:
    transport = ScriptedTransport(status(500))
    app = create_app(
        single_settings(max_title_chars=10), http_client=httpx.AsyncClient(transport=transport)
    )
    body = {"articles": [{"text": "One."}, {"text": "Two.", "title": "x" * 11}]}
    async with AsyncTestClient(app) as client:
        response = await client.post("/v1/jobs", json=body)
    assert response.status_code == 422
    assert problem_fields(response) == ["articles.1.title"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
async def test_deeply_nested_json_is_a_400_not_a_500(depth: int) -> None:
    transport = ScriptedTransport(status(500))
    body = b'{"text": ' + b"[" * depth + b"]" * depth + b"}"
    response = await post(body, JSON, single_settings(), transport)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert transport.requests == []


async def test_the_decoders_own_recursion_limit_is_a_400() -> None:
    depth = 100_000
    response = await post(b"[" * depth + b"]" * depth, JSON, single_settings(), ScriptedTransport())
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


async def test_yesterday_in_an_article_published_on_the_first_day_of_the_calendar_has_no_date() -> (
    None
):
    transport = ScriptedTransport(answer(GOOD_SINGLE))
    body = {
        "text": "Mayor Ana Ruiz said yesterday that the bridge would open in March. "
        "The bridge cost 48 million euros, according to the city.",
        "published": "0001-01-01",
    }
    response = await post(json.dumps(body).encode(), JSON, single_settings(), transport)
    assert response.status_code == 200, response.text
    records = response.json()
    assert records["claims"] or records["statistics"]
    assert all(record["date"] is None for record in records["claims"] + records["statistics"])


async def test_form_encoded_bodies_are_read_as_json_by_default() -> None:
    transport = ScriptedTransport(answer(GOOD_SINGLE))
    body = json.dumps({"text": "Mayor Ana Ruiz said on Monday that the bridge would open."})
    response = await post(body.encode(), FORM, single_settings(), transport)
    assert response.status_code == 200, response.text


async def test_form_encoded_bodies_are_a_415_when_turned_off() -> None:
    transport = ScriptedTransport(answer(GOOD_SINGLE))
    body = json.dumps({"text": "An article."}).encode()
    settings = single_settings(accept_form_bodies=False)
    response = await post(body, FORM, settings, transport)
    assert response.status_code == 415
    assert transport.requests == []
    app = create_app(settings, http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        job = await client.post("/v1/jobs", content=body, headers=FORM)
    assert job.status_code == 415
