"""Optional API keys on the routes that spend model time; health and metrics stay open."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from service.core.errors import Unauthorized

# Route handlers opt in with `opt={PROTECTED: True}`; the guards skip everything else.
PROTECTED = "protected"
CLIENT_STATE_KEY = "client"


def presented_key(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The key from `Authorization: Bearer <key>` or else `X-API-Key`, if any."""
    authorization = connection.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    key = connection.headers.get("x-api-key", "").strip()
    return key or None


def key_fingerprint(key: str) -> str:
    """A name for a key that is safe to log and to key rate limits by."""
    return "key:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


class ApiKeyGuard:
    """Lets a protected request through only with one of the configured keys."""

    def __init__(self, keys: frozenset[str]) -> None:
        self._keys = [key.encode("utf-8") for key in sorted(keys)]

    def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler
    ) -> None:
        """Raise Unauthorized unless the request carries a valid key."""
        if not route_handler.opt.get(PROTECTED):
            return
        key = presented_key(connection)
        if key is None:
            raise Unauthorized(
                "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
            )
        candidate = key.encode("utf-8")
        # Compare against every key, so the time taken says nothing about which one is close.
        matched = False
        for known in self._keys:
            matched |= hmac.compare_digest(candidate, known)
        if not matched:
            raise Unauthorized("The API key is not valid.")
        connection.scope["state"][CLIENT_STATE_KEY] = key_fingerprint(key)
