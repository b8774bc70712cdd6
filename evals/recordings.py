"""Recorded real model exchanges: the file format, and the transports that write and replay them.

A recording holds, for one case, every request the service sent to the model
and the model's real answer, with the model, prompt version and date that
produced it. Requests are keyed by a hash of their JSON body, so replay needs
no order and no network. Headers are never stored: no key reaches the disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

RECORD_COMMAND = "make record"


def request_key(body: bytes) -> str:
    """A stable key for a request body: the hash of its canonical JSON."""
    canonical = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Recording:
    """Every model exchange made while structuring one case."""

    case: str
    model: str
    prompt_version: str
    strategy: str
    recorded_at: str
    endpoint: str
    exchanges: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Recording:
        """Read a recording written by `save`."""
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        """Write the recording as indented JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(vars(self), indent=1, ensure_ascii=False)
        path.write_text(payload + "\n", encoding="utf-8")

    def recorded_latency_ms(self) -> int:
        """How long the model took over all exchanges when this was recorded."""
        return sum(int(e.get("latency_ms", 0)) for e in self.exchanges)


def recording_path(directory: Path, model: str, strategy: str, case_id: str) -> Path:
    """Where the recording of one case, model and strategy lives."""
    return directory / model / strategy / f"{case_id}.json"


class RecordingMissing(Exception):
    """A request had no recorded answer; the message says how to record one."""


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers model requests from recordings; never touches the network."""

    def __init__(self, recordings: list[Recording]) -> None:
        self._answers: dict[str, dict[str, Any]] = {}
        for recording in recordings:
            for exchange in recording.exchanges:
                self._answers[exchange["key"]] = exchange
        self.misses: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Return the recorded response for this body, or fail loudly."""
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": []})
        key = request_key(await request.aread())
        exchange = self._answers.get(key)
        if exchange is None:
            self.misses.append(key)
            raise RecordingMissing(
                f"no recorded model response for request {key[:12]}; "
                f"re-record with `{RECORD_COMMAND}` against a live model"
            )
        return httpx.Response(
            exchange["status"],
            json=exchange["response"],
            headers={"content-type": "application/json"},
        )


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests to a live endpoint and keeps each exchange (bodies only)."""

    def __init__(self, live: httpx.AsyncBaseTransport | None = None) -> None:
        self._live = live or httpx.AsyncHTTPTransport()
        self.exchanges: list[dict[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward, time and remember one exchange."""
        body = await request.aread()
        began = time.perf_counter()
        response = await self._live.handle_async_request(request)
        content = await response.aread()
        latency_ms = round((time.perf_counter() - began) * 1000)
        if body and not request.url.path.endswith("/models"):
            self.exchanges.append(
                {
                    "key": request_key(body),
                    "request": json.loads(body),
                    "status": response.status_code,
                    "response": json.loads(content),
                    "latency_ms": latency_ms,
                }
            )
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    async def aclose(self) -> None:
        """Close the live transport."""
        await self._live.aclose()


def utc_now() -> str:
    """The recording timestamp, ISO 8601 in UTC."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
