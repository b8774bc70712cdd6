"""Articles an hour through /v1/jobs on a real model, at each job concurrency, and its memory.

`make bench-jobs-model` (the embedded model unless STRUCTURE_MODEL_BASE_URL is
set; `JOBS_ARGS="--cases-dir ../shared/corpus/cases --articles 40 --concurrency 1,2,4"`;
`--articles 200 --concurrency 1` reads the 40 five times, for the memory bound).
For each concurrency a fresh model server (embedded) and a fresh service
process (`python -m service`, jobs in the API, STRUCTURE_JOB_CONCURRENCY set)
take one job of the same `--articles` articles. It prints articles an hour
(from submission to the job's end), p50 and p95 of each article's
`meta.latency_ms` (its time in the pipeline, queue for the model included), the
failed articles, and the embedded server's resident memory when 10 articles
were done and at the end. Results go to var/bench/model-jobs-<time>.json.
A performance claim: a script, never a timed test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from dataclasses import asdict, dataclass
from itertools import cycle, islice
from pathlib import Path

import httpx

from benchmarks.model_service import Stack, model_for, running
from evals.cases import Case, load_cases
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EARLY = 10
"""Articles done when the first memory reading is taken."""


@dataclass
class Round:
    """One concurrency's figures."""

    concurrency: int
    articles: int
    failed: int
    wall_s: float
    per_hour: float
    p50_s: float
    p95_s: float
    rss_early_mb: float | None
    rss_every_10_mb: list[float | None]
    rss_end_mb: float | None


async def one_job(stack: Stack, cases: list[Case], concurrency: int, max_s: float) -> Round:
    """Submit the articles as one job and poll it to its end, bounded by `max_s`."""
    async with httpx.AsyncClient(base_url=stack.service_url, timeout=60) as client:
        began = time.perf_counter()
        accepted = await client.post(
            "/v1/jobs", json={"articles": [{"text": case.text} for case in cases]}
        )
        accepted.raise_for_status()
        location = accepted.headers["location"]
        rss_early: float | None = None
        rss_every_10: list[float | None] = []
        while True:
            if time.perf_counter() - began > max_s:
                await client.delete(location)
                raise SystemExit(f"the job at concurrency {concurrency} ran past {max_s:.0f} s")
            job = (await client.get(location)).json()
            if rss_early is None and job["progress"]["done"] >= min(EARLY, len(cases)):
                rss_early = stack.model_rss_mb()
            if job["progress"]["done"] >= EARLY * (len(rss_every_10) + 1):
                rss_every_10.append(stack.model_rss_mb())
                print(f"  model RSS after {job['progress']['done']} articles: "
                      f"{rss_every_10[-1]} MB", flush=True)  # fmt: skip
            if job["status"] in ("done", "failed", "cancelled"):
                break
            await asyncio.sleep(1)
        wall = time.perf_counter() - began
    answered = [r for r in job["results"] if r and "meta" in r]
    latencies = sorted(r["meta"]["latency_ms"] / 1000 for r in answered)
    return Round(
        concurrency=concurrency,
        articles=len(cases),
        failed=len(cases) - len(answered),
        wall_s=round(wall, 1),
        per_hour=round(len(answered) / wall * 3600, 1),
        p50_s=round(statistics.median(latencies), 1),
        p95_s=round(statistics.quantiles(latencies, n=20)[-1], 1),
        rss_early_mb=rss_early,
        rss_every_10_mb=rss_every_10,
        rss_end_mb=stack.model_rss_mb(),
    )


def main(argv: list[str] | None = None) -> None:
    """Measure each concurrency, print a table, keep the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases-dir", default=str(ROOT / "seeds"), help="folder of cases")
    parser.add_argument("--articles", type=int, default=12, help="articles in the job")
    parser.add_argument("--concurrency", default="1,2,4", help="job concurrencies to compare")
    parser.add_argument("--max-seconds", type=float, default=3600.0, help="cap per round")
    args = parser.parse_args(argv)
    available = load_cases(Path(args.cases_dir))
    # More articles than the folder holds: it is read again, and the service's result
    # cache is off, so every article reaches the model (for the memory bound).
    cases = list(islice(cycle(available), args.articles))
    rounds: list[Round] = []
    # Read once: the embedded model writes its endpoint into the environment, and a
    # later Settings() would take it for an endpoint the operator configured.
    configured = Settings()
    for concurrency in (int(c) for c in args.concurrency.split(",")):
        with (
            model_for(configured) as settings,
            running(settings, job_concurrency=str(concurrency), cache_size="0") as stack,
        ):
            rounds.append(asyncio.run(one_job(stack, cases, concurrency, args.max_seconds)))
        _print(rounds[-1:], header=len(rounds) == 1)
    out = ROOT / "var" / "bench" / f"model-jobs-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps([asdict(r) for r in rounds], indent=2))
    print(f"\nfigures kept in {out.relative_to(ROOT)}")


def _print(rounds: list[Round], *, header: bool) -> None:
    if header:
        print(
            "| concurrency | articles | failed | wall s | articles/hour | p50 s | p95 s | "
            f"model RSS MB after {EARLY} | at the end |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rounds:
        print(
            f"| {r.concurrency} | {r.articles} | {r.failed} | {r.wall_s} | {r.per_hour} | "
            f"{r.p50_s} | {r.p95_s} | {r.rss_early_mb} | {r.rss_end_mb} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
