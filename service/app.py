"""create_app(): wiring only. Everything is built here so tests can pass their own parts."""

from __future__ import annotations

import httpx
from litestar import Litestar
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig

from service.access_log import access_log_middleware, configure_logging
from service.api import healthz, readyz, structure_article
from service.errors import StructureError
from service.extract import ModelClient
from service.problems import (
    http_error_handler,
    structure_error_handler,
    undecodable_body_handler,
    unexpected_error_handler,
)
from service.prompts import load_prompts
from service.settings import Settings
from service.structurer import Structurer


def create_app(
    settings: Settings | None = None, http_client: httpx.AsyncClient | None = None
) -> Litestar:
    """Build the service; `http_client` lets tests put a replay transport under the model client."""
    settings = settings or Settings()
    configure_logging()
    client = ModelClient(settings, http_client)
    structurer = Structurer(settings, client, load_prompts())
    return Litestar(
        route_handlers=[structure_article, healthz, readyz],
        dependencies={
            "settings": Provide(lambda: settings, sync_to_thread=False),
            "structurer": Provide(lambda: structurer, sync_to_thread=False),
        },
        exception_handlers={
            StructureError: structure_error_handler,
            HTTPException: http_error_handler,
            UnicodeDecodeError: undecodable_body_handler,
            Exception: unexpected_error_handler,
        },
        middleware=[access_log_middleware],
        request_max_body_size=settings.max_body_bytes,
        on_shutdown=[client.close],
        openapi_config=OpenAPIConfig(
            title="Fact structuring service", version="1.0.0", path="/schema"
        ),
    )
