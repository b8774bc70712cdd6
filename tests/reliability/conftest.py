"""The fake model, as the production tests have it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_model import FakeModel


@pytest.fixture
def fake_model() -> Iterator[FakeModel]:
    """A fake OpenAI-compatible server on 127.0.0.1, on an ephemeral port, for one test."""
    with FakeModel() as fake:
        yield fake
