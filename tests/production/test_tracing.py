"""Traces, opt-in: the request, the queue wait, each model call and grounding, and traceparent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import AsyncTestClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from service.app import create_app
from service.http.tracing import provider_from_environment, tracing_requested
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel


@pytest.fixture
def exported() -> Iterator[tuple[TracerProvider, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider, exporter
    provider.shutdown()


def by_name(spans: tuple[ReadableSpan, ...], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


async def test_a_request_is_traced_from_the_server_span_to_each_model_call(
    fake_model: FakeModel, exported: tuple[TracerProvider, InMemorySpanExporter]
) -> None:
    provider, exporter = exported
    app = create_app(settings_for(fake_model, strategy="single"), tracer_provider=provider)
    async with AsyncTestClient(app) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200
    spans = exporter.get_finished_spans()
    (server,) = by_name(spans, "POST /structure")
    (queue_wait,) = by_name(spans, "structure.queue_wait")
    (find,) = by_name(spans, "structure.find")
    (ground,) = by_name(spans, "structure.ground")
    asks = by_name(spans, "model.ask")
    attempts = by_name(spans, "POST")  # the HTTP client's span of each attempt
    assert len(asks) == len(attempts) == len(fake_model.requests) >= 1
    # one trace, and each span under the one it belongs to
    assert server.context is not None
    trace_id = server.context.trace_id
    assert {span.context.trace_id for span in spans if span.context} == {trace_id}
    for child in (queue_wait, find, ground):
        assert child.parent is not None
        assert child.parent.span_id == server.context.span_id
    ask_ids = set()
    for ask in asks:
        assert ask.parent is not None
        assert find.context is not None
        assert ask.parent.span_id == find.context.span_id
        assert ask.context is not None
        ask_ids.add(ask.context.span_id)
    # each HTTP attempt sits under a model.ask
    assert all(a.parent is not None and a.parent.span_id in ask_ids for a in attempts)
    assert ground.attributes is not None
    assert ground.attributes["factstructure.dropped_ungrounded"] == 0
    # traceparent reached the model: this trace, the HTTP attempt's span as parent
    sent = [seen.headers.get("traceparent", "") for seen in fake_model.requests]
    attempt_ids = {f"{a.context.span_id:016x}" for a in attempts if a.context}
    for header in sent:
        version, header_trace, parent, _ = header.split("-")
        assert (version, header_trace) == ("00", f"{trace_id:032x}")
        assert parent in attempt_ids


async def test_without_otel_variables_nothing_is_traced_or_propagated(
    fake_model: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SDK_DISABLED"):
        monkeypatch.delenv(name, raising=False)
    async with serve(settings_for(fake_model, strategy="single")) as client:
        assert (await client.post("/structure", json={"text": ARTICLE})).status_code == 200
    assert fake_model.requests
    assert all("traceparent" not in seen.headers for seen in fake_model.requests)


@pytest.mark.parametrize(
    ("environ", "on"),
    [
        ({}, False),
        ({"OTEL_SERVICE_NAME": "x"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, True),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x"}, False),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, False),
    ],
)
def test_the_standard_variables_switch_tracing(environ: dict[str, str], on: bool) -> None:
    assert tracing_requested(environ) is on


def test_a_provider_from_the_variables_names_the_service_and_its_version() -> None:
    provider = provider_from_environment({"OTEL_TRACES_EXPORTER": "console"})
    assert provider is not None
    try:
        attributes = provider.resource.attributes
        assert attributes["service.name"] == "factstructure"
        assert attributes["service.version"]
    finally:
        provider.shutdown()
    assert provider_from_environment({}) is None
