"""Property-based tests from the service's own OpenAPI: no 5xx, every response as documented.

Schemathesis generates requests (valid and invalid) from the OpenAPI document
and checks each response against it. The service runs under uvicorn on
loopback with the fake model behind it, answering every request validly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service.app import create_app
from service.settings import Settings
from tests.production.conftest import live_service, settings_for
from tests.support.fake_model import FakeModel

# Loaded from the app object itself: the document /schema/openapi.json serves.
# (Schemathesis's lazy fixture loader does not work on pytest 9, hence no from_fixture.)
SCHEMA = schemathesis.openapi.from_dict(
    create_app(Settings(model_base_url="http://model.invalid/v1")).openapi_schema.to_schema()
)


@pytest.fixture(scope="module")
def service_url() -> Iterator[str]:
    """The service on loopback, backed by the fake model, for every generated case."""
    with FakeModel() as fake:
        # Long enough for the document's own examples (the seed article), which are sent too.
        app_settings = settings_for(
            fake, max_text_chars=10_000, max_body_bytes=20_000, cache_size=0
        )
        with live_service(app_settings) as url:
            yield url


@SCHEMA.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_response_matches_the_openapi(case: schemathesis.Case[Any], service_url: str) -> None:
    case.call_and_validate(base_url=service_url)
