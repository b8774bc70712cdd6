"""Prometheus metrics: what the service did, counted per request and per model attempt.

Each app has its own registry, so several apps in one process (tests) do not
collide. With several worker processes, `python -m service` sets
PROMETHEUS_MULTIPROC_DIR and /metrics adds up every worker's files.
"""

from __future__ import annotations

import os
import time

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from service.http.lifecycle import CLIENT_CLOSED, client_left
from service.http.work import StructureWork, work_of

# Requests take from milliseconds (cache hits, rejections) to minutes (a small
# local model on a long article).
_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
_UNMATCHED = "unmatched"


class ServiceMetrics:
    """The service's counters, histograms and gauges, in one registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "structure_http_requests",
            "HTTP requests answered, by route and status.",
            ["method", "route", "status"],
            registry=r,
        )
        self.request_seconds = Histogram(
            "structure_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["route"],
            buckets=_SECONDS,
            registry=r,
        )
        self.model_call_seconds = Histogram(
            "structure_model_call_duration_seconds",
            "Time of one HTTP attempt at the model, by outcome (status, timeout, error).",
            ["outcome"],
            buckets=_SECONDS,
            registry=r,
        )
        self.model_calls = Counter(
            "structure_model_calls", "Model answers received (re-asks included).", registry=r
        )
        self.tokens = Counter(
            "structure_model_tokens", "Tokens spent at the model.", ["kind"], registry=r
        )
        self.retries = Counter(
            "structure_model_retries",
            "Model attempts beyond the first per question (HTTP retries and re-asks).",
            registry=r,
        )
        self.cache_lookups = Counter(
            "structure_cache_lookups", "Result cache lookups, by result.", ["result"], registry=r
        )
        self.ungrounded = Counter(
            "structure_ungrounded_records_dropped",
            "Model records dropped because the article does not contain them.",
            registry=r,
        )
        self.slots_active = Gauge(
            "structure_model_slots_active",
            "Requests holding a model slot.",
            multiprocess_mode="livesum",
            registry=r,
        )
        self.queue_depth = Gauge(
            "structure_model_queue_depth",
            "Requests waiting for a model slot.",
            multiprocess_mode="livesum",
            registry=r,
        )

    def observe_attempt(self, seconds: float, outcome: str) -> None:
        """One HTTP attempt at the model finished (or failed) after `seconds`."""
        self.model_call_seconds.labels(outcome=outcome).observe(seconds)

    def observe_gate(self, active: int, queued: int) -> None:
        """The model gate's occupancy changed."""
        self.slots_active.set(active)
        self.queue_depth.set(queued)

    def observe_request(
        self, method: str, route: str, status: int, seconds: float, work: StructureWork | None
    ) -> None:
        """One HTTP request was answered."""
        self.requests.labels(method=method, route=route, status=str(status)).inc()
        self.request_seconds.labels(route=route).observe(seconds)
        if work is None:
            return
        self.model_calls.inc(work.meter.calls)
        self.tokens.labels(kind="prompt").inc(work.meter.prompt_tokens)
        self.tokens.labels(kind="completion").inc(work.meter.completion_tokens)
        self.retries.inc(work.meter.retries)
        self.ungrounded.inc(work.dropped_ungrounded)
        if work.cache is not None:
            self.cache_lookups.labels(result=work.cache).inc()

    def exposition(self) -> tuple[bytes, str]:
        """The text format and its content type; every worker's numbers in multiprocess mode."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def metrics_middleware(app: ASGIApp, metrics: ServiceMetrics) -> ASGIApp:
    """Count and time every HTTP request into `metrics` (wire with DefineMiddleware)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 500

        async def send_watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_watching)
        finally:
            metrics.observe_request(
                method=str(scope.get("method", "")),
                route=str(scope.get("path_template") or _UNMATCHED),
                status=CLIENT_CLOSED if client_left(scope) else status,
                seconds=time.perf_counter() - began,
                work=work_of(scope),
            )

    return middleware
