"""create_app(): wiring only. Everything is built here so tests can pass their own parts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from importlib.metadata import version as package_version

import httpx
from litestar import Litestar, Router
from litestar.di import Provide
from litestar.exceptions import HTTPException, ValidationException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.types import Guard
from opentelemetry.trace import TracerProvider

from service.core.errors import StructureError
from service.http.access_log import access_log_middleware
from service.http.auth import ApiKeyGuard
from service.http.docs import API_DESCRIPTION, docs_assets, docs_render_plugins
from service.http.examples import add_examples
from service.http.jobs import (
    cancel_job,
    describe_submission,
    job_options,
    read_job,
    submission_error_handler,
    submit_job,
)
from service.http.lifecycle import lifecycle_middleware
from service.http.logs import structlog_plugin
from service.http.metrics import ServiceMetrics, metrics_middleware
from service.http.openapi import state_what_models_enforce
from service.http.problems import (
    RETRY_AFTER_STATE_KEY,
    http_error_handler,
    nested_body_handler,
    structure_error_handler,
    undecodable_body_handler,
    unexpected_error_handler,
)
from service.http.rate_limit import RateLimitGuard, rate_limit_headers_middleware
from service.http.review import review_routes
from service.http.routes import healthz, metrics_text, readyz, structure_article
from service.http.shared_limits import Allowance, redis_storage
from service.http.tracing import tracing_for
from service.jobs.system import build_job_system
from service.model.metering import metered_http_client
from service.pipeline.breaker import RedisBreaker
from service.pipeline.cache import ResultCache
from service.pipeline.wiring import build_structurer, close_structurer
from service.settings import Settings
from service.text.parse import load_parser


def create_app(
    settings: Settings | None = None,
    http_client: httpx.AsyncClient | None = None,
    cache: ResultCache | None = None,
    tracer_provider: TracerProvider | None = None,
) -> Litestar:
    """Build the service.

    `http_client` lets tests put a replay transport under the model client (its
    attempts are then not metered); `cache` replaces the one the settings describe;
    `tracer_provider` turns traces on through it, whatever the OTEL_* variables say.
    """
    settings = settings or Settings()
    metrics = ServiceMetrics()
    tracing = tracing_for(tracer_provider)
    tracer = tracing.tracer if tracing is not None else None
    model_http = http_client or metered_http_client(settings, metrics.observe_attempt)
    if tracing is not None:
        tracing.instrument(model_http)
    # One breaker for this process's Redis calls (cache and limits): a hung Redis costs one
    # timeout per cool-down, not one per request.
    breaker = RedisBreaker(settings.redis_cooldown_s)
    structurer = build_structurer(
        settings,
        breaker=breaker,
        http_client=model_http,
        cache=cache,
        tracer=tracer,
        gate_observer=metrics.observe_gate,
    )
    jobs = build_job_system(settings, structurer, works=settings.job_run_in_api)
    closers: list[Callable[[], Awaitable[None]]] = []
    jobs_routes = Router(
        "/",
        route_handlers=[submit_job, job_options, read_job, cancel_job],
        request_max_body_size=settings.job_max_body_bytes,
        exception_handlers={ValidationException: submission_error_handler},
    )
    app = Litestar(
        route_handlers=[
            structure_article,
            healthz,
            readyz,
            metrics_text,
            jobs_routes,
            docs_assets(),
            *review_routes(settings),
        ],
        dependencies={
            "settings": Provide(lambda: settings, sync_to_thread=False),
            "structurer": Provide(lambda: structurer, sync_to_thread=False),
            "metrics": Provide(lambda: metrics, sync_to_thread=False),
            "jobs": Provide(lambda: jobs.manager, sync_to_thread=False),
        },
        guards=_access_guards(settings, breaker, closers),
        exception_handlers={
            StructureError: structure_error_handler,
            HTTPException: http_error_handler,
            UnicodeDecodeError: undecodable_body_handler,
            RecursionError: nested_body_handler,
            Exception: unexpected_error_handler,
        },
        # Inside the access and metrics wrappers below, so a client that left is logged as 499.
        middleware=[
            rate_limit_headers_middleware,
            DefineMiddleware(lifecycle_middleware, body_timeout_s=settings.body_read_timeout_s),
        ],
        request_max_body_size=settings.max_body_bytes,
        plugins=[
            structlog_plugin(settings.log_level),
            *([tracing.plugin()] if tracing is not None else []),
        ],
        on_startup=[jobs.start, load_parser],
        on_shutdown=[
            jobs.stop,
            partial(close_structurer, structurer),
            *closers,
            *([tracing.shutdown] if tracing is not None else []),
        ],
        openapi_config=OpenAPIConfig(
            title="Fact structuring service",
            description=API_DESCRIPTION,
            version=package_version("factstructure"),
            path="/schema",
            use_handler_docstrings=True,
            render_plugins=docs_render_plugins(),
        ),
    )
    # Around Litestar's whole handler, not per route: a 404 or 405 never reaches a
    # route's middleware, and must be logged and counted like every other answer.
    app.asgi_handler = access_log_middleware(metrics_middleware(app.asgi_handler, metrics))
    app.state[RETRY_AFTER_STATE_KEY] = settings.overload_retry_after_s
    state_what_models_enforce(app, api_keys=bool(settings.accepted_api_keys()))
    describe_submission(app)
    add_examples(app)
    return app


def _access_guards(
    settings: Settings, breaker: RedisBreaker, closers: list[Callable[[], Awaitable[None]]]
) -> list[Guard]:
    """API keys first (401, or 429 past the failed-attempt throttle), then the rate limit (429).

    Each only when configured. With Redis, one allowance across every worker and
    replica; its connection pool's closing goes into `closers`.
    """
    redis = None
    if settings.redis_url is not None and (
        settings.rate_limit_per_minute or settings.auth_failures_per_minute
    ):
        redis, pool = redis_storage(settings.redis_url.get_secret_value(), settings.redis_timeout_s)
        closers.append(pool.aclose)
    guards: list[Guard] = []
    keys = settings.accepted_api_keys()
    if keys:
        failures = None
        if settings.auth_failures_per_minute:
            failures = Allowance(settings.auth_failures_per_minute, "auth-failures", redis, breaker)
        guards.append(ApiKeyGuard(keys, failures))
    if settings.rate_limit_per_minute:
        allowance = Allowance(settings.rate_limit_per_minute, "requests", redis, breaker)
        guards.append(RateLimitGuard(allowance))
    return guards
