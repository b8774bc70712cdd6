"""One JSON log line per request: id, status, latency, model work, cache, retries.

Article text appears only when STRUCTURE_LOG_ARTICLE_TEXT is on (the handler
decides, by putting it into the request's StructureWork); API keys never do, only
their fingerprint.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.http.auth import CLIENT_STATE_KEY
from service.http.lifecycle import CLIENT_CLOSED, client_left
from service.http.request_ids import request_id_of
from service.http.work import work_of

_log = logging.getLogger("service.access")


class JsonFormatter(logging.Formatter):
    """Render a record and its extra fields as one JSON object."""

    _standard = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record, keeping extras and dropping logging's internals."""
        payload: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in self._standard})
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send the service's logs to stderr as JSON lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("service")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


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

        try:
            await app(scope, receive, send_with_id)
        finally:
            state = scope.get("state", {})
            work = work_of(scope)
            extra: dict[str, Any] = {
                "request_id": request_id,
                "method": scope.get("method"),
                "path": scope.get("path"),
                "status": CLIENT_CLOSED if client_left(scope) else status,
                "latency_ms": round((time.perf_counter() - began) * 1000),
            }
            if state.get(CLIENT_STATE_KEY):
                extra["client"] = state[CLIENT_STATE_KEY]
            if work is not None:
                extra.update(work.log_fields())
            _log.info("request", extra=extra)

    return middleware
