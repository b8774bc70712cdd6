"""What the client stack raises, as the service's errors: one table, most specific first.

Like httpx's `HTTPCORE_EXC_MAP`: a new exception class in openai or httpx is placed
here by a person, and `tests/service/test_upstream.py` fails until it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import httpx
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

from service.core.errors import ModelError, ModelOutputInvalid, ModelTimeout, ModelUnavailable
from service.model.retrying import causes


def _timeout(_: BaseException) -> ModelError:
    return ModelTimeout("The model did not answer within the configured timeout.")


def _over_capacity(error: openai.RateLimitError) -> ModelError:
    return ModelUnavailable(
        "The model endpoint is over capacity (429).", retry_after_s=_retry_after(error.response)
    )


def _unreachable(_: BaseException) -> ModelError:
    return ModelUnavailable("The model endpoint is unreachable.")


def _status(error: openai.APIStatusError | httpx.HTTPStatusError) -> ModelError:
    return ModelOutputInvalid(f"The model endpoint answered HTTP {error.response.status_code}.")


def _cut_off(_: BaseException) -> ModelError:
    return ModelOutputInvalid("The model's answer was cut off at the token limit.")


def _failed(error: BaseException) -> ModelError:
    return ModelOutputInvalid(f"The model call failed: {type(error).__name__}.")


UPSTREAM_ERRORS: Final[tuple[tuple[type[BaseException], Callable[[Any], ModelError]], ...]] = (
    # A timeout of any kind, the SDK's or the transport's (connect, read, write, pool).
    (openai.APITimeoutError, _timeout),
    (httpx.TimeoutException, _timeout),
    # 429 before the other statuses: the caller may come back after the model's Retry-After.
    (openai.RateLimitError, _over_capacity),
    # The endpoint cannot be reached or cannot speak HTTP with us: a lost or refused
    # connection, a broken protocol, a proxy, a redirect loop, a base URL httpx cannot
    # use, a websocket closed under us.
    (openai.APIConnectionError, _unreachable),
    (httpx.TransportError, _unreachable),
    (httpx.TooManyRedirects, _unreachable),
    (httpx.InvalidURL, _unreachable),
    (openai.WebSocketConnectionClosedError, _unreachable),
    # The endpoint answered with any other status: no answer to use.
    (openai.APIStatusError, _status),
    (httpx.HTTPStatusError, _status),
    # An answer came and was cut short.
    (IncompleteOutputException, _cut_off),
    (openai.LengthFinishReasonError, _cut_off),
    # An answer came that cannot be used: filtered, not the API's shape, not decodable.
    (openai.ContentFilterFinishReasonError, _failed),
    (openai.APIResponseValidationError, _failed),
    (httpx.DecodingError, _failed),
    # Misuse of a stream, a cookie jar or a websocket's queue: a bug of ours,
    # reported as a failed call rather than a 500, since it ended the model call.
    (httpx.StreamError, _failed),
    (httpx.CookieConflict, _failed),
    (openai.WebSocketQueueFullError, _failed),
    # The families' roots, raised as themselves.
    (openai.APIError, _failed),
    (httpx.RequestError, _failed),
    (httpx.HTTPError, _failed),
    (openai.OpenAIError, _failed),
)


def as_model_error(error: BaseException) -> ModelError:
    """Translate whatever the client stack raised into the service's error tree.

    The first error in the chain of causes that the table knows decides; instructor's
    "no valid answer after n attempts" only when none does (its causes are the
    validation errors of each answer).
    """
    for cause in causes(error):
        if isinstance(cause, ModelError):
            return cause
        for upstream, ours in UPSTREAM_ERRORS:
            if isinstance(cause, upstream):
                return ours(cause)
    if isinstance(error, InstructorRetryException):
        attempts = error.n_attempts
        return ModelOutputInvalid(f"No valid answer from the model after {attempts} attempts.")
    return _failed(error)


def _retry_after(response: httpx.Response) -> int | None:
    header = response.headers.get("retry-after")
    try:
        return max(1, int(float(header))) if header else None
    except ValueError:
        return None
