"""When a failed model call is tried again, and how long to wait: never past the deadline.

The OpenAI SDK retries by itself, but it cannot know the request's deadline: it
would sleep out a 429's Retry-After of 20 s for a request with 2 s left. So the
SDK's own retries are off and the same policy runs here, on tenacity: retry a
timeout, a lost connection, 408, 409, 429 and 5xx (unless the server says
x-should-retry: false); wait what Retry-After says (up to two minutes, as the
SDK does), else back off 0.5 s, 1 s, 2 s... (at most 8 s, less up to a quarter of
jitter). A wait that would end past the deadline is not started: the last error
is the answer, so a 429 becomes a 503 carrying the model's Retry-After at once.
"""

from __future__ import annotations

import asyncio
import math
import random

import openai
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base

_RETRIED_STATUSES = frozenset({408, 409, 429})
_FIRST_BACKOFF_S = 0.5
_LONGEST_BACKOFF_S = 8.0
_LONGEST_RETRY_AFTER_S = 120.0


def http_attempts(retries: int, deadline: float | None) -> AsyncRetrying:
    """Up to `retries` more attempts after the first, each wait ending before `deadline`."""
    return AsyncRetrying(
        retry=retry_if_exception(should_retry),
        wait=wait_before_retry,
        stop=stop_after_attempt(retries + 1) | _WaitWouldPass(deadline),
        reraise=True,
    )


def should_retry(error: BaseException) -> bool:
    """Is this failure worth another attempt (the SDK's own rule)?"""
    status = _status_error(error)
    if status is not None:
        hint = str(status.response.headers.get("x-should-retry", ""))
        if hint in ("true", "false"):
            return hint == "true"
        after = retry_after_s(status)
        if after is not None and after > _LONGEST_RETRY_AFTER_S:
            return False
        code = int(status.status_code)
        return code in _RETRIED_STATUSES or code >= 500
    return any(isinstance(cause, openai.APIConnectionError) for cause in causes(error))


def wait_before_retry(state: RetryCallState) -> float:
    """The server's Retry-After if it gave one, else exponential back-off with jitter."""
    error = state.outcome.exception() if state.outcome is not None else None
    status = _status_error(error) if error is not None else None
    after = retry_after_s(status) if status is not None else None
    if after is not None and 0 < after <= _LONGEST_RETRY_AFTER_S:
        return after
    backoff = min(_FIRST_BACKOFF_S * 2.0 ** (state.attempt_number - 1), _LONGEST_BACKOFF_S)
    return backoff * (1 - 0.25 * random.random())


def retry_after_s(error: openai.APIStatusError) -> float | None:
    """Seconds the server asked for: OpenAI's retry-after-ms, else Retry-After in seconds."""
    headers = error.response.headers
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            value = float(headers[name]) / scale
        except (KeyError, ValueError):
            continue
        if math.isfinite(value):
            return value
    return None


class _WaitWouldPass(stop_base):
    """Stop when the coming wait would end at or after the deadline (event-loop time)."""

    def __init__(self, deadline: float | None) -> None:
        self._deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        if self._deadline is None:
            return False
        ends = asyncio.get_running_loop().time() + (retry_state.upcoming_sleep or 0.0)
        return ends >= self._deadline


def _status_error(error: BaseException) -> openai.APIStatusError | None:
    for cause in causes(error):
        if isinstance(cause, openai.APIStatusError):
            return cause
    return None


def causes(error: BaseException) -> list[BaseException]:
    """The error, then what caused it, and so on (each once)."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found
