"""Metrics move with the work done; the access log says what happened and never the article."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

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


class Captured:
    """Every line the service writes to stderr (its one log handler), as written."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys
        self._lines: list[str] = []

    @property
    def lines(self) -> list[str]:
        self._lines.extend(self._capsys.readouterr().err.splitlines())
        return self._lines


@pytest.fixture
def captured(capsys: pytest.CaptureFixture[str]) -> Captured:
    """The log lines of the apps the test builds: their handler writes to the captured stderr."""
    return Captured(capsys)


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


RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


async def test_one_requests_lines_are_json_with_its_request_id_and_rfc_3339_times(
    fake_model: FakeModel, captured: Captured
) -> None:
    fake_model.default = server_error()
    async with serve(settings_for(fake_model, strategy="single")) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    request_id = response.headers["x-request-id"]
    lines = [json.loads(line) for line in captured.lines]  # every line is JSON
    # One request was made: every line written carries its id. The error handler's
    # warning and the access line (instructor's own error quotes the model: silenced).
    assert {line.get("request_id") for line in lines} == {request_id}
    loggers = [line["logger"] for line in lines]
    assert set(loggers) == {"service.errors", "service.access"}
    assert loggers[-2:] == ["service.errors", "service.access"]
    for line in lines:
        assert RFC_3339.fullmatch(line["timestamp"]), line["timestamp"]
        assert list(line)[:5] == ["timestamp", "level", "logger", "event", "request_id"]


async def test_the_log_level_setting_drops_the_lines_below_it(
    fake_model: FakeModel, captured: Captured
) -> None:
    fake_model.default = server_error()
    async with serve(settings_for(fake_model, strategy="single", log_level="warning")) as client:
        await client.get("/healthz")
        await client.post("/structure", json={"text": ARTICLE})
    lines = [json.loads(line) for line in captured.lines]
    assert {(line["level"], line["logger"]) for line in lines} == {("warning", "service.errors")}


async def test_not_found_and_method_not_allowed_are_logged_and_counted(
    fake_model: FakeModel, captured: Captured
) -> None:
    async with serve(settings_for(fake_model)) as client:
        missing = await client.get("/no/such/path")
        wrong = await client.delete("/structure")
        metrics = (await client.get("/metrics")).text
    assert (missing.status_code, wrong.status_code) == (404, 405)
    logged = {(line["path"], line["status"]): line["request_id"] for line in access_lines(captured)}
    assert logged[("/no/such/path", 404)] == missing.headers["x-request-id"]
    assert logged[("/structure", 405)] == wrong.headers["x-request-id"]
    assert (
        value(
            metrics, "structure_http_requests_total", method="GET", route="unmatched", status="404"
        )
        == 1
    )
    assert (
        value(
            metrics,
            "structure_http_requests_total",
            method="DELETE",
            route="unmatched",
            status="405",
        )
        == 1
    )
