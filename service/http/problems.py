"""Every error of an HTTP request leaves as a problem document (`service.core.problems`)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from service.core.errors import StructureError
from service.core.problems import PROBLEM_JSON, FieldProblem, Problem
from service.http.request_ids import request_id_of

# The app's state holds the Retry-After of a 503 whose cause named none (an unreachable
# model): STRUCTURE_OVERLOAD_RETRY_AFTER_S, as for a full queue.
RETRY_AFTER_STATE_KEY = "unavailable_retry_after_s"
_log = logging.getLogger("service.errors")


def problem(
    request: Request[Any, Any, Any],
    status: int,
    title: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
    retry_after_s: int | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    """A problem+json response that names the request id."""
    request_id = request_id_of(request.scope)
    body = Problem(
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=request_id,
        errors=[FieldProblem.model_validate(error) for error in errors] if errors else None,
    ).document()
    sent = {**(headers or {}), "X-Request-ID": request_id}
    if retry_after_s is not None:
        sent["Retry-After"] = str(retry_after_s)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=sent)


def structure_error_handler(
    request: Request[Any, Any, Any], error: StructureError
) -> Response[dict[str, Any]]:
    """The service's own errors carry their status and title; every 503 a Retry-After."""
    _log.warning(
        "request failed",
        extra={
            "request_id": request_id_of(request.scope),
            "status": error.status_code,
            "error": type(error).__name__,
            "detail": error.detail,
        },
    )
    retry_after_s = error.retry_after_s
    if retry_after_s is None and error.status_code == 503:
        retry_after_s = request.app.state.get(RETRY_AFTER_STATE_KEY)
    return problem(
        request,
        error.status_code,
        error.title,
        error.detail,
        retry_after_s=retry_after_s,
        headers=error.headers,
    )


def http_error_handler(
    request: Request[Any, Any, Any], error: HTTPException
) -> Response[dict[str, Any]]:
    """Litestar's own errors (bad JSON, wrong types, oversize bodies) in the same shape."""
    if isinstance(error, ValidationException):
        fields = _field_errors(error.extra)
        if fields:
            return problem(
                request,
                422,
                "Invalid request",
                "The request body failed validation.",
                errors=fields,
            )
        return problem(request, 400, "Malformed request", _malformed_detail(error))
    return problem(
        request,
        error.status_code,
        _title(error.status_code),
        _DECODER_DETAILS.get(str(error.detail), str(error.detail)),
        headers=error.headers,
    )


# The JSON decoder's words where they would mislead the caller: it says "truncated"
# of a whole body whose string ends in an unpaired UTF-16 surrogate ("\ud800").
_DECODER_DETAILS = {
    "Input data was truncated": (
        "The body's JSON ends early: a string, object or array left open, or a string "
        "holding an unpaired UTF-16 surrogate escape (\\ud800 to \\udfff), which is not "
        "text. Send whole JSON, with every string valid Unicode."
    ),
}


def undecodable_body_handler(
    request: Request[Any, Any, Any], error: UnicodeDecodeError
) -> Response[dict[str, Any]]:
    """JSON must be UTF-8; anything else is a malformed body, not a server fault."""
    return problem(request, 400, "Malformed request", "The body is not valid UTF-8.")


def nested_body_handler(
    request: Request[Any, Any, Any], error: RecursionError
) -> Response[dict[str, Any]]:
    """JSON nested deeper than the decoder goes is a malformed body; any other recursion a bug."""
    if "deserializ" in str(error):
        return problem(request, 400, "Malformed request", "The body's JSON is nested too deeply.")
    return unexpected_error_handler(request, error)


def unexpected_error_handler(
    request: Request[Any, Any, Any], error: Exception
) -> Response[dict[str, Any]]:
    """A bug: log it with the request id, tell the caller nothing internal."""
    _log.exception("unexpected error", extra={"request_id": request_id_of(request.scope)})
    return problem(request, 500, "Internal error", "An unexpected error occurred.")


def _field_errors(extra: Any) -> list[dict[str, str]]:
    if not isinstance(extra, list):
        return []
    found = []
    for item in extra:
        if isinstance(item, dict) and "message" in item:
            found.append({"field": str(item.get("key") or "body"), "reason": str(item["message"])})
    return found


def _malformed_detail(error: ValidationException) -> str:
    detail = str(error.detail)
    if "JSON" in detail or "decode" in detail.lower():
        return "The body is not valid JSON."
    return detail


def _title(status: int) -> str:
    return {
        400: "Malformed request",
        401: "Unauthorized",
        404: "Not found",
        405: "Method not allowed",
        413: "Request body too large",
        415: "Unsupported media type",
        429: "Too many requests",
    }.get(status, "Request error")
