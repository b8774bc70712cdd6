"""OpenTelemetry traces: off unless the standard OTEL_* variables ask for them.

What a trace holds, for one POST /structure:

    POST /structure                 server span: Litestar's OpenTelemetry plugin
      structure.queue_wait          waiting for a model slot (pipeline/gate.py)
      structure.find                the strategy's work
        model.ask                   one question to the model, re-asks included
          POST                      each HTTP attempt (opentelemetry-instrumentation-httpx),
                                    which sends `traceparent` to the model endpoint
      structure.ground              records checked against the text and assembled

Tracing is on when OTEL_TRACES_EXPORTER names an exporter other than `none`, or
when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set;
OTEL_SDK_DISABLED=true turns it off. The SDK reads the rest of the standard
variables itself (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER,
OTEL_EXPORTER_OTLP_HEADERS, OTEL_PROPAGATORS, ...). The SDK, the instrumentations
and the OTLP exporter are the `otel` extra; without it, asking for traces logs a
warning and the service runs untraced. The spans themselves use only the API,
which is a no-op without a provider.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import version as package_version
from typing import TYPE_CHECKING

import httpx
import structlog
from litestar.plugins import PluginProtocol
from opentelemetry import trace

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

INSTRUMENTATION_NAME = "factstructure"
# Probes and scrapes every few seconds would bury the traces worth reading.
UNTRACED_PATHS = ["/healthz", "/readyz", "/metrics"]

_log = structlog.get_logger("service.tracing")


def tracing_requested(environ: Mapping[str, str] = os.environ) -> bool:
    """Do the standard OTEL_* variables ask for traces?"""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporters = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporters:
        return exporters != "none"
    return bool(
        environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def provider_from_environment(environ: Mapping[str, str] = os.environ) -> TracerProvider | None:
    """An SDK provider exporting as OTEL_TRACES_EXPORTER says (otlp by default), or None.

    None when traces are not asked for, or when the `otel` extra is not installed.
    """
    if not tracing_requested(environ):
        return None
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import (
            BatchSpanProcessor,
            ConsoleSpanExporter,
            SpanExporter,
        )
    except ImportError as missing:
        _log.warning(
            "traces asked for by OTEL_* but the otel extra is not installed",
            missing=missing.name,
        )
        return None
    attributes = {SERVICE_VERSION: package_version("factstructure")}
    if not environ.get("OTEL_SERVICE_NAME"):
        attributes[SERVICE_NAME] = "factstructure"  # OTEL_RESOURCE_ATTRIBUTES may still set it
    resource = Resource.create(attributes)
    provider = TracerProvider(resource=resource)
    names = environ.get("OTEL_TRACES_EXPORTER", "otlp").lower().split(",")
    for name in (name.strip() for name in names):
        exporter: SpanExporter
        if name == "otlp":
            exporter = OTLPSpanExporter()
        elif name == "console":
            exporter = ConsoleSpanExporter()
        else:
            _log.warning("unknown OTEL_TRACES_EXPORTER entry ignored", exporter=name)
            continue
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


@dataclass(frozen=True)
class Tracing:
    """What create_app wires when traces are on: the plugin, the tracer, the model client hook."""

    provider: trace.TracerProvider
    owned: bool = False
    """Built here from OTEL_* (flushed and shut down with the app), not handed in."""

    @property
    def tracer(self) -> trace.Tracer:
        """The tracer of the service's own spans (pipeline, model)."""
        return self.provider.get_tracer(INSTRUMENTATION_NAME, package_version("factstructure"))

    def plugin(self) -> PluginProtocol:
        """Litestar's OpenTelemetry plugin: the server span of every request but the probes."""
        from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin

        return OpenTelemetryPlugin(
            OpenTelemetryConfig(
                tracer_provider=self.provider,
                exclude=UNTRACED_PATHS,
                exclude_spans=["receive", "send"],
            )
        )

    def instrument(self, http_client: httpx.AsyncClient) -> None:
        """A span per HTTP attempt at the model, and `traceparent` sent with it."""
        from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

        HTTPXClientInstrumentor.instrument_client(http_client, tracer_provider=self.provider)

    async def shutdown(self) -> None:
        """Flush the spans still batched, if the provider was built here."""
        shutdown = getattr(self.provider, "shutdown", None)
        if self.owned and callable(shutdown):
            shutdown()


def tracing_for(provider: trace.TracerProvider | None) -> Tracing | None:
    """Traces through `provider` (a test's), else as the OTEL_* variables say, else none."""
    if provider is not None:
        return Tracing(provider)
    built = provider_from_environment()
    return Tracing(built, owned=True) if built is not None else None
