"""The service on a real loopback socket to a fake model that can be told to misbehave.

The fake's answers are fixtures built from each request; they test how the
service holds up, and are never scored as model output.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.http.serving import uvicorn_options
from service.pipeline.cache import ResultCache
from service.settings import Settings
from tests.support.fake_model import FakeModel

ARTICLE = (
    "Mayor Ana Ruiz said on Monday that the bridge would open in March. "
    '"It is on budget and on time," she told reporters. '
    "The contractor, Vela Group, denied that it had asked the city for more money. "
    "The bridge cost 48 million euros, according to the city."
)


@pytest.fixture
def fake_model() -> Iterator[FakeModel]:
    """A fake OpenAI-compatible server on 127.0.0.1, on an ephemeral port, for one test."""
    with FakeModel() as fake:
        yield fake


def settings_for(fake: FakeModel, **overrides: Any) -> Settings:
    """Settings aimed at the fake that keep fault tests quick: short timeout, no HTTP retries."""
    values: dict[str, Any] = {
        "model_base_url": fake.base_url,
        "model_name": fake.model,
        "output_mode": "llama_json_schema",
        "strategy": "focused",
        "http_retries": 0,
        "max_retries": 1,
        "request_timeout_s": 5,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def serve(
    settings: Settings, cache: ResultCache | None = None
) -> AsyncIterator[AsyncTestClient[Any]]:
    """The app built by create_app (its own metered HTTP client), behind a test client."""
    async with AsyncTestClient(create_app(settings, cache=cache)) as client:
        yield client


@contextmanager
def live_service(
    settings: Settings, http_client: httpx.AsyncClient | None = None, **server_options: Any
) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1 in a thread, for truly concurrent requests.

    (The test client runs one request at a time, so it cannot fill a queue.)
    `http_client` goes to create_app, as in the replay tests; `server_options` to uvicorn.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = create_app(settings, http_client=http_client)
    options = {**uvicorn_options(settings), **server_options}
    config = uvicorn.Config(app, log_level="warning", lifespan="on", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 10 s")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()
