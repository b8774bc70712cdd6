"""Callbacks: only to allowed hosts, HMAC-SHA256 signed, retried until the receiver takes them."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.jobs.conftest import poll_until
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel

SECRET = "callback-secret-for-tests"


class Receiver:
    """A loopback HTTP server that fails the first `failures` POSTs, then records them."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.attempts = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.attempts += 1
                if receiver.attempts <= receiver.failures:
                    self.send_response(503)
                else:
                    receiver.received.append(
                        ({k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A receiver that answers 503 twice before accepting."""
    receiver = Receiver(failures=2)
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
    thread.join(5)


def _callback_settings(fake: FakeModel, **overrides: Any) -> Any:
    values = {
        "job_callback_hosts": "127.0.0.1",
        "job_callback_secret": SECRET,
        "job_callback_backoff_s": 0.05,
        **overrides,
    }
    return settings_for(fake, **values)


async def test_finished_job_is_posted_signed_after_retries(
    fake_model: FakeModel, receiver: Receiver
) -> None:
    allowed = f"127.0.0.1:{receiver.server.server_address[1]}"
    async with serve(_callback_settings(fake_model, job_callback_hosts=allowed)) as client:
        submitted = await client.post(
            "/v1/jobs", json={"text": ARTICLE, "callback_url": receiver.url}
        )
        assert submitted.status_code == 202
        await poll_until(lambda: _received(receiver), lambda count: count == 1)
        read = (await client.get(submitted.headers["location"])).json()
    [(headers, body)] = receiver.received
    assert receiver.attempts == 3
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["x-structure-signature"], expected)
    sent = json.loads(body)
    assert sent["id"] == submitted.json()["id"] == headers["x-structure-job"]
    assert sent["status"] == "done"
    assert sent["results"] == read["results"]


async def _received(receiver: Receiver) -> int:
    return len(receiver.received)


@pytest.mark.parametrize(
    ("overrides", "url", "status"),
    [
        pytest.param({}, "http://example.org/hook", 403, id="host-not-allowed"),
        pytest.param({"job_callback_secret": ""}, "http://127.0.0.1/hook", 403, id="no-secret"),
        pytest.param({"job_callback_hosts": ""}, "http://127.0.0.1/hook", 403, id="no-hosts"),
        pytest.param({}, "ftp://127.0.0.1/hook", 422, id="not-http"),
        pytest.param({}, "", 422, id="empty"),
    ],
)
async def test_callback_url_is_refused_unless_allowed_and_signable(
    fake_model: FakeModel, overrides: dict[str, Any], url: str, status: int
) -> None:
    async with serve(_callback_settings(fake_model, **overrides)) as client:
        response = await client.post("/v1/jobs", json={"text": ARTICLE, "callback_url": url})
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert fake_model.requests == []
