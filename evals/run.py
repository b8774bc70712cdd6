"""Run eval cases through the real extraction path, on recordings or on a live model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import httpx

from evals.cases import Case
from evals.recordings import (
    RECORD_COMMAND,
    Recording,
    RecordingTransport,
    ReplayTransport,
    recording_path,
    utc_now,
)
from service.core.errors import ModelError, ModelUnavailable
from service.core.findings import Ungrounded
from service.core.records import StructureRequest
from service.model.client import ModelClient
from service.model.prompts import PromptSet
from service.pipeline.structurer import Structurer
from service.settings import Settings

RunMode = Literal["replay", "record", "live"]


@dataclass
class CaseRun:
    """What the service returned for one case, and what grounding removed."""

    case_id: str
    predicted: dict[str, list[dict[str, Any]]]
    ungrounded: list[dict[str, Any]]
    meta: dict[str, Any]
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    unreachable: bool = False


class StaleRecordings(Exception):
    """Replay cannot run: recordings are missing or were made with other prompts."""


def check_recordings(
    cases: list[Case], directory: Path, model: str, strategy: str, prompts: PromptSet
) -> dict[str, Recording]:
    """Load every case's recording, or raise naming the stale cases and the command to fix them."""
    loaded: dict[str, Recording] = {}
    stale: list[str] = []
    version = prompts.version_for(strategy)
    for case in cases:
        path = recording_path(directory, model, strategy, case.id)
        if not path.exists():
            stale.append(f"{case.id} (no recording)")
            continue
        recording = Recording.load(path)
        if recording.prompt_version != version:
            stale.append(f"{case.id} (recorded with {recording.prompt_version})")
            continue
        loaded[case.id] = recording
    if stale:
        ids = " ".join(entry.split(" ")[0] for entry in stale)
        raise StaleRecordings(
            f"Recordings for model {model}, strategy {strategy} are stale or missing; the prompts "
            f"are now {version}:\n  "
            + "\n  ".join(stale)
            + f"\nRe-record them against a live model with:\n  {RECORD_COMMAND} "
            f'STRATEGY={strategy} CASES="{ids}"'
        )
    return loaded


async def run_case(
    case: Case,
    settings: Settings,
    prompts: PromptSet,
    mode: RunMode,
    recording: Recording | None = None,
    recordings_dir: Path | None = None,
) -> CaseRun:
    """Structure one case's article; in record mode also write its recording."""
    transport: httpx.AsyncBaseTransport
    if mode == "replay":
        assert recording is not None
        transport = ReplayTransport([recording])
    elif mode == "record":
        transport = RecordingTransport()
    else:
        transport = httpx.AsyncHTTPTransport()
    run = await structure_case(case, settings, prompts, transport, request_id=f"eval-{case.id}")
    if isinstance(transport, ReplayTransport) and transport.misses:
        run.error = (
            f"{len(transport.misses)} request(s) had no recorded response; re-record with "
            f"`{RECORD_COMMAND} CASES={case.id}`"
        )
    if mode == "replay" and recording is not None:
        run.meta["latency_ms"] = recording.recorded_latency_ms()
    if mode == "record" and isinstance(transport, RecordingTransport):
        assert recordings_dir is not None
        strategy = settings.resolved_strategy()
        Recording(
            case=case.id,
            model=settings.model_name,
            prompt_version=prompts.version_for(strategy),
            strategy=strategy,
            recorded_at=utc_now(),
            endpoint=_without_credentials(settings.model_base_url),
            exchanges=transport.exchanges,
        ).save(recording_path(recordings_dir, settings.model_name, strategy, case.id))
        run.meta["latency_ms"] = sum(e["latency_ms"] for e in transport.exchanges)
    return run


async def structure_case(
    case: Case,
    settings: Settings,
    prompts: PromptSet,
    transport: httpx.AsyncBaseTransport,
    request_id: str,
) -> CaseRun:
    """One case through the service's own path (the evals and the benchmarks both run this)."""
    http_client = httpx.AsyncClient(transport=transport)
    structurer = Structurer(settings, ModelClient(settings, http_client), prompts)
    request = StructureRequest(
        text=case.text,
        title=case.title,
        published=dt.date.fromisoformat(case.published) if case.published else None,
    )
    run = CaseRun(case.id, {"claims": [], "denials": [], "statistics": []}, [], {})
    try:
        structured = await structurer.structure(request, request_id=request_id)
        body = structured.response.model_dump(mode="json")
        run.predicted = {kind: body[kind] for kind in ("claims", "denials", "statistics")}
        run.ungrounded = [
            {"kind": u.kind, "reason": u.reason, "record": _dropped_record(u)}
            for u in structured.ungrounded
        ]
        meta = body["meta"]
        run.meta = {
            "latency_ms": meta["latency_ms"],
            "llm_calls": meta["llm_calls"],
            "prompt_tokens": meta["usage"]["prompt_tokens"],
            "completion_tokens": meta["usage"]["completion_tokens"],
            "dropped_ungrounded": meta["dropped_ungrounded"],
        }
    except ModelError as error:
        run.error = f"{type(error).__name__}: {error.detail}"
        run.unreachable = isinstance(error, ModelUnavailable)
    finally:
        await http_client.aclose()
    return run


def _dropped_record(dropped: Ungrounded) -> dict[str, Any]:
    """A dropped record as plain data: the model's fields, and its evidence span if found."""
    span = dropped.evidence
    evidence = None if span is None else {"start": span.start, "end": span.end}
    return {**dropped.fields, "evidence": evidence}


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
