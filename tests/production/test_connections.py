"""A request on its connection, over a real loopback socket: clients that leave, and slow ones.

Each test is bounded: small timeouts (0.3 s), a few sockets, nothing left running.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from tests.production.conftest import ARTICLE, live_service, settings_for
from tests.support.fake_model import FakeModel, answer, hang

SHORT_S = 0.3


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


@contextmanager
def raw_connection(url: str) -> Iterator[socket.socket]:
    with socket.create_connection(_address(url), timeout=5) as connection:
        yield connection


def post_head(body_length: int, extra_headers: str = "") -> bytes:
    return (
        "POST /structure HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        f"content-length: {body_length}\r\n{extra_headers}\r\n"
    ).encode()


def read_all(connection: socket.socket) -> bytes:
    """What the server sends until it closes the connection (at most 5 s)."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
    return received


def metric(url: str, name: str, labels: str = "") -> float:
    """One sample from /metrics, 0 if absent."""
    text = httpx.get(f"{url}/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith(f"{name}{labels}") and (labels or line[len(name)] in " {"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def wait_for(condition: Any, within_s: float) -> float:
    """Poll `condition` until true; return how long it took (or raise past `within_s`)."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > within_s:
            raise AssertionError(f"not within {within_s} s")
        time.sleep(0.02)
    return time.monotonic() - began


def test_a_client_that_leaves_frees_its_slot_within_a_second_cutting_the_call_in_flight(
    fake_model: FakeModel,
) -> None:
    fake_model.default = hang()  # the call in flight would hold the slot for 60 s
    settings = settings_for(fake_model, max_concurrent_model_calls=1, request_timeout_s=30)
    with live_service(settings) as url:
        body = json.dumps({"text": ARTICLE}).encode()
        with raw_connection(url) as connection:
            connection.sendall(post_head(len(body)) + body)
            wait_for(lambda: len(fake_model.requests) == 1, within_s=5)
            assert metric(url, "structure_model_slots_active") == 1
        took = wait_for(lambda: metric(url, "structure_model_slots_active") == 0, within_s=1)
        assert took < 1
        fake_model.default = answer()
        after = httpx.post(f"{url}/structure", json={"text": ARTICLE + " Then."}, timeout=10)
        assert after.status_code == 200
        assert (
            metric(
                url,
                "structure_http_requests_total",
                '{method="POST",route="/structure",status="499"}',
            )
            == 1
        )


def test_no_model_call_is_made_for_a_client_that_left(fake_model: FakeModel) -> None:
    fake_model.latency_s = 0.2  # focused asks several questions, one after another
    settings = settings_for(fake_model, strategy="focused")
    with live_service(settings) as url:
        body = json.dumps({"text": ARTICLE}).encode()
        with raw_connection(url) as connection:
            connection.sendall(post_head(len(body)) + body)
            wait_for(lambda: len(fake_model.requests) == 1, within_s=5)
        left_at = time.monotonic()
        time.sleep(1.0)  # five answers' worth
    after = [seen for seen in fake_model.requests if seen.at > left_at + 0.05]
    assert after == []


def test_a_client_that_hangs_up_mid_body_is_a_499_not_a_server_error(
    fake_model: FakeModel, capsys: pytest.CaptureFixture[str]
) -> None:
    with live_service(settings_for(fake_model)) as url:
        with raw_connection(url) as connection:
            connection.sendall(post_head(1000) + b'{"text": "An arti')
            time.sleep(0.1)
        labels = '{method="POST",route="/structure",status="%s"}'
        wait_for(lambda: metric(url, "structure_http_requests_total", labels % 499) == 1, 2)
        assert metric(url, "structure_http_requests_total", labels % 500) == 0
    access = [
        json.loads(line)
        for line in capsys.readouterr().err.splitlines()
        if '"service.access"' in line and '"POST"' in line
    ]
    assert [line["status"] for line in access][:1] == [499]
    assert fake_model.requests == []


def test_a_head_past_the_size_limit_is_a_431_and_the_connection_closes(
    fake_model: FakeModel,
) -> None:
    settings = settings_for(fake_model, max_header_bytes=4096)
    with live_service(settings) as url, raw_connection(url) as connection:
        # An unfinished head (the attack: megabytes of headers that never end)
        connection.sendall(b"POST /structure HTTP/1.1\r\nx-padding: " + b"a" * 8000)
        answered = read_all(connection)
    assert answered.startswith(b"HTTP/1.1 431")


def test_a_head_sent_too_slowly_is_a_408_and_the_connection_closes(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, header_read_timeout_s=SHORT_S)
    with live_service(settings) as url:
        with raw_connection(url) as dribbling:
            dribbling.sendall(b"POST /structure HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            began = time.monotonic()
            answered = read_all(dribbling)
            took = time.monotonic() - began
        assert answered.startswith(b"HTTP/1.1 408")
        assert SHORT_S * 0.9 <= took < SHORT_S + 1
        with raw_connection(url) as silent:
            assert read_all(silent) == b""  # closed, no answer owed
        # A prompt client on the same server is not affected.
        assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200


def test_a_body_sent_too_slowly_is_a_408_that_never_reaches_the_model(
    fake_model: FakeModel,
) -> None:
    settings = settings_for(fake_model, body_read_timeout_s=SHORT_S)
    with live_service(settings) as url, raw_connection(url) as connection:
        connection.sendall(post_head(100) + b'{"text": "')
        began = time.monotonic()
        answered = read_all(connection)
        took = time.monotonic() - began
    assert answered.startswith(b"HTTP/1.1 408")
    assert b"application/problem+json" in answered
    assert took < SHORT_S + 1
    assert fake_model.requests == []
