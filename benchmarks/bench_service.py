"""`make bench`: what the service costs on top of the model, under concurrent load.

Starts the fake model (fixed latency) and the service (`python -m service`, as
the image runs it) as processes on 127.0.0.1, then for each concurrency level
sends the same number of requests from N concurrent clients to the service,
and the model request the service would make straight to the fake model.
Prints throughput, p50/p99 latency and the service's overhead per request.
Loopback only; every level is bounded in requests and in seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from service.model.drafts import PassageRecords
from service.model.messages import article_block, conversation
from service.model.prompts import load_prompts

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Mayor Ana Ruiz said on Monday that the bridge would open in March. "
    '"It is on budget and on time," she told reporters. '
    "The contractor, Vela Group, denied that it had asked the city for more money. "
    "The bridge cost 48 million euros, according to the city."
)
MODEL = "fake-model"


@dataclass(frozen=True)
class Level:
    """One target at one concurrency: what the clients saw."""

    latencies_s: list[float]
    wall_s: float
    errors: int

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return len(self.latencies_s) / self.wall_s if self.wall_s else 0.0

    def percentile(self, q: float) -> float:
        """Latency at quantile `q`, in milliseconds."""
        ordered = sorted(self.latencies_s)
        if not ordered:
            return float("nan")
        return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def model_request() -> dict[str, Any]:
    """The chat request the service makes for ARTICLE (single strategy, json_schema mode)."""
    prompt = load_prompts().single
    user = article_block(ARTICLE, None, None, [])
    return {
        "model": MODEL,
        "messages": conversation(prompt.system, prompt.example, prompt.example["text"], user, []),
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "PassageRecords", "schema": PassageRecords.model_json_schema()},
        },
        "temperature": 0.0,
        "max_tokens": 1500,
    }


async def load(
    send: Callable[[], Awaitable[httpx.Response]], clients: int, total: int, max_s: float
) -> Level:
    """`clients` concurrent loops sending until `total` requests went out or `max_s` passed."""
    latencies: list[float] = []
    errors = 0
    issued = 0
    began = time.perf_counter()

    async def client() -> None:
        nonlocal issued, errors
        while issued < total and time.perf_counter() - began < max_s:
            issued += 1
            start = time.perf_counter()
            try:
                response = await send()
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - start)
            else:
                errors += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return Level(latencies, time.perf_counter() - began, errors)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_fake_model(latency_ms: float, stack: ExitStack) -> str:
    """The fake model as a process; its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_model", "--latency-ms", str(latency_ms)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    stack.callback(stop, process)
    assert process.stdout is not None
    return process.stdout.readline().strip()


def start_service(model_url: str, workers: int, clients: int, stack: ExitStack) -> str:
    """`python -m service` as a process aimed at the fake model; its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "STRUCTURE_HOST": "127.0.0.1",
        "STRUCTURE_PORT": str(port),
        "STRUCTURE_WORKERS": str(workers),
        "STRUCTURE_MODEL_BASE_URL": model_url,
        "STRUCTURE_MODEL_NAME": MODEL,
        "STRUCTURE_OUTPUT_MODE": "json_schema",
        "STRUCTURE_STRATEGY": "single",
        "STRUCTURE_HTTP_RETRIES": "0",
        "STRUCTURE_CACHE_SIZE": "0",  # every request reaches the model
        "STRUCTURE_MAX_CONCURRENT_MODEL_CALLS": str(clients),
        "STRUCTURE_MAX_QUEUED": str(clients),
    }
    return serve(env, port, stack)


def serve(env: dict[str, str], port: int, stack: ExitStack) -> str:
    """`python -m service` with `env`, stopped with `stack`; its base URL once /healthz answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "service"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # one JSON access line per request: written, not kept
    )
    stack.callback(stop, process)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return url
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the service did not answer /healthz within 60 s")


def stop(process: subprocess.Popen[Any]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


async def bench(args: argparse.Namespace, model_url: str, service_url: str) -> list[str]:
    body = model_request()
    rows = [
        "| clients | target | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    overhead = [
        "| clients | overhead p50 (ms) | overhead p99 (ms) | throughput ratio |",
        "|---:|---:|---:|---:|",
    ]
    limits = httpx.Limits(max_connections=max(args.concurrency), max_keepalive_connections=None)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def direct() -> httpx.Response:
            return await client.post(f"{model_url}/chat/completions", json=body)

        async def service() -> httpx.Response:
            return await client.post(f"{service_url}/structure", json={"text": ARTICLE})

        for send in (direct, service):  # warm connections and code paths
            await load(send, 4, 8, args.max_seconds)
        for clients in args.concurrency:
            total = min(args.max_requests, max(args.requests_per_client * clients, 20))
            measured = {}
            for name, send in (("model directly", direct), ("service", service)):
                level = await load(send, clients, total, args.max_seconds)
                measured[name] = level
                rows.append(
                    f"| {clients} | {name} | {len(level.latencies_s)} | {level.errors} | "
                    f"{level.throughput:.1f} | {level.percentile(0.5):.1f} | "
                    f"{level.percentile(0.99):.1f} |"
                )
            base, served = measured["model directly"], measured["service"]
            ratio = served.throughput / base.throughput if base.throughput else float("nan")
            overhead.append(
                f"| {clients} | {served.percentile(0.5) - base.percentile(0.5):.1f} | "
                f"{served.percentile(0.99) - base.percentile(0.99):.1f} | {ratio:.2f} |"
            )
    return [*rows, "", *overhead]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--concurrency", type=lambda s: [int(n) for n in s.split(",")], default=[1, 4, 16, 64]
    )
    parser.add_argument("--latency-ms", type=float, default=50.0, help="the fake model's latency")
    parser.add_argument("--requests-per-client", type=int, default=10)
    parser.add_argument("--max-requests", type=int, default=640, help="cap per target and level")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="cap per target and level")
    parser.add_argument("--workers", type=int, default=1, help="service worker processes")
    args = parser.parse_args()
    with ExitStack() as stack:
        model_url = start_fake_model(args.latency_ms, stack)
        service_url = start_service(model_url, args.workers, max(args.concurrency), stack)
        began = time.perf_counter()
        lines = asyncio.run(bench(args, model_url, service_url))
    print(
        f"fake model latency {args.latency_ms:.0f} ms; service: {args.workers} worker(s), "
        f"single strategy (one model call per request), cache off; "
        f"{os.cpu_count()} CPUs shared by clients, service and fake model; "
        f"{time.perf_counter() - began:.0f} s in all"
    )
    print()
    print("\n".join(lines))
    print()
    print(
        "overhead = service minus direct, at the same percentile: what the service adds to a "
        "request (validation, prompt building, the model client, grounding, assembly, logging)."
    )
    print(f"median of per-level overhead p50: {statistics.median(_p50s(lines)):.1f} ms")


def _p50s(lines: list[str]) -> list[float]:
    values = []
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            values.append(float(cells[1]))
    return values or [float("nan")]


if __name__ == "__main__":
    main()
