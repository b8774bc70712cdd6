"""Every way the model can fail maps to the documented status, and the service keeps serving.

The responses here are fixtures that inject faults; they are not recordings
and are never scored as model output.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import Responder, ScriptedTransport, answer, failure, status

ARTICLE = (
    "Mayor Ana Ruiz said on Monday that the bridge would open in March. "
    "The bridge cost 48 million euros, according to the city."
)
GOOD_SINGLE = {
    "claims": [
        {
            "speaker": "Ana Ruiz",
            "speaker_role": "Mayor",
            "statement": "The bridge will open in March.",
            "quote": None,
            "evidence": "Mayor Ana Ruiz said on Monday that the bridge would open in March.",
        }
    ],
    "denials": [],
    "statistics": [
        {
            "value": "48 million",
            "unit": "EUR",
            "total": None,
            "measure": "cost of the bridge",
            "source": "the city",
            "evidence": "The bridge cost 48 million euros, according to the city.",
        }
    ],
}


def single_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "model_base_url": "http://model.invalid/v1",
        "output_mode": "json_schema",
        "strategy": "single",
        "http_retries": 0,
        "max_retries": 1,
        "request_timeout_s": 5,
    }
    values.update(overrides)
    return Settings(**values)


async def post_article(transport: ScriptedTransport, settings: Settings) -> httpx.Response:
    app = create_app(settings, http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        return await client.post("/structure", json={"text": ARTICLE, "published": "2024-03-07"})


FAULTS: list[tuple[str, Responder, int]] = [
    ("timeout", failure(httpx.ReadTimeout), 504),
    ("unreachable", failure(httpx.ConnectError), 503),
    ("rate-limited-429", status(429, **{"retry-after": "7"}), 503),
    ("server-error-500", status(500), 502),
    ("invalid-json", answer("{not json"), 502),
    ("schema-invalid", answer({"claims": [{"speaker": "x"}]}), 502),
]


@pytest.mark.parametrize(
    ("responder", "expected"), [f[1:] for f in FAULTS], ids=[f[0] for f in FAULTS]
)
async def test_model_fault_maps_to_documented_status(responder: Responder, expected: int) -> None:
    transport = ScriptedTransport(responder)
    response = await post_article(transport, single_settings())
    assert response.status_code == expected
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == expected
    assert problem["request_id"] == response.headers["x-request-id"]
    assert ARTICLE not in json.dumps(problem)


async def test_429_passes_retry_after_on() -> None:
    response = await post_article(
        ScriptedTransport(status(429, **{"retry-after": "7"})), single_settings()
    )
    assert response.headers["retry-after"] == "7"


async def test_invalid_output_is_reasked_then_accepted() -> None:
    transport = ScriptedTransport(answer("{not json"), answer(GOOD_SINGLE))
    response = await post_article(transport, single_settings())
    assert response.status_code == 200
    body = response.json()
    assert len(transport.requests) == 2
    assert body["meta"]["llm_calls"] == 2
    assert body["statistics"][0]["value"] == 48_000_000
    # the re-ask shows the model its own broken answer
    assert any("{not json" in str(m.get("content")) for m in transport.requests[1]["messages"])


async def test_schema_invalid_output_exhausts_retries_with_502() -> None:
    transport = ScriptedTransport(answer({"claims": [{"speaker": "x"}]}))
    response = await post_article(transport, single_settings(max_retries=2))
    assert response.status_code == 502
    assert len(transport.requests) == 3


async def test_quote_not_in_text_drops_the_record_and_counts_it() -> None:
    invented = json.loads(json.dumps(GOOD_SINGLE))
    invented["claims"][0]["quote"] = "We will open the bridge next week"
    response = await post_article(ScriptedTransport(answer(invented)), single_settings())
    assert response.status_code == 200
    body = response.json()
    assert body["claims"] == []
    assert body["meta"]["dropped_ungrounded"] == 1
    assert len(body["statistics"]) == 1


async def test_evidence_not_in_text_is_dropped_and_counted() -> None:
    invented = json.loads(json.dumps(GOOD_SINGLE))
    invented["statistics"][0]["evidence"] = "The tunnel cost 48 million euros."
    response = await post_article(ScriptedTransport(answer(invented)), single_settings())
    body = response.json()
    assert body["statistics"] == []
    assert body["meta"]["dropped_ungrounded"] == 1


async def test_service_keeps_serving_after_a_fault() -> None:
    transport = ScriptedTransport(status(500), answer(GOOD_SINGLE))
    app = create_app(single_settings(), http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        first = await client.post("/structure", json={"text": ARTICLE})
        second = await client.post("/structure", json={"text": ARTICLE})
    assert (first.status_code, second.status_code) == (502, 200)


async def test_http_retries_back_off_and_then_succeed() -> None:
    transport = ScriptedTransport(status(503, **{"retry-after-ms": "10"}), answer(GOOD_SINGLE))
    response = await post_article(transport, single_settings(http_retries=1))
    assert response.status_code == 200
    assert len(transport.requests) == 2


async def test_llama_mode_sends_the_schema_as_a_grammar() -> None:
    transport = ScriptedTransport(answer({"records": []}), answer({"statistics": []}))
    settings = single_settings(output_mode="llama_json_schema", strategy="focused")
    response = await post_article(transport, settings)
    assert response.status_code == 200
    response_format = transport.requests[0]["response_format"]
    assert response_format["type"] == "json_object"
    assert "records" in response_format["schema"]["properties"]


async def test_curl_default_content_type_is_read_as_json() -> None:
    transport = ScriptedTransport(answer(GOOD_SINGLE))
    app = create_app(single_settings(), http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        response = await client.post(
            "/structure",
            content=json.dumps({"text": ARTICLE}),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert response.status_code == 200
    assert len(response.json()["claims"]) == 1


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout, httpx.ConnectError], ids=["slow-to-answer", "unreachable"]
)
async def test_readiness_is_503_whatever_keeps_the_model_from_answering(
    error: type[httpx.TransportError],
) -> None:
    def models_fail(request: httpx.Request) -> httpx.Response:
        raise error("fixture transport failure", request=request)

    app = create_app(
        single_settings(), http_client=httpx.AsyncClient(transport=httpx.MockTransport(models_fail))
    )
    async with AsyncTestClient(app) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "Not ready" in response.json()["detail"]
