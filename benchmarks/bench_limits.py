"""`make bench-limits`: how many of N requests a limit of L a minute lets through, 2 workers.

Starts on 127.0.0.1: a redis-server (no persistence), the fake model, and for
each row `python -m service` with STRUCTURE_WORKERS=2 (uvicorn's worker
processes on one socket), then sends N requests at once and counts the answers:

- with Redis: one window for both workers, checked and spent in one Redis script;
- without Redis, for comparison: each worker keeps its own window;
- each both all at once and spaced out, since a burst tends to land on one worker;
- with Redis, each request forging a different X-Forwarded-For from loopback
  (STRUCTURE_TRUSTED_PROXIES empty): the forged addresses must not count;
- with Redis and API keys, N wrong keys at once: the failed-key throttle.

Loopback only; every row is bounded in requests and seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections import Counter
from contextlib import ExitStack

import httpx
from redis import Redis

from benchmarks.bench_jobs import start_redis
from benchmarks.bench_service import ARTICLE, MODEL, free_port, serve, start_fake_model


def start(model_url: str, redis_url: str | None, limit: int, stack: ExitStack, **extra: str) -> str:
    """`python -m service` with 2 workers and the limit; its base URL."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("STRUCTURE_")},
        "STRUCTURE_HOST": "127.0.0.1",
        "STRUCTURE_PORT": str(port),
        "STRUCTURE_WORKERS": "2",
        "STRUCTURE_MODEL_BASE_URL": model_url,
        "STRUCTURE_MODEL_NAME": MODEL,
        "STRUCTURE_OUTPUT_MODE": "json_schema",
        "STRUCTURE_STRATEGY": "single",
        "STRUCTURE_HTTP_RETRIES": "0",
        "STRUCTURE_JOB_RUN_IN_API": "false",
        "STRUCTURE_RATE_LIMIT_PER_MINUTE": str(limit),
        **({"STRUCTURE_REDIS_URL": redis_url} if redis_url else {}),
        **extra,
    }
    return serve(env, port, stack)


async def burst(
    url: str,
    requests: int,
    max_s: float,
    spacing_s: float,
    forged: bool = False,
    key: str | None = None,
) -> Counter[int]:
    """`requests` POSTs, each on its own connection, started `spacing_s` apart; statuses counted.

    All at once, one worker tends to accept every connection; spaced out, the kernel
    wakes either worker, so both windows (without Redis) get spent.
    """
    limits = httpx.Limits(max_connections=requests, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=max_s, limits=limits) as client:

        async def one(n: int) -> int:
            await asyncio.sleep(n * spacing_s)
            headers = {"x-forwarded-for": f"203.0.113.{n % 250}"} if forged else {}
            if key is not None:
                headers["x-api-key"] = f"{key}-{n}"
            response = await client.post(
                f"{url}/structure", json={"text": f"{ARTICLE} ({n})"}, headers=headers
            )
            return response.status_code

        statuses = await asyncio.wait_for(
            asyncio.gather(*(one(n) for n in range(requests))), timeout=max_s
        )
    return Counter(statuses)


def row(name: str, requests: int, limit: int, statuses: Counter[int], wall_s: float) -> str:
    counts = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    return f"| {name} | {requests} | {limit} | {statuses[200]} | {counts} | {wall_s:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=20, help="N: requests sent at once")
    parser.add_argument("--limit", type=int, default=5, help="L: requests a minute per client")
    parser.add_argument("--wrong-keys", type=int, default=30, help="wrong keys sent at once")
    parser.add_argument("--key-failures", type=int, default=10, help="failed keys a minute")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="the fake model's latency")
    parser.add_argument("--spacing-ms", type=float, default=50.0, help="gap in the spaced rows")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="cap per row")
    args = parser.parse_args()
    lines = [
        "| row (2 workers) | requests | limit/min | let through (200) | statuses | wall s |",
        "|---|---:|---:|---:|---|---:|",
    ]
    began = time.perf_counter()
    with ExitStack() as stack:
        redis_url = start_redis(stack)
        model_url = start_fake_model(args.latency_ms, stack)
        keys = {
            "STRUCTURE_API_KEYS": "the-right-key",
            "STRUCTURE_AUTH_FAILURES_PER_MINUTE": str(args.key_failures),
        }
        spaced = args.spacing_ms / 1000
        rows = [
            ("Redis, all at once", redis_url, 0.0, False, None, {}),
            (f"Redis, {args.spacing_ms:.0f} ms apart", redis_url, spaced, False, None, {}),
            ("no Redis, all at once", None, 0.0, False, None, {}),
            (f"no Redis, {args.spacing_ms:.0f} ms apart", None, spaced, False, None, {}),
            ("Redis, forged X-Forwarded-For, no trusted proxy", redis_url, 0.0, True, None, {}),
            ("Redis, API keys, every request a wrong key", redis_url, 0.0, False, "wrong", keys),
        ]
        for name, redis, spacing_s, forged, key, extra in rows:
            if redis:
                Redis.from_url(redis).flushdb()
            with ExitStack() as service:
                url = start(model_url, redis, args.limit, service, **extra)
                requests = args.wrong_keys if key else args.requests
                started = time.perf_counter()
                statuses = asyncio.run(
                    burst(url, requests, args.max_seconds, spacing_s, forged, key)
                )
                wall_s = time.perf_counter() - started
            limit = args.key_failures if key else args.limit
            lines.append(row(name, requests, limit, statuses, wall_s))
    print(
        f"python -m service, STRUCTURE_WORKERS=2, fake model {args.latency_ms:.0f} ms; "
        f"{os.cpu_count()} CPUs shared by the client, the workers, Redis and the fake model; "
        f"{time.perf_counter() - began:.0f} s in all"
    )
    print()
    print("\n".join(lines))
    print()
    print("The wrong-key row's limit is STRUCTURE_AUTH_FAILURES_PER_MINUTE; its 401s are the")
    print("attempts checked, its 429s the ones refused unchecked.")


if __name__ == "__main__":
    main()
