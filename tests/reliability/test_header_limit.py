"""A request head over STRUCTURE_MAX_HEADER_BYTES is refused and its connection closed.

h11's own limit (`h11_max_incomplete_event_size`) counts only a head still
incomplete after a read: a larger head that arrives whole in one read passed it.
"""

from __future__ import annotations

import socket
import time

import pytest

from tests.production.conftest import live_service, settings_for
from tests.production.test_connections import raw_connection, read_all
from tests.support.fake_model import FakeModel

LIMIT = 16_384


def head(size: int) -> bytes:
    """A GET /healthz head of exactly `size` bytes, padded by one header."""
    start = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nx-padding: "
    end = b"\r\n\r\n"
    return start + b"a" * (size - len(start) - len(end)) + end


def refused_and_closed(answered: bytes) -> bool:
    return answered.startswith((b"HTTP/1.1 431", b"HTTP/1.1 400"))


@pytest.mark.parametrize("size", [20_000, 100_000], ids=["20-kb", "100-kb"])
def test_a_head_over_the_limit_in_one_write_is_a_431_and_the_connection_closes(
    fake_model: FakeModel, size: int
) -> None:
    settings = settings_for(fake_model, max_header_bytes=LIMIT)
    with live_service(settings) as url, raw_connection(url) as connection:
        connection.sendall(head(size))
        answered = read_all(connection)  # returns only once the server closes
    assert answered.startswith(b"HTTP/1.1 431"), answered[:80]
    assert b"connection: close" in answered.lower()


def test_a_head_over_the_limit_trickled_is_refused_and_the_connection_closes(
    fake_model: FakeModel,
) -> None:
    settings = settings_for(fake_model, max_header_bytes=LIMIT)
    with live_service(settings) as url, raw_connection(url) as connection:
        whole = head(20_000)
        try:
            for at in range(0, len(whole), 2048):
                connection.sendall(whole[at : at + 2048])
                time.sleep(0.005)
        except (BrokenPipeError, ConnectionResetError):
            pass  # closed part-way, as it should be
        answered = read_all(connection)
    assert refused_and_closed(answered), answered[:80]


def test_a_head_within_the_limit_is_served(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, max_header_bytes=LIMIT)
    with live_service(settings) as url, raw_connection(url) as connection:
        connection.sendall(head(LIMIT - 512))
        connection.shutdown(socket.SHUT_WR)
        answered = read_all(connection)
    assert answered.startswith(b"HTTP/1.1 200"), answered[:80]
