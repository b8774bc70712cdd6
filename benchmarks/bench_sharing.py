"""Does the model keep its speed while the service works? Tokens/s and /healthz, alone and loaded.

`make bench-sharing` (the embedded model unless STRUCTURE_MODEL_BASE_URL is set).
The service runs as a process of its own (`python -m service`, jobs in the API)
on the model server; for each nice value of the service's CPU-work threads
(`--nice 0,10`), each on articles of its own, it runs:

- alone: `--alone` articles through POST /structure, one at a time, nothing else;
- jobs: a job of `--jobs` articles (all in flight at job concurrency 4);
- jobs + burst: the same beside a burst of cheap requests (two clients sending
  re-sent articles answered from the cache and malformed bodies, 400);
- jobs + heavy: the same beside two clients sending 100,000-character
  articles that only the rules read (seconds of parse and rules, no model call).

Each phase has articles of its own, so none is in the model's prompt cache.
For each it prints llama.cpp's own figures over the phase (from its /metrics):
generation tokens/s per sequence and prompt tokens/s, generated tokens per
second of wall time, and /healthz latency (p50, p95, max, probed every 0.25 s).
The articles are read from `--cases-dir` (default the seeds); results go to
var/bench/sharing-<time>.json. A performance claim: a script, never a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.model_service import ModelCounters, Stack, model_for, running
from evals.cases import Case, load_cases
from service.settings import Settings
from tests.support.adversarial import SHAPES

ROOT = Path(__file__).resolve().parents[1]
CPU_HEAVY = SHAPES["bare-numbers"]
"""Grammar and rules read it for seconds; it holds no sentence the model is asked about."""
BURST_CLIENTS = 2
BESIDE = ("nothing", "burst", "heavy")
BURST_MAX_REQUESTS = 2000
BURST_PAUSE_S = 0.01
"""Between one client's cheap requests: about 100 a second each, a busy API's traffic."""


@dataclass
class Phase:
    """One phase's figures."""

    name: str
    nice: int
    articles: int
    wall_s: float
    generation_per_s: float | None
    prompt_per_s: float | None
    generated_per_wall_s: float
    healthz_p50_ms: float | None
    healthz_p95_ms: float | None
    healthz_max_ms: float | None
    burst_requests: int
    model_rss_mb: float | None


class Probe:
    """/healthz every 0.25 s until stopped; its latencies in ms."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.latencies: list[float] = []
        self.stopping = asyncio.Event()

    async def run(self) -> None:
        while not self.stopping.is_set():
            began = time.perf_counter()
            response = await self.client.get("/healthz")
            response.raise_for_status()
            self.latencies.append((time.perf_counter() - began) * 1000)
            await asyncio.sleep(0.25)

    def percentile(self, q: float) -> float | None:
        if len(self.latencies) < 2:
            return None
        return statistics.quantiles(self.latencies, n=100)[int(q) - 1]


def _body(case: Case) -> dict[str, Any]:
    return {"text": case.text}


async def burst(
    client: httpx.AsyncClient, cached: Case, heavy: bool, stopping: asyncio.Event
) -> int:
    """Other requests' CPU work: cache hits and malformed bodies, or rules-only long articles."""
    sent = 0

    async def one_client() -> None:
        nonlocal sent
        while not stopping.is_set() and sent < BURST_MAX_REQUESTS:
            sent += 1
            if heavy:
                await client.post("/structure", json={"text": CPU_HEAVY})
            elif sent % 2:
                await client.post("/structure", json=_body(cached))
            else:
                await client.post(
                    "/structure", content=b'{"text": ', headers={"content-type": "application/json"}
                )
            await asyncio.sleep(0 if heavy else BURST_PAUSE_S)

    await asyncio.gather(*(one_client() for _ in range(BURST_CLIENTS)))
    return sent


async def alone(stack: Stack, cases: list[Case], nice: int) -> Phase:
    """Articles one at a time, nothing else running."""
    async with httpx.AsyncClient(base_url=stack.service_url, timeout=900) as client:
        probe = Probe(client)
        probing = asyncio.create_task(probe.run())
        before, began = stack.counters(), time.perf_counter()
        for case in cases:
            (await client.post("/structure", json=_body(case))).raise_for_status()
        wall = time.perf_counter() - began
        probe.stopping.set()
        await probing
    return _phase("alone", nice, len(cases), wall, stack, before, probe, 0)


