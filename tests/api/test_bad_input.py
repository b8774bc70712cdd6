"""Bad input gets a 4xx problem document naming the field, and never reaches the model."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import ScriptedTransport, status

JSON = {"content-type": "application/json"}

CASES: list[tuple[str, bytes, dict[str, str], int, str | None]] = [
    ("malformed-json", b'{"text": "an article"', JSON, 400, None),
    ("invalid-utf8", b'{"text": "caf\xe9"}', JSON, 400, None),
    ("text-missing", b'{"title": "t"}', JSON, 422, "text"),
    ("text-wrong-type", b'{"text": 42}', JSON, 422, "text"),
    ("text-empty", b'{"text": ""}', JSON, 422, "text"),
    ("text-whitespace", b'{"text": "  \\n\\t "}', JSON, 422, "text"),
    ("text-nul-byte", b'{"text": "a\\u0000b"}', JSON, 422, "text"),
    ("unknown-field", b'{"text": "an article", "lang": "en"}', JSON, 422, "lang"),
    (
        "published-not-a-date",
        b'{"text": "an article", "published": "last week"}',
        JSON,
        422,
        "published",
    ),
    (
        "published-impossible",
        b'{"text": "an article", "published": "2015-02-30"}',
        JSON,
        422,
        "published",
    ),
    ("text-too-long", b'{"text": "' + b"x" * 101 + b'"}', JSON, 422, "text"),
    ("wrong-content-type", b'{"text": "an article"}', {"content-type": "text/plain"}, 415, None),
    ("body-too-large", b'{"text": "' + b"x" * 3000 + b'"}', JSON, 413, None),
]


@pytest.mark.parametrize(
    ("body", "headers", "expected", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_bad_input_is_a_problem_that_never_reaches_the_model(
    body: bytes, headers: dict[str, str], expected: int, field: str | None
) -> None:
    transport = ScriptedTransport(status(500))
    settings = Settings(
        model_base_url="http://model.invalid/v1",
        max_text_chars=100,
        max_body_bytes=2000,
        http_retries=0,
    )
    app = create_app(settings, http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        response = await client.post("/structure", content=body, headers=headers)
    assert response.status_code == expected
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["status"] == expected
    assert problem["request_id"] == response.headers["x-request-id"]
    if field is not None:
        assert field in [error["field"] for error in problem["errors"]], problem
    assert transport.requests == []


async def test_caller_request_id_is_echoed() -> None:
    app = create_app(
        Settings(model_base_url="http://model.invalid/v1"),
        http_client=httpx.AsyncClient(transport=ScriptedTransport(status(500))),
    )
    async with AsyncTestClient(app) as client:
        response = await client.post(
            "/structure", json={"text": ""}, headers={"x-request-id": "caller-123"}
        )
    assert response.json()["request_id"] == "caller-123"
    assert response.headers["x-request-id"] == "caller-123"
