"""One JSON log line per request: id, status, latency, model work, cache, retries.

The middleware also binds the request id in structlog's context for the request's
whole life, so every line written while handling it carries the same id.

Article text appears only when STRUCTURE_LOG_ARTICLE_TEXT is on (the handler
decides, by putting it into the request's StructureWork); API keys never do, only
their fingerprint.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.http.auth import CLIENT_STATE_KEY
from service.http.lifecycle import CLIENT_CLOSED, client_left
from service.http.request_ids import request_id_of
from service.http.work import work_of

_log = structlog.get_logger("service.access")


def access_log_middleware(app: ASGIApp) -> ASGIApp:
    """Wrap the app so that every HTTP request leaves one access line."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        began = time.perf_counter()
        request_id = request_id_of(scope)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-request-id" for name, _ in headers):
                    headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await app(scope, receive, send_with_id)
            finally:
                _log_access(scope, CLIENT_CLOSED if client_left(scope) else status, began)

    return middleware


def _log_access(scope: Scope, status: int, began: float) -> None:
    """The request's access line: what was asked, what was answered, what the model did."""
    state = scope.get("state", {})
    work = work_of(scope)
    extra: dict[str, Any] = {
        "method": scope.get("method"),
        "path": scope.get("path"),
        "status": status,
        "latency_ms": round((time.perf_counter() - began) * 1000),
    }
    if state.get(CLIENT_STATE_KEY):
        extra["client"] = state[CLIENT_STATE_KEY]
    if work is not None:
        extra.update(work.log_fields())
    _log.info("request", **extra)
