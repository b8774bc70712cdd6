"""System (a): this service, one strategy, on a live model or on its recorded answers."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from benchmarks.outcome import Outcome
from benchmarks.wire import AsyncCountingTransport, WireCount
from evals.cases import Case
from evals.recordings import Recording, ReplayTransport, recording_path
from evals.run import structure_case
from service.model.prompts import PromptSet
from service.settings import Settings, StrategyName


def strategy_settings(settings: Settings, strategy: StrategyName) -> Settings:
    """The same settings with one strategy chosen."""
    return settings.model_copy(update={"strategy": strategy})


async def run_service(
    case: Case, settings: Settings, prompts: PromptSet, transport: httpx.AsyncBaseTransport
) -> Outcome:
    """Structure one article through the service's own path: strategy, grounding, assembly."""
    wire = WireCount()
    began = time.perf_counter()
    run = await structure_case(
        case, settings, prompts, AsyncCountingTransport(transport, wire), f"bench-{case.id}"
    )
    wall_s = time.perf_counter() - began
    notes = [f"{len(run.ungrounded)} record(s) dropped by grounding"] if run.ungrounded else []
    return Outcome.metered(run.predicted, wall_s, wire, run.error, notes, run.unreachable)


def usable_recording(
    directory: Path, settings: Settings, strategy: str, case_id: str, prompts: PromptSet
) -> Recording | str:
    """The case's recording for this model and strategy, or why there is none to replay."""
    path = recording_path(directory, settings.model_name, strategy, case_id)
    if not path.exists():
        return f"no recording at {path}"
    recording = Recording.load(path)
    version = prompts.version_for(strategy)
    if recording.prompt_version != version:
        return f"recorded with prompts {recording.prompt_version}, prompts are now {version}"
    return recording


async def replay_service(
    case: Case, settings: Settings, prompts: PromptSet, recording: Recording
) -> Outcome:
    """Score the recorded answers; wall time is the model latency measured when recording."""
    transport = ReplayTransport([recording])
    outcome = await run_service(case, settings, prompts, transport)
    outcome.wall_s = recording.recorded_latency_ms() / 1000
    if transport.misses:
        outcome.error = f"{len(transport.misses)} request(s) had no recorded answer"
    outcome.notes.append(f"replayed from a recording of {recording.recorded_at}")
    return outcome
