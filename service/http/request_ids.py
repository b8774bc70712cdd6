"""One id per request, shared by the response body, its header and its log line."""

from __future__ import annotations

import re
import uuid
from typing import Any

_CALLER_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_STATE_KEY = "request_id"


def request_id_of(scope: Any) -> str:
    """The caller's X-Request-ID if it is sane, else a fresh id; the same for the whole request."""
    state: dict[str, Any] = scope.setdefault("state", {})
    if _STATE_KEY not in state:
        supplied = ""
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                supplied = value.decode("latin-1")
        state[_STATE_KEY] = supplied if _CALLER_ID.fullmatch(supplied) else uuid.uuid4().hex
    return str(state[_STATE_KEY])
