"""What one article cost at the model: questions, HTTP attempts, answers and tokens.

One `Meter` per request travels one path. The route handler makes it, the
structurer hands it to the strategy, the strategy to every `ModelClient.ask`,
and the response meta, the access log line and the metrics all read it back:

    route -> Structurer.structure(meter) -> Strategy.find(meter) -> ModelClient.ask(meter)
                                                                      |  answers, tokens
                                                                      v  (instructor hook)
    meta.usage, meta.llm_calls, access log, metrics  <-------------  Meter
                                                                      ^  attempts
                                                                      |  (this transport)

The transport sits under the OpenAI SDK, which passes nothing per request; so
`ModelClient.ask` binds its meter for the length of the call (`metering`), and
the transport counts each HTTP attempt, retries included, on the bound meter.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx
import openai

from service.settings import Settings

AttemptObserver = Callable[[float, str], None]
_CHAT_PATH = "/chat/completions"
# The OpenAI client's own default pool, so metering changes nothing about the traffic.
_OPENAI_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


@dataclass
class Meter:
    """Model questions, HTTP attempts, answers and tokens for one article, retries included.

    It also carries the request's `deadline` (event-loop time, None: none) down the
    same path, so every call and every retry wait of the article fits before it.
    """

    questions: int = 0
    failed: int = 0  # questions that ended without a valid answer
    attempts: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    deadline: float | None = None

    def count_answer(self, completion: Any) -> None:
        """Add one raw completion (instructor calls this once per answer, re-asks included)."""
        self.calls += 1
        usage = getattr(completion, "usage", None)
        if usage is not None:
            self.prompt_tokens += usage.prompt_tokens or 0
            self.completion_tokens += usage.completion_tokens or 0

    @property
    def mostly_failed(self) -> bool:
        """More than half of the questions got no valid answer: a failed model, not the article."""
        return self.failed * 2 > self.questions

    @property
    def retries(self) -> int:
        """HTTP attempts beyond the first for each question: HTTP retries and re-asks."""
        return max(0, self.attempts - self.questions)


_bound: ContextVar[Meter | None] = ContextVar("meter", default=None)


@contextmanager
def metering(meter: Meter) -> Iterator[Meter]:
    """Count the HTTP attempts made inside the block on `meter` (ModelClient.ask uses this)."""
    token = _bound.set(meter)
    try:
        yield meter
    finally:
        _bound.reset(token)


class MeteredTransport(httpx.AsyncBaseTransport):
    """Counts and times every HTTP attempt at the chat endpoint, failed ones included."""

    def __init__(self, inner: httpx.AsyncBaseTransport, observe: AttemptObserver) -> None:
        self._inner = inner
        self._observe = observe

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Pass the request on; count it, and report its latency and outcome."""
        if not request.url.path.endswith(_CHAT_PATH):
            return await self._inner.handle_async_request(request)
        meter = _bound.get()
        if meter is not None:
            meter.attempts += 1
        began = time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.TimeoutException:
            self._observe(time.perf_counter() - began, "timeout")
            raise
        except httpx.TransportError:
            self._observe(time.perf_counter() - began, "connection_error")
            raise
        self._observe(time.perf_counter() - began, str(response.status_code))
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


def metered_http_client(settings: Settings, observe: AttemptObserver) -> httpx.AsyncClient:
    """The HTTP client the OpenAI client would build itself, with a metered transport under it."""
    transport = MeteredTransport(httpx.AsyncHTTPTransport(limits=_OPENAI_LIMITS), observe)
    return openai.DefaultAsyncHttpxClient(transport=transport, timeout=settings.request_timeout_s)
