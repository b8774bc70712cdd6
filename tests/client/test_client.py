"""The Python client: Retry-After honoured, errors as problems, jobs submitted and collected."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from service.client import AsyncClient, Client, ServiceError
from service.core.problems import Problem
from service.core.records import Meta, StructureResponse, Usage
from tests.production.conftest import ARTICLE, live_service, settings_for
from tests.support.fake_model import FakeModel, server_error


def _scripted(*responses: httpx.Response) -> tuple[list[httpx.Request], Any]:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return responses[min(len(sent), len(responses)) - 1]

    return sent, handle


def _problem(status: int, **headers: str) -> httpx.Response:
    body = {
        "title": "Busy",
        "status": status,
        "detail": "later",
        "instance": "/",
        "request_id": "r",
    }
    return httpx.Response(status, json=body, headers=headers)


STRUCTURED = StructureResponse(
    claims=[],
    denials=[],
    statistics=[],
    meta=Meta(
        model="m",
        prompt_version="p",
        latency_ms=1,
        usage=Usage(),
        llm_calls=1,
        cache="miss",
        dropped_ungrounded=0,
        url=None,
        request_id="r",
        strategy="single",
    ),
).model_dump(mode="json")


def test_client_waits_what_retry_after_says_then_succeeds() -> None:
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    sent, handle = _scripted(
        _problem(429, **{"Retry-After": "7"}),
        _problem(503, **{"Retry-After": later}),
        httpx.Response(200, json=STRUCTURED),
    )
    slept: list[float] = []
    with Client(
        "http://service.test", transport=httpx.MockTransport(handle), sleep=slept.append
    ) as client:
        response = client.structure({"text": "An article."})
    assert isinstance(response, StructureResponse)
    assert len(sent) == 3
    assert slept[0] == 7
    assert 25 < slept[1] <= 30, "an HTTP-date Retry-After is the time until that date"


def test_client_backs_off_without_retry_after_and_caps_the_wait() -> None:
    _, handle = _scripted(
        _problem(503),
        _problem(503),
        _problem(429, **{"Retry-After": "900"}),
        httpx.Response(200, json=STRUCTURED),
    )
    slept: list[float] = []
    with Client(
        "http://service.test",
        transport=httpx.MockTransport(handle),
        sleep=slept.append,
        backoff_s=0.5,
        max_retry_wait_s=60,
    ) as client:
        client.structure({"text": "An article."})
    assert slept == [0.5, 1.0, 60]


def test_client_gives_up_after_its_retries_with_the_services_problem() -> None:
    sent, handle = _scripted(_problem(503, **{"Retry-After": "1"}))
    slept: list[float] = []
    with (
        Client(
            "http://service.test",
            transport=httpx.MockTransport(handle),
            sleep=slept.append,
            retries=2,
        ) as client,
        pytest.raises(ServiceError) as raised,
    ):
        client.structure({"text": "An article."})
    assert len(sent) == 3
    assert slept == [1, 1]
    assert raised.value.status == 503
    assert raised.value.problem["detail"] == "later"


def test_client_does_not_retry_a_bad_article() -> None:
    sent, handle = _scripted(_problem(422))
    with Client("http://service.test", transport=httpx.MockTransport(handle)) as client:
        with pytest.raises(ServiceError) as raised:
            client.structure({"text": "An article."})
        with pytest.raises(ValidationError, match="body"):
            client.structure({"text": "An article.", "body": "a typo'd field"})
    assert raised.value.status == 422
    assert len(sent) == 1


async def test_async_client_honours_retry_after() -> None:
    _, handle = _scripted(
        _problem(429, **{"Retry-After": "3"}), httpx.Response(200, json=STRUCTURED)
    )
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async with AsyncClient(
        "http://service.test", transport=httpx.MockTransport(handle), sleep=sleep
    ) as client:
        response = await client.structure({"text": "An article."})
    assert response.claims == []
    assert slept == [3]


@pytest.fixture
def service(fake_model: FakeModel) -> Iterator[str]:
    """The service on loopback, jobs in-process, over the fake model."""
    with live_service(settings_for(fake_model, strategy="single", max_retries=0)) as url:
        yield url


def test_submit_wait_and_iter_results_against_the_service(
    fake_model: FakeModel, service: str
) -> None:
    articles = [{"text": f"{ARTICLE} {n}"} for n in range(3)]
    with Client(service, poll_interval_s=0.05) as client:
        accepted = client.submit(articles[0])
        finished = client.wait(accepted.id, timeout_s=20)
        again = client.submit(articles[0])
        fake_model.script(server_error())
        collected = dict(client.iter_results(articles[1:]))
    assert finished.status == "done"
    assert finished.progress.done == 1
    assert again.id == accepted.id
    assert sorted(collected) == [0, 1]
    kinds = sorted(type(result).__name__ for result in collected.values())
    assert kinds == [Problem.__name__, StructureResponse.__name__]
