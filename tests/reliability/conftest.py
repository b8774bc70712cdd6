"""The fake model, as the production tests have it, and a redis-server a test can kill."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.redis_server import RestartableRedis
from tests.support.fake_model import FakeModel


@pytest.fixture
def fake_model() -> Iterator[FakeModel]:
    """A fake OpenAI-compatible server on 127.0.0.1, on an ephemeral port, for one test."""
    with FakeModel() as fake:
        yield fake


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RestartableRedis]:
    """A redis-server on loopback that the test may kill and start again; gone after it."""
    server = RestartableRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()
