"""`make bench-jobs`: jobs per minute, and the overhead per article, for 1 and 2 workers.

Starts on 127.0.0.1: a redis-server (no persistence), the fake model (fixed
latency) and one API process that only accepts jobs (STRUCTURE_JOB_RUN_IN_API
=false); then, for each worker count, that many `python -m service.worker`
processes share the one Redis. It submits the same number of jobs (each a
batch of distinct articles, so nothing is served from the cache), polls them
to done, and prints:

- jobs per minute and articles per second, from the first submission to the last job done;
- per-article overhead: worker-slot seconds per article (wall x workers x
  concurrency / articles) minus the fake model's latency. It is what a job
  article costs on top of its model call: the queue (Redis round trips,
  SAQ's dequeue), the job store, the pipeline and the polling load, on a
  machine whose CPUs the benchmark's own processes share.

Loopback only; every run is bounded in jobs and in seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx
from redis import Redis
from redis.exceptions import RedisError

from benchmarks.bench_service import (
    ARTICLE,
    MODEL,
    ROOT,
    free_port,
    serve,
    start_fake_model,
    stop,
)

REDIS_PORTS = range(18200, 18300)


@dataclass(frozen=True)
class Run:
    """What one worker count achieved."""

    workers: int
    jobs: int
    articles: int
    wall_s: float
    failed_articles: int

    def jobs_per_minute(self) -> float:
        """Finished jobs per minute of wall time."""
        return self.jobs / self.wall_s * 60

    def overhead_ms(self, concurrency: int, latency_ms: float) -> float:
        """Slot time per article beyond the model call, in milliseconds."""
        slot_s = self.wall_s * self.workers * concurrency / self.articles
        return slot_s * 1000 - latency_ms


def start_redis(stack: ExitStack) -> str:
    """A redis-server on the first free port of this suite's range; its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("bench-jobs needs redis-server (apt-get install redis-server)")
    port = next(port for port in REDIS_PORTS if _free(port))
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stack.callback(stop, process)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if Redis.from_url(url).ping():
                return url
        except RedisError:  # not listening yet
            time.sleep(0.05)
    raise RuntimeError("redis-server did not answer within 10 s")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _env(model_url: str, redis_url: str, concurrency: int, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("STRUCTURE_")},
        "STRUCTURE_MODEL_BASE_URL": model_url,
        "STRUCTURE_MODEL_NAME": MODEL,
        "STRUCTURE_OUTPUT_MODE": "json_schema",
        "STRUCTURE_STRATEGY": "single",  # one model call per article
        "STRUCTURE_HTTP_RETRIES": "0",
        "STRUCTURE_REDIS_URL": redis_url,
        "STRUCTURE_JOB_CONCURRENCY": str(concurrency),
        "STRUCTURE_MAX_CONCURRENT_MODEL_CALLS": str(concurrency),
        **extra,
    }


def start_api(model_url: str, redis_url: str, concurrency: int, stack: ExitStack) -> str:
    """`python -m service` accepting jobs only; its base URL."""
    port = free_port()
    env = _env(
        model_url,
        redis_url,
        concurrency,
        STRUCTURE_HOST="127.0.0.1",
        STRUCTURE_PORT=str(port),
        STRUCTURE_JOB_RUN_IN_API="false",
    )
    return serve(env, port, stack)


def start_workers(
    count: int, model_url: str, redis_url: str, concurrency: int, stack: ExitStack
) -> None:
    """`count` worker processes on the shared Redis."""
    for _ in range(count):
        process = subprocess.Popen(
            [sys.executable, "-m", "service.worker"],
            cwd=ROOT,
            env=_env(model_url, redis_url, concurrency),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stack.callback(stop, process)


async def run_jobs(api_url: str, jobs: int, articles: int, tag: str, max_s: float) -> Run:
    """Submit `jobs` batches and poll them to done; bounded by `max_s`."""
    batches: list[dict[str, Any]] = [
        {"articles": [{"text": f"{ARTICLE} Batch {tag}-{j}, item {a}."} for a in range(articles)]}
        for j in range(jobs)
    ]
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        began = time.perf_counter()
        locations = []
        for batch in batches:
            response = await client.post("/v1/jobs", json=batch)
            response.raise_for_status()
            locations.append(response.headers["location"])
        pending = set(locations)
        failed = 0
        while pending:
            if time.perf_counter() - began > max_s:
                raise SystemExit(f"{len(pending)} jobs still unfinished after {max_s:.0f} s")
            await asyncio.sleep(0.1)
            for location in list(pending):
                job = (await client.get(location)).json()
                if job["status"] in ("done", "failed", "cancelled"):
                    pending.discard(location)
                    failed += sum(1 for result in job["results"] if "claims" not in result)
        wall_s = time.perf_counter() - began
    return Run(0, jobs, jobs * articles, wall_s, failed)


def main() -> None:
    """Measure, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--latency-ms", type=float, default=100.0, help="the fake model's latency")
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--articles", type=int, default=5, help="articles per job")
    parser.add_argument("--concurrency", type=int, default=4, help="articles per worker at once")
    parser.add_argument("--workers", type=lambda s: [int(n) for n in s.split(",")], default=[1, 2])
    parser.add_argument("--max-seconds", type=float, default=180.0, help="cap per run")
    args = parser.parse_args()
    runs: list[Run] = []
    began = time.perf_counter()
    with ExitStack() as stack:
        redis_url = start_redis(stack)
        model_url = start_fake_model(args.latency_ms, stack)
        api_url = start_api(model_url, redis_url, args.concurrency, stack)
        for workers in args.workers:
            with ExitStack() as fleet:
                start_workers(workers, model_url, redis_url, args.concurrency, fleet)
                asyncio.run(run_jobs(api_url, 1, 1, f"warm{workers}", args.max_seconds))
                run = asyncio.run(
                    run_jobs(api_url, args.jobs, args.articles, f"w{workers}", args.max_seconds)
                )
                runs.append(Run(workers, run.jobs, run.articles, run.wall_s, run.failed_articles))
    print(
        f"fake model latency {args.latency_ms:.0f} ms, one call per article (single strategy); "
        f"{args.jobs} jobs of {args.articles} articles per run; {args.concurrency} articles at "
        f"once per worker; one API process, one redis-server; {os.cpu_count()} CPUs shared by "
        f"all of them and the client; {time.perf_counter() - began:.0f} s in all"
    )
    print()
    print(
        "| workers | jobs | articles | failed | wall (s) | jobs/min | articles/s | "
        "overhead per article (ms) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        print(
            f"| {run.workers} | {run.jobs} | {run.articles} | {run.failed_articles} | "
            f"{run.wall_s:.1f} | {run.jobs_per_minute():.0f} | {run.articles / run.wall_s:.1f} | "
            f"{run.overhead_ms(args.concurrency, args.latency_ms):.0f} |"
        )
    print()
    print(
        "overhead per article = wall x workers x concurrency / articles - model latency: the slot "
        "time an article holds beyond its model call."
    )


if __name__ == "__main__":
    main()
