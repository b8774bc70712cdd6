"""The seed article through the whole service, on the real model's recorded responses."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from evals.recordings import Recording, RecordingMissing, ReplayTransport, recording_path
from service.app import create_app
from service.core.records import StructureResponse
from service.model.prompts import load_prompts
from service.settings import Settings
from tests.conftest import ROOT, SEED_ID

MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"
RECORDINGS = ROOT / "seeds" / "recordings"
# The evals send the gold file's title, so the recorded requests include it.
SEED_TITLE = "Turkey denies discussing \u2018any working group\u2019 with Russia"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def recorded(strategy: str) -> Recording:
    path = recording_path(RECORDINGS, MODEL, strategy, SEED_ID)
    if not path.exists():
        pytest.fail(f"no recording at {path}; record it with `make record CASES={SEED_ID}`")
    return Recording.load(path)


@pytest.fixture
async def seed_response(seed_text: str) -> dict[str, Any]:
    recording = recorded("focused")
    settings = Settings(
        model_base_url="http://recorded.invalid/v1",
        model_name=MODEL,
        strategy="focused",
        output_mode="llama_json_schema",
    )
    transport = ReplayTransport([recording])
    app = create_app(settings, http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        response = await client.post(
            "/structure",
            json={
                "text": seed_text,
                "title": SEED_TITLE,
                "published": "2015-10-08",
                "url": "https://x.test/a",
            },
        )
    assert response.status_code == 200, response.text
    assert transport.misses == []
    body: dict[str, Any] = response.json()
    body["_recording"] = recording
    return body


def test_recording_is_current_and_says_what_made_it() -> None:
    recording = recorded("focused")
    assert recording.prompt_version == load_prompts().version_for(recording.strategy)
    assert recording.model == MODEL
    assert dt.datetime.fromisoformat(recording.recorded_at).tzinfo is not None
    assert recording.exchanges, "a recording holds at least one real exchange"
    for exchange in recording.exchanges:
        assert "authorization" not in str(exchange).lower()


async def test_seed_response_matches_the_contract(seed_response: dict[str, Any]) -> None:
    body = dict(seed_response)
    body.pop("_recording")
    StructureResponse.model_validate(body)


async def test_every_evidence_span_is_exact(seed_response: dict[str, Any], seed_text: str) -> None:
    records = seed_response["claims"] + seed_response["denials"] + seed_response["statistics"]
    assert records, "the seed article has claims, denials and statistics"
    for record in records:
        evidence = record["evidence"]
        assert seed_text[evidence["start"] : evidence["end"]] == evidence["text"]
        if record.get("quote") is not None:
            assert record["quote"] in seed_text


async def test_ids_unique_and_rebuts_point_at_claims(seed_response: dict[str, Any]) -> None:
    ids = [r["id"] for kind in ("claims", "denials", "statistics") for r in seed_response[kind]]
    assert len(ids) == len(set(ids))
    claim_ids = {claim["id"] for claim in seed_response["claims"]}
    for denial in seed_response["denials"]:
        assert denial["rebuts"] is None or denial["rebuts"] in claim_ids


async def test_dates_are_iso_and_relative_days_resolve_before_publication(
    seed_response: dict[str, Any],
) -> None:
    published = dt.date(2015, 10, 8)
    records = seed_response["claims"] + seed_response["denials"]
    dated = [record for record in records if record["date"] is not None]
    assert dated, "the seed article names the days things were said"
    for record in dated:
        assert dt.date.fromisoformat(record["date"]) <= published
    # "on Tuesday" is the last Tuesday up to the publication day, counted here on its own.
    checked = 0
    for record in records:
        named = re.search(rf"\bon ({'|'.join(WEEKDAYS)})\b", record["evidence"]["text"])
        if named:
            back = (published.weekday() - WEEKDAYS.index(named[1])) % 7
            assert record["date"] == (published - dt.timedelta(days=back)).isoformat(), record
            checked += 1
    assert checked >= 3


async def test_meta_accounts_for_every_recorded_call(seed_response: dict[str, Any]) -> None:
    recording: Recording = seed_response["_recording"]
    meta = seed_response["meta"]
    assert meta["llm_calls"] == len(recording.exchanges)
    assert meta["usage"]["prompt_tokens"] == sum(
        e["response"]["usage"]["prompt_tokens"] for e in recording.exchanges
    )
    assert meta["prompt_version"] == load_prompts().version_for(meta["strategy"])
    assert meta["url"] == "https://x.test/a"
    assert meta["strategy"] == "focused"


async def test_a_request_without_recording_fails_saying_how_to_record() -> None:
    transport = ReplayTransport([])
    request = httpx.Request("POST", "http://recorded.invalid/v1/chat/completions", json={"a": 1})
    with pytest.raises(RecordingMissing, match="make record"):
        await transport.handle_async_request(request)
    assert len(transport.misses) == 1


def test_recordings_hold_no_shared_corpus_text() -> None:
    corpus = Path(ROOT.parent / "shared" / "corpus" / "cases")
    if not corpus.exists():
        pytest.skip("../shared/corpus is not beside this checkout")
    committed = "\n".join(p.read_text(encoding="utf-8") for p in RECORDINGS.rglob("*.json"))
    for article in corpus.glob("*.txt"):
        first_line = article.read_text(encoding="utf-8").strip().splitlines()[0][:60]
        assert first_line not in committed, article.name
