"""Every exception openai and httpx export has a place in the upstream error table."""

from __future__ import annotations

import inspect

import httpx
import openai
import pytest

from service.core.errors import ModelOutputInvalid, ModelTimeout, ModelUnavailable
from service.model.upstream import UPSTREAM_ERRORS, as_model_error

# Families mapped through their base on purpose: every kind of timeout is a timeout,
# every transport failure (network, protocol, proxy, unsupported scheme) means the
# endpoint cannot be reached, every status the SDK names (400, 401, 404, 5xx...) is
# an endpoint that answered without an answer, and every misuse of a stream is ours.
# A subclass of any other row must be placed in the table by name.
_MAPPED_THROUGH_THEIR_BASE = (
    openai.APIConnectionError,
    openai.APIStatusError,
    httpx.TimeoutException,
    httpx.TransportError,
    httpx.StreamError,
)


def _exported(module: object, *roots: type[BaseException]) -> list[type[BaseException]]:
    public = [getattr(module, name) for name in dir(module) if not name.startswith("_")]
    return [value for value in public if inspect.isclass(value) and issubclass(value, roots)]


_UPSTREAM = _exported(openai, openai.OpenAIError) + _exported(
    httpx, httpx.HTTPError, httpx.InvalidURL, httpx.CookieConflict, httpx.StreamError
)


@pytest.mark.parametrize("upstream", _UPSTREAM, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_exported_upstream_exception_is_in_the_table(upstream: type[BaseException]) -> None:
    row = next(cls for cls, _ in UPSTREAM_ERRORS if issubclass(upstream, cls))
    assert row is upstream or row in _MAPPED_THROUGH_THEIR_BASE, (
        f"{upstream.__name__} is mapped only through {row.__name__}: name it in UPSTREAM_ERRORS"
    )


def test_a_row_is_never_shadowed_by_an_earlier_base() -> None:
    classes = [cls for cls, _ in UPSTREAM_ERRORS]
    for index, cls in enumerate(classes):
        assert not any(issubclass(cls, earlier) for earlier in classes[:index]), cls


def _status_error(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("POST", "http://model/v1/chat/completions")
    return httpx.Response(status, headers=headers, request=request)


def test_a_read_timeout_under_a_connection_error_is_a_timeout() -> None:
    request = httpx.Request("POST", "http://model/v1/chat/completions")
    error = openai.APITimeoutError(request=request)
    error.__cause__ = httpx.ReadTimeout("slow", request=request)
    assert isinstance(as_model_error(error), ModelTimeout)


def test_a_429_is_unavailable_with_the_models_retry_after() -> None:
    response = _status_error(429, {"retry-after": "7"})
    error = as_model_error(openai.RateLimitError("busy", response=response, body=None))
    assert isinstance(error, ModelUnavailable)
    assert error.retry_after_s == 7


def test_an_invalid_base_url_is_unreachable() -> None:
    assert isinstance(as_model_error(httpx.InvalidURL("no host")), ModelUnavailable)


def test_another_status_names_the_status() -> None:
    response = _status_error(404)
    error = as_model_error(openai.NotFoundError("gone", response=response, body=None))
    assert isinstance(error, ModelOutputInvalid)
    assert error.detail == "The model endpoint answered HTTP 404."
