"""When to try a call again, and how long to wait first: the server's Retry-After if it sent one.

Both clients hand these to tenacity (`Retrying` / `AsyncRetrying`), so the sync
and async paths share one policy.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx
from tenacity import RetryCallState

# Answers that mean "not now": the rate limit, and a model or queue that is full.
RETRY_STATUSES = frozenset({429, 503})


class ServiceError(Exception):
    """The service answered with an error (after any retries); `problem` is its problem+json."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


class RetryLater(Exception):
    """A 429 or 503: try again after `retry_after_s` if the server said, else back off."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"{response.status_code} from {response.request.url}")
        self.response = response
        self.retry_after_s = retry_after(response)


def retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds, written as seconds or as an HTTP date; None if absent or bad."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def checked(response: httpx.Response) -> httpx.Response:
    """The response if it succeeded; RetryLater or ServiceError otherwise."""
    if response.status_code in RETRY_STATUSES:
        raise RetryLater(response)
    if response.status_code >= 400:
        try:
            problem = response.json()
        except ValueError:
            problem = {"title": response.reason_phrase, "detail": response.text[:200]}
        raise ServiceError(response.status_code, problem)
    return response


class RetryWait:
    """Wait what the server asked (up to `max_wait_s`), or back off exponentially from `base_s`."""

    def __init__(self, base_s: float, max_wait_s: float) -> None:
        self.base_s = base_s
        self.max_wait_s = max_wait_s

    def __call__(self, state: RetryCallState) -> float:
        """Seconds to sleep before the next attempt."""
        error = state.outcome.exception() if state.outcome is not None else None
        if isinstance(error, RetryLater) and error.retry_after_s is not None:
            return min(error.retry_after_s, self.max_wait_s)
        backoff: float = self.base_s * 2.0 ** (state.attempt_number - 1)
        return min(backoff, self.max_wait_s)


def final_error(error: BaseException) -> BaseException:
    """What a caller sees once the retries are spent: the service's own problem if it sent one."""
    if isinstance(error, RetryLater):
        response = error.response
        try:
            problem = response.json()
        except ValueError:
            problem = {"title": response.reason_phrase}
        return ServiceError(response.status_code, problem)
    return error
