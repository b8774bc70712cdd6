"""Per-client rate limit on the routes that spend model time, and the RateLimit-* fields.

A client is the API key (by its keyed fingerprint) when keys are set, else the
client address; the window is `service.http.shared_limits.Allowance`'s. Every
metered response carries the limit in the fields of
draft-ietf-httpapi-ratelimit-headers-06: `RateLimit-Limit`, `RateLimit-Remaining`,
`RateLimit-Reset` (seconds until the oldest counted request leaves the window and
frees a slot) and `RateLimit-Policy` (`<limit>;w=60`); a 429 adds `Retry-After`.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.core.errors import RateLimited
from service.http.auth import LIMIT_STATE_KEY, PROTECTED, client_address
from service.http.shared_limits import Allowance, Verdict

# Routes that spend no model time (reading or cancelling a job) opt out of the limit,
# so polling a job does not use up the allowance for submitting work.
UNMETERED = "unmetered"
VERDICT_STATE_KEY = "rate_limit"


class RateLimitGuard:
    """Answers 429 with Retry-After once a client has used up its allowance."""

    def __init__(self, allowance: Allowance) -> None:
        self._allowance = allowance

    async def __call__(
        self, connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler
    ) -> None:
        """Raise RateLimited when the client has no request left in its window."""
        if not route_handler.opt.get(PROTECTED) or route_handler.opt.get(UNMETERED):
            return
        state = connection.scope["state"]
        client = state.get(LIMIT_STATE_KEY) or client_address(connection)
        verdict = await self._allowance.spend(client)
        state[VERDICT_STATE_KEY] = verdict
        if not verdict.allowed:
            raise RateLimited(
                f"More than {verdict.limit} requests a minute from this client; "
                f"retry in {verdict.reset_s} s.",
                retry_after_s=verdict.reset_s,
            )


def rate_limit_headers_middleware(app: ASGIApp) -> ASGIApp:
    """Add the RateLimit-* fields to every response the rate limit counted, errors included."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            verdict = scope.get("state", {}).get(VERDICT_STATE_KEY)
            if message["type"] == "http.response.start" and isinstance(verdict, Verdict):
                headers = [*message.get("headers", []), *verdict.headers()]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_limits)

    return middleware
