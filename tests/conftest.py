"""Shared fixtures: settings for tests, and model responses built to inject faults.

Responses built here are fixtures, not recordings: they test how the service
handles a model's failure and are never scored as model output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.settings import Settings
from tests.support.redis_server import redis_url

__all__ = ["redis_url"]

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "000_1ecf1f70c603a687"


def completion_body(
    content: str, prompt_tokens: int = 11, completion_tokens: int = 7
) -> dict[str, Any]:
    """An OpenAI chat completion whose message content is `content`."""
    return {
        "id": "chatcmpl-fixture",
        "object": "chat.completion",
        "created": 0,
        "model": "fixture-model",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


Responder = Callable[[httpx.Request], httpx.Response]


class ScriptedTransport(httpx.AsyncBaseTransport):
    """Answers chat requests from a list of responders in order; the last one repeats."""

    def __init__(self, *responders: Responder) -> None:
        self._responders = list(responders)
        self.requests: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Record the request body and play the next scripted answer."""
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": []})
        self.requests.append(json.loads(await request.aread()))
        responder = self._responders[min(len(self.requests), len(self._responders)) - 1]
        return responder(request)


def answer(payload: dict[str, Any] | str, status: int = 200, **headers: str) -> Responder:
    """A responder returning a chat completion with `payload` as its content."""
    content = payload if isinstance(payload, str) else json.dumps(payload)
    return lambda request: httpx.Response(status, json=completion_body(content), headers=headers)


def status(code: int, **headers: str) -> Responder:
    """A responder returning an error status with an OpenAI-style error body."""
    return lambda request: httpx.Response(
        code, json={"error": {"message": f"fixture {code}", "type": "fixture"}}, headers=headers
    )


def failure(error: type[httpx.TransportError]) -> Responder:
    """A responder that fails at the transport level (timeout, refused connection)."""

    def raise_error(request: httpx.Request) -> httpx.Response:
        raise error("fixture transport failure", request=request)

    return raise_error


@pytest.fixture
def test_settings() -> Settings:
    """Settings that keep fault tests fast: no HTTP retries, one re-ask."""
    return Settings(
        model_base_url="http://model.invalid/v1",
        model_name="qwen2.5-coder-1.5b-instruct-q4_k_m",
        http_retries=0,
        max_retries=1,
        request_timeout_s=5,
    )


@pytest.fixture
def seed_text() -> str:
    """The seed article the project started from."""
    return (ROOT / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
