"""Deliver a finished job to its callback_url: signed, and retried with back-off.

The receiver checks `X-Structure-Signature: sha256=<hex>`, an HMAC-SHA256 of
the exact body under the shared secret (STRUCTURE_JOB_CALLBACK_SECRET).
Retries use tenacity's exponential back-off rather than a hand-rolled loop.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from urllib.parse import urlsplit

import httpx
from tenacity import AsyncRetrying, RetryError, stop_after_attempt, wait_exponential

from service.core.errors import BadArticle, CallbackRefused
from service.jobs.records import JobView
from service.settings import DEFAULT_PORTS, Settings

SIGNATURE_HEADER = "X-Structure-Signature"
_log = logging.getLogger("service.jobs")


def signature(secret: str, body: bytes) -> str:
    """The signature header's value for `body`."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def check_callback_url(url: str, settings: Settings) -> None:
    """Refuse a callback_url unless callbacks are configured and its host is allowed."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise BadArticle(f"callback_url is not a URL: {error}") from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise BadArticle("callback_url must be an absolute http(s) URL.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise BadArticle(f"callback_url has no valid port: {error}") from error
    if not settings.job_callback_secret.get_secret_value():
        raise CallbackRefused("Callbacks are off: STRUCTURE_JOB_CALLBACK_SECRET is not set.")
    if (parts.scheme, parts.hostname.lower(), port) not in settings.callback_targets():
        raise CallbackRefused(
            f"callback_url {parts.scheme}://{parts.hostname}:{port} is not allowed "
            "(STRUCTURE_JOB_CALLBACK_HOSTS names scheme, host and port)."
        )


class CallbackSender:
    """POSTs finished jobs to their callback URLs."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None) -> None:
        self._secret = settings.job_callback_secret.get_secret_value()
        self._attempts = settings.job_callback_attempts
        self._backoff_s = settings.job_callback_backoff_s
        self._client = client or httpx.AsyncClient(timeout=10.0, follow_redirects=False)

    async def deliver(self, url: str, job: JobView) -> bool:
        """Send `job` until the receiver answers 2xx or the attempts run out; True if it did."""
        body = job.model_dump_json().encode("utf-8")
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADER: signature(self._secret, body),
            "X-Structure-Job": job.id,
        }
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self._attempts),
                wait=wait_exponential(multiplier=self._backoff_s, max=self._backoff_s * 64),
            ):
                with attempt:
                    response = await self._client.post(url, content=body, headers=headers)
                    response.raise_for_status()
        except RetryError as failed:
            _log.warning(
                "callback not delivered",
                extra={"job_id": job.id, "attempts": self._attempts, "error": repr(failed)},
            )
            return False
        return True

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._client.aclose()
