"""Count model calls and tokens on the wire, the same way for every system benchmarked.

Each system talks to the model through its own client stack (the service's
instructor client, LangExtract's OpenAI provider), so the count is taken where
they all meet: the httpx transport. A call is one POST to `chat/completions`;
tokens are the `usage` the server reports in its answer.

This is the benchmark's own count, kept apart from the service's `Meter`
(service/model/metering.py) on purpose, as the evals keep their own scorer:
the judge does not take the service's word for what the service spent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import httpx

from service.model.silent import nothing_answered

# What an empty answer looks like to every system here: the service's and the plain
# baseline's response models default to empty lists, and LangExtract's resolver
# reads an empty "extractions" list.
EMPTY_ANSWER = '{"extractions": []}'


@dataclass
class WireCount:
    """Model calls and tokens seen on one client's transport."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls_without_usage: int = 0

    def add(self, request: httpx.Request, response: httpx.Response) -> None:
        """Add one exchange if it was a chat completion."""
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return
        self.calls += 1
        try:
            usage = json.loads(response.content).get("usage") or {}
        except (ValueError, AttributeError):
            usage = {}
        if not usage:
            self.calls_without_usage += 1
        self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
        self.completion_tokens += int(usage.get("completion_tokens") or 0)

    @property
    def tokens_known(self) -> bool:
        """Did every call report its token usage?"""
        return self.calls_without_usage == 0


def _settled(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    # The body was read (and decoded) to count it, so it is handed on as plain bytes.
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-encoding"]
    return httpx.Response(
        response.status_code, headers=headers, content=response.content, request=request
    )


class CountingTransport(httpx.BaseTransport):
    """A synchronous transport that counts what passes through it."""

    def __init__(self, inner: httpx.BaseTransport, wire: WireCount) -> None:
        self._inner = inner
        self.wire = wire

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Forward the request and count the exchange."""
        response = self._inner.handle_request(request)
        response.read()
        self.wire.add(request, response)
        return _settled(request, response)

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


class AsyncCountingTransport(httpx.AsyncBaseTransport):
    """An asynchronous transport that counts what passes through it."""

    def __init__(self, inner: httpx.AsyncBaseTransport, wire: WireCount) -> None:
        self._inner = inner
        self.wire = wire

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward the request and count the exchange."""
        response = await self._inner.handle_async_request(request)
        await response.aread()
        self.wire.add(request, response)
        return _settled(request, response)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


def empty_answers() -> httpx.MockTransport:
    """A model that finds nothing, instantly: counts the calls a system makes without a model."""
    return nothing_answered(EMPTY_ANSWER)
