"""The OpenAPI document's seed example: the first seed article and the service's answer to it.

The answer is not written by hand: the seed is sent through the whole service
(create_app, POST /structure) with the model's recorded responses replayed, as
in tests/api/test_seed_contract.py. `python -m evals.openapi_example` rewrites
the example file after a re-recording or a change to the service's output; a
test fails while the file differs from what the replay gives.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
from litestar.testing import AsyncTestClient

from evals.cases import load_cases
from evals.recordings import Recording, ReplayTransport, recording_path
from service.app import create_app
from service.http.examples import SEED_EXAMPLE_FILE
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_1ecf1f70c603a687"
MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"
STRATEGY = "guided"
# Each run draws a new request id; the example keeps one fixed value so the file is stable.
EXAMPLE_REQUEST_ID = "0f6b9c2e4a7d4e1b9c3a5d7e9f1b3c5d"


def seed_request() -> dict[str, Any]:
    """The seed article as a caller would send it (the title and date the recording used)."""
    (case,) = load_cases(SEEDS, only=[SEED_ID])
    return {"text": case.text, "title": case.title, "published": case.published}


def seed_recording() -> Recording:
    """The real model's recorded answers for the seed article."""
    return Recording.load(recording_path(SEEDS / "recordings", MODEL, STRATEGY, SEED_ID))


def replay_settings(**overrides: Any) -> Settings:
    """Settings that send the seed the way it was recorded, to an endpoint nobody serves."""
    values: dict[str, Any] = {
        "model_base_url": "http://recorded.invalid/v1",
        "model_name": MODEL,
        "strategy": STRATEGY,
        "output_mode": "llama_json_schema",
    }
    return Settings(**{**values, **overrides})


async def replay_seed() -> dict[str, Any]:
    """{"request": ..., "response": ...}: the seed through the service, on its recording."""
    recording = seed_recording()
    settings = replay_settings(cache_size=0)
    transport = ReplayTransport([recording])
    request = seed_request()
    app = create_app(settings, http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        answer = await client.post("/structure", json=request)
    if answer.status_code != 200 or transport.misses:
        raise RuntimeError(f"the seed did not replay: {answer.status_code} {answer.text[:300]}")
    response: dict[str, Any] = answer.json()
    # What the model took when recorded, not how fast a replay is.
    response["meta"]["latency_ms"] = recording.recorded_latency_ms()
    response["meta"]["request_id"] = EXAMPLE_REQUEST_ID
    return {"request": request, "response": response}


def main() -> None:
    """Rewrite the example file from the recording."""
    example = asyncio.run(replay_seed())
    SEED_EXAMPLE_FILE.parent.mkdir(parents=True, exist_ok=True)
    SEED_EXAMPLE_FILE.write_text(json.dumps(example, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {SEED_EXAMPLE_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
