"""Metrics move with the work done; the access log says what happened and never the article."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

import service.app as app_module
from service.http import access_log
from service.http.access_log import JsonFormatter
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel, answer, rate_limited, server_error, ungrounded

MARKER = "Zanzibar-quokka-7731"
SECRET_ARTICLE = f"{ARTICLE} The spokesman for {MARKER} said 12 ships sank."


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus exposition, by name and sorted labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


async def test_counters_move_with_requests_retries_cache_and_drops(
    fake_model: FakeModel,
) -> None:
    settings = settings_for(fake_model, strategy="single", http_retries=1)
    # first request: one 429 retried after 10 ms, then an answer with invented records
    fake_model.script(rate_limited(retry_after_s=1, retry_after_ms=10), ungrounded())
    async with serve(settings) as client:
        before = (await client.get("/metrics")).text
        first = await client.post("/structure", json={"text": ARTICLE})
        fake_model.default = answer()
        hit = await client.post("/structure", json={"text": ARTICLE})
        fake_model.default = server_error()
        failed = await client.post("/structure", json={"text": f"{ARTICLE} Again."})
        metrics = await client.get("/metrics")
    assert (first.status_code, hit.status_code, failed.status_code) == (200, 200, 502)
    assert metrics.headers["content-type"].startswith("text/plain")
    after = metrics.text
    route = {"method": "POST", "route": "/structure"}
    assert value(before, "structure_http_requests_total", status="200", **route) == 0
    assert value(after, "structure_http_requests_total", status="200", **route) == 2
    assert value(after, "structure_http_requests_total", status="502", **route) == 1
    assert value(after, "structure_http_request_duration_seconds_count", route="/structure") == 3
    assert value(after, "structure_model_call_duration_seconds_count", outcome="429") == 1
    assert value(after, "structure_model_call_duration_seconds_count", outcome="200") == 1
    assert value(after, "structure_model_call_duration_seconds_count", outcome="500") == 2
    # one 429 retried for the first request, one 500 retried for the failed one
    assert value(after, "structure_model_retries_total") == 2
    assert value(after, "structure_model_calls_total") == 1
    assert value(after, "structure_model_tokens_total", kind="prompt") > 0
    assert value(after, "structure_model_tokens_total", kind="completion") > 0
    assert value(after, "structure_cache_lookups_total", result="hit") == 1
    assert value(after, "structure_cache_lookups_total", result="miss") == 1
    assert value(after, "structure_ungrounded_records_dropped_total") == 2
    assert value(after, "structure_model_slots_active") == 0
    assert value(after, "structure_model_queue_depth") == 0


async def test_unmatched_paths_do_not_create_a_series_each(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model)) as client:
        for n in range(3):
            assert (await client.get(f"/no/such/path/{n}")).status_code == 404
        text = (await client.get("/metrics")).text
    assert "/no/such/path" not in text


class Captured(logging.Handler):
    """Keeps every record the service logs, rendered as its JSON line."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(JsonFormatter().format(record))


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[Captured]:
    """Every log line at INFO and above, from the service and every library under it."""
    handler = Captured()
    configure = access_log.configure_logging

    def configure_and_capture(level: str = "INFO") -> None:
        configure(level)  # replaces the service logger's handlers, so add ours after
        logging.getLogger("service").addHandler(handler)

    monkeypatch.setattr(app_module, "configure_logging", configure_and_capture)
    root = logging.getLogger()
    root_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.setLevel(root_level)
        root.removeHandler(handler)
        logging.getLogger("service").removeHandler(handler)


def access_lines(handler: Captured) -> list[dict[str, Any]]:
    return [json.loads(line) for line in handler.lines if '"service.access"' in line]


async def test_access_log_has_ids_model_work_retries_and_cache(
    fake_model: FakeModel, captured: Captured
) -> None:
    fake_model.script(rate_limited(retry_after_s=1, retry_after_ms=10))
    settings = settings_for(fake_model, strategy="single", http_retries=1)
    async with serve(settings) as client:
        miss = await client.post("/structure", json={"text": ARTICLE})
        hit = await client.post("/structure", json={"text": ARTICLE})
    lines = access_lines(captured)
    assert [line["request_id"] for line in lines] == [
        miss.headers["x-request-id"],
        hit.headers["x-request-id"],
    ]
    first, second = lines
    assert first["status"] == 200
    assert first["cache"] == "miss"
    assert (first["llm_calls"], first["model_attempts"], first["retries"]) == (1, 2, 1)
    assert first["prompt_tokens"] > 0
    assert first["completion_tokens"] > 0
    assert isinstance(first["latency_ms"], int)
    assert "dropped_ungrounded" in first
    assert (second["cache"], second["llm_calls"], second["retries"]) == ("hit", 0, 0)


async def test_failed_request_log_line_carries_its_request_id_and_retries(
    fake_model: FakeModel, captured: Captured
) -> None:
    fake_model.default = server_error()
    settings = settings_for(fake_model, strategy="single", http_retries=1)
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    (line,) = access_lines(captured)
    assert line["request_id"] == response.json()["request_id"]
    assert (line["status"], line["model_attempts"], line["retries"]) == (502, 2, 1)


@pytest.mark.parametrize("fault", [None, "server_error"])
async def test_article_text_is_never_logged_by_default(
    fake_model: FakeModel, captured: Captured, fault: str | None
) -> None:
    if fault:
        fake_model.default = server_error()
    async with serve(settings_for(fake_model)) as client:
        await client.post("/structure", json={"text": SECRET_ARTICLE, "title": MARKER})
    assert captured.lines, "nothing was logged"
    for line in captured.lines:
        assert MARKER not in line


async def test_article_text_is_logged_when_the_debug_setting_is_on(
    fake_model: FakeModel, captured: Captured
) -> None:
    async with serve(settings_for(fake_model, log_article_text=True)) as client:
        await client.post("/structure", json={"text": SECRET_ARTICLE})
    (line,) = access_lines(captured)
    assert line["article_text"] == SECRET_ARTICLE


async def test_api_keys_are_never_logged(fake_model: FakeModel, captured: Captured) -> None:
    async with serve(settings_for(fake_model, api_keys=MARKER)) as client:
        await client.post(
            "/structure", json={"text": ARTICLE}, headers={"authorization": f"Bearer {MARKER}"}
        )
    (line,) = access_lines(captured)
    assert line["client"].startswith("key:")
    assert all(MARKER not in text for text in captured.lines)
