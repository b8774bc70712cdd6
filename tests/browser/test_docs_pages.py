"""The API docs pages render in headless Chromium with every request off loopback refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.settings import Settings
from tests.browser.conftest import OfflinePage
from tests.production.conftest import live_service

TITLE = "Fact structuring service"


@pytest.fixture(scope="module")
def service_url() -> Iterator[str]:
    # The docs never call the model, so none is running.
    with live_service(Settings(model_base_url="http://127.0.0.1:9/v1")) as url:
        yield url


def test_swagger_ui_renders_every_operation_offline(
    offline_page: OfflinePage, service_url: str
) -> None:
    page = offline_page.page
    page.goto(f"{service_url}/schema/swagger")
    page.wait_for_selector(".swagger-ui .info .title")
    assert TITLE in (page.text_content(".swagger-ui .info .title") or "")
    paths = page.eval_on_selector_all(
        ".opblock .opblock-summary-path", "nodes => nodes.map(n => n.dataset.path)"
    )
    assert {"/structure", "/healthz", "/readyz"} <= set(paths)
    offline_page.screenshot("docs-swagger.png")
    assert offline_page.refused == []


def test_redoc_renders_at_the_docs_root_offline(
    offline_page: OfflinePage, service_url: str
) -> None:
    page = offline_page.page
    page.goto(f"{service_url}/schema")
    page.wait_for_selector(".api-info h1")
    assert TITLE in (page.text_content(".api-info h1") or "")
    assert page.locator("[data-section-id^='operation/']").count() >= 3
    offline_page.screenshot("docs-redoc.png", full_page=False)
    assert offline_page.refused == []
