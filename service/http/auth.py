"""Optional API keys on the routes that spend model time; health and metrics stay open.

Failed attempts are throttled per client address (`STRUCTURE_AUTH_FAILURES_PER_MINUTE`):
past the allowance an address gets 429 with Retry-After, even with a right key,
until the window frees a slot, so keys cannot be guessed at the request rate.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from service.core.errors import RateLimited, Unauthorized
from service.http.shared_limits import Allowance

# Route handlers opt in with `opt={PROTECTED: True}`; the guards skip everything else.
PROTECTED = "protected"
CLIENT_STATE_KEY = "client"  # the key's fingerprint, for logs, job owners and cache partitions
LIMIT_STATE_KEY = "limit_client"  # the key's keyed fingerprint, which names its rate limit
_SALT = b"factstructure rate-limit names"


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The peer's address; X-Forwarded-For counts only from STRUCTURE_TRUSTED_PROXIES.

    uvicorn rewrites the peer from X-Forwarded-For only for the trusted proxies
    (`python -m service` passes them as forwarded_allow_ips, and nothing otherwise).
    """
    client = connection.client
    return "ip:" + (client.host if client else "unknown")


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
    """Lets a protected request through only with one of the configured keys.

    `failures`, if given, counts failed attempts per client address.
    """

    def __init__(self, keys: frozenset[str], failures: Allowance | None = None) -> None:
        self._keys = [key.encode("utf-8") for key in sorted(keys)]
        self._failures = failures
        # Rate limits in Redis are named by an HMAC of the key under a secret that only the
        # deployment can make (stretched from its whole key set), so Redis holds no key nor
        # anything a guess can be cheaply checked against. Made once here, per key.
        secret = hashlib.pbkdf2_hmac("sha256", b"\n".join(self._keys), _SALT, 100_000)
        self._limit_ids = {
            key: "key:" + hmac.new(secret, key, hashlib.sha256).hexdigest()[:32]
            for key in self._keys
        }

    async def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler
    ) -> None:
        """Raise Unauthorized without a valid key; RateLimited past the failed-attempt throttle."""
        if not route_handler.opt.get(PROTECTED):
            return
        address = client_address(connection)
        if self._failures is not None:
            standing = await self._failures.peek(address)
            if not standing.allowed:
                raise _throttled(standing.limit, standing.reset_s)
        key = presented_key(connection)
        if key is None or not self._known(key):
            if self._failures is not None:
                spent = await self._failures.spend(address)
                if not spent.allowed:
                    raise _throttled(spent.limit, spent.reset_s)
            if key is None:
                raise Unauthorized(
                    "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
                )
            raise Unauthorized("The API key is not valid.")
        state = connection.scope["state"]
        state[CLIENT_STATE_KEY] = key_fingerprint(key)
        state[LIMIT_STATE_KEY] = self._limit_ids[key.encode("utf-8")]

    def _known(self, key: str) -> bool:
        candidate = key.encode("utf-8")
        # Compare against every key, so the time taken says nothing about which one is close.
        matched = False
        for known in self._keys:
            matched |= hmac.compare_digest(candidate, known)
        return matched


def _throttled(limit: int, retry_after_s: int) -> RateLimited:
    return RateLimited(
        f"More than {limit} failed API-key attempts a minute from this address; "
        f"retry in {retry_after_s} s.",
        retry_after_s=retry_after_s,
    )
