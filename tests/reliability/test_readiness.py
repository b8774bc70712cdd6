"""/readyz is ready while the model answers or works, even if it holds /v1/models meanwhile.

The fixture model never lists its models (as llama-cpp-python's server, busy
generating, holds the listing): only the calls it answers show it up.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.model.liveness import Liveness
from tests.api.test_model_faults import ARTICLE, GOOD_SINGLE, single_settings
from tests.conftest import completion_body
from tests.production.conftest import live_service


class BusyModel(httpx.AsyncBaseTransport):
    """Answers chat calls (each once `release` is set); the model listing always times out.

    Threading events: the live service runs on its own thread's loop.
    """

    def __init__(self) -> None:
        self.release = threading.Event()
        self.release.set()
        self.asked = threading.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Time out the listing; answer a chat call when released."""
        if request.url.path.endswith("/models"):
            raise httpx.ReadTimeout("the server is busy generating", request=request)
        self.asked.set()
        while not self.release.is_set():
            await asyncio.sleep(0.01)
        return httpx.Response(200, json=completion_body(json.dumps(GOOD_SINGLE)))


def _app(model: BusyModel) -> Any:
    return create_app(single_settings(), http_client=httpx.AsyncClient(transport=model))


async def test_readyz_is_503_before_the_model_has_shown_itself_up() -> None:
    async with AsyncTestClient(_app(BusyModel())) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503


async def test_readyz_is_ready_after_a_call_answered_though_the_listing_times_out() -> None:
    async with AsyncTestClient(_app(BusyModel())) as client:
        answered = await client.post("/structure", json={"text": ARTICLE})
        ready = await client.get("/readyz")
    assert answered.status_code == 200, answered.text
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ready"


def test_readyz_is_ready_while_a_call_is_still_at_work() -> None:
    model = BusyModel()
    model.release.clear()
    settings = single_settings()
    with live_service(settings, http_client=httpx.AsyncClient(transport=model)) as url:
        answered: list[int] = []
        structuring = threading.Thread(
            target=lambda: answered.append(
                httpx.post(f"{url}/structure", json={"text": ARTICLE}, timeout=30).status_code
            )
        )
        structuring.start()
        try:
            assert model.asked.wait(10), "the model was asked"
            ready = httpx.get(f"{url}/readyz", timeout=10)
        finally:
            model.release.set()
            structuring.join(30)
    assert ready.status_code == 200, ready.text
    assert answered == [200]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_older_than_the_window_no_longer_shows_the_model_up() -> None:
    clock = Clock()
    liveness = Liveness(window_s=5, clock=clock)
    with liveness.calling():
        pass
    clock.now += 5
    assert liveness.shown()
    clock.now += 0.1
    assert not liveness.shown()


def test_a_call_running_longer_than_the_window_no_longer_shows_the_model_up() -> None:
    clock = Clock()
    liveness = Liveness(window_s=5, clock=clock)
    with liveness.calling():
        clock.now += 4
        assert liveness.shown()
        clock.now += 2
        assert not liveness.shown()


def test_a_failed_call_shows_nothing() -> None:
    liveness = Liveness(window_s=5)
    with pytest.raises(RuntimeError), liveness.calling():
        raise RuntimeError("the model failed")
    assert not liveness.shown()