async def loaded(stack: Stack, cases: list[Case], cached: Case, nice: int, beside: str) -> Phase:
    """One job of `cases` in flight, with `beside` it nothing, a "burst" or "heavy" requests."""
    async with httpx.AsyncClient(base_url=stack.service_url, timeout=900) as client:
        probe = Probe(client)
        probing = asyncio.create_task(probe.run())
        before, began = stack.counters(), time.perf_counter()
        accepted = await client.post("/v1/jobs", json={"articles": [_body(c) for c in cases]})
        accepted.raise_for_status()
        location = accepted.headers["location"]
        stopping = asyncio.Event()
        bursting = (
            asyncio.create_task(burst(client, cached, beside == "heavy", stopping))
            if beside != "nothing"
            else None
        )
        while (await client.get(location)).json()["status"] not in ("done", "failed", "cancelled"):
            await asyncio.sleep(1)
        wall = time.perf_counter() - began
        stopping.set()
        sent = await bursting if bursting is not None else 0
        probe.stopping.set()
        await probing
    name = "jobs" if beside == "nothing" else f"jobs + {beside}"
    return _phase(name, nice, len(cases), wall, stack, before, probe, sent)


def _phase(
    name: str,
    nice: int,
    articles: int,
    wall: float,
    stack: Stack,
    before: ModelCounters,
    probe: Probe,
    sent: int,
) -> Phase:
    done = stack.counters().since(before)
    return Phase(
        name=name,
        nice=nice,
        articles=articles,
        wall_s=round(wall, 1),
        generation_per_s=_round(done.generation_per_s()),
        prompt_per_s=_round(done.prompt_per_s()),
        generated_per_wall_s=round(done.generated_tokens / wall, 2),
        healthz_p50_ms=_round(probe.percentile(50)),
        healthz_p95_ms=_round(probe.percentile(95)),
        healthz_max_ms=_round(max(probe.latencies, default=0.0)),
        burst_requests=sent,
        model_rss_mb=_round(stack.model_rss_mb()),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def main(argv: list[str] | None = None) -> None:
    """Measure, print a table, keep the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases-dir", default=str(ROOT / "seeds"), help="folder of cases")
    parser.add_argument("--alone", type=int, default=3, help="articles in the alone phase")
    parser.add_argument("--jobs", type=int, default=4, help="articles in the loaded job")
    parser.add_argument("--nice", default="0,10", help="CPU-work nice values to compare")
    args = parser.parse_args(argv)
    cases = load_cases(Path(args.cases_dir))
    nices = [int(n) for n in args.nice.split(",")]
    per_round = args.alone + args.jobs * len(BESIDE)
    if len(cases) < per_round * len(nices):
        raise SystemExit(f"{args.cases_dir}: {per_round * len(nices)} cases needed")
    phases: list[Phase] = []
    with model_for(Settings()) as settings:
        for round_, nice in enumerate(nices):
            # Articles of their own each phase: none is in the model's prompt cache yet.
            ours = iter(cases[round_ * per_round : (round_ + 1) * per_round])
            first = [next(ours) for _ in range(args.alone)]
            with running(settings, cpu_work_nice=str(nice)) as stack:
                phases.append(asyncio.run(alone(stack, first, nice)))
                for beside in BESIDE:
                    job = [next(ours) for _ in range(args.jobs)]
                    phases.append(asyncio.run(loaded(stack, job, first[0], nice, beside)))
                _print(phases[-1 - len(BESIDE) :])
    out = ROOT / "var" / "bench" / f"sharing-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps([asdict(p) for p in phases], indent=2))
    print(f"\nfigures kept in {out.relative_to(ROOT)}")


def _print(phases: list[Phase]) -> None:
    print(
        "| phase | nice | articles | wall s | gen tok/s per seq | prompt tok/s | "
        "gen tok per wall s | healthz p50/p95/max ms | burst requests | model RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for p in phases:
        print(
            f"| {p.name} | {p.nice} | {p.articles} | {p.wall_s} | {p.generation_per_s} | "
            f"{p.prompt_per_s} | {p.generated_per_wall_s} | {p.healthz_p50_ms}/"
            f"{p.healthz_p95_ms}/{p.healthz_max_ms} | {p.burst_requests} | {p.model_rss_mb} |"
        )


if __name__ == "__main__":
    main()
