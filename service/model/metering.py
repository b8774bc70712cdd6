"""What one request cost at the model: answers, tokens, HTTP attempts and retries.

The handler opens a `ModelWork` for the request; the metered client counts
each question asked and the metered transport each HTTP attempt, so retries
(HTTP retries by the OpenAI client plus re-asks by instructor) are attempts
beyond one per question. Both find the open `ModelWork` through a context
variable, because the strategies between them know nothing of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai

from service.model.client import Answer, CallTally, Message, ModelClient
from service.settings import Settings

AttemptObserver = Callable[[float, str], None]
_CHAT_PATH = "/chat/completions"
# The OpenAI client's own default pool, so metering changes nothing about the traffic.
_OPENAI_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=100)


@dataclass
class ModelWork:
    """The model work behind one response, for its log line and the metrics."""

    tally: CallTally = field(default_factory=CallTally)
    questions: int = 0
    attempts: int = 0
    cache: str | None = None
    dropped_ungrounded: int = 0
    article_text: str | None = None

    @property
    def retries(self) -> int:
        """HTTP attempts beyond the first for each question: HTTP retries and re-asks."""
        return max(0, self.attempts - self.questions)

    def log_fields(self) -> dict[str, Any]:
        """The fields this work adds to the access log line."""
        fields: dict[str, Any] = {
            "llm_calls": self.tally.calls,
            "prompt_tokens": self.tally.prompt_tokens,
            "completion_tokens": self.tally.completion_tokens,
            "model_attempts": self.attempts,
            "retries": self.retries,
            "dropped_ungrounded": self.dropped_ungrounded,
        }
        if self.cache is not None:
            fields["cache"] = self.cache
        if self.article_text is not None:
            fields["article_text"] = self.article_text
        return fields


_current: ContextVar[ModelWork | None] = ContextVar("model_work", default=None)


@contextmanager
def recording(work: ModelWork) -> Iterator[ModelWork]:
    """Count the model traffic of the block into `work`."""
    token = _current.set(work)
    try:
        yield work
    finally:
        _current.reset(token)


class MeteredClient(ModelClient):
    """A ModelClient that counts the questions it is asked; the requests it sends are unchanged."""

    async def ask(
        self,
        messages: list[Message],
        answer_type: type[Answer],
        tally: CallTally,
        context: dict[str, Any] | None = None,
    ) -> Answer:
        """Count the question, then ask it."""
        work = _current.get()
        if work is not None:
            work.questions += 1
        return await super().ask(messages, answer_type, tally, context)


class MeteredTransport(httpx.AsyncBaseTransport):
    """Counts and times every HTTP attempt at the chat endpoint, failed ones included."""

    def __init__(self, inner: httpx.AsyncBaseTransport, observe: AttemptObserver) -> None:
        self._inner = inner
        self._observe = observe

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Pass the request on; count it, and report its latency and outcome."""
        if not request.url.path.endswith(_CHAT_PATH):
            return await self._inner.handle_async_request(request)
        work = _current.get()
        if work is not None:
            work.attempts += 1
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
