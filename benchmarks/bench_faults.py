"""`make bench-faults`: malformed input, model faults, clients that leave, and a SIGTERM, measured.

The fake model runs in this process (so each fault can be scripted); the service
runs as `python -m service`, as the image runs it, on 127.0.0.1. Prints:
- >= 100 distinct malformed requests: how many got a 5xx, and how many model calls they caused;
- the deadline ratio (answer time / STRUCTURE_REQUEST_DEADLINE_S) when the model hangs,
  answers 429 with a long Retry-After, or holds the only slot while others queue;
- model calls made after clients disconnected, and how soon their slots came free;
- requests in flight at a SIGTERM that were answered before the process exited.
Everything is bounded: a 2 s deadline, a few dozen requests, loopback only.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx

from benchmarks.bench_service import ARTICLE, MODEL, ROOT, free_port, stop
from benchmarks.malformed import malformed_requests, raw_requests
from tests.support.fake_model import FakeModel, hang, rate_limited


def raw_exchange(url: str, data: bytes, *, hang_up: bool = False) -> bytes:
    """Send raw bytes; read the answer until close (or hang up at once)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as connection:
        connection.sendall(data)
        if hang_up:
            return b""
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def five_xx(url: str) -> float:
    """structure_http_requests_total with a 5xx status, from /metrics."""
    total = 0.0
    for line in httpx.get(f"{url}/metrics", timeout=5).text.splitlines():
        if line.startswith("structure_http_requests_total{") and 'status="5' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


def slots_active(url: str) -> float:
    for line in httpx.get(f"{url}/metrics", timeout=5).text.splitlines():
        if line.startswith("structure_model_slots_active "):
            return float(line.split()[1])
    return 0.0


def bench_malformed(fake: FakeModel, url: str) -> list[str]:
    cases = malformed_requests()
    before = len(fake.requests)
    statuses = [
        httpx.post(f"{url}/structure", content=body, headers=headers, timeout=30).status_code
        for _, body, headers in cases
    ]
    raw = raw_requests()
    for _, data, hang_up in raw:
        answered = raw_exchange(url, data.encode(), hang_up=hang_up)
        statuses.append(int(answered.split(b" ")[1]) if answered.startswith(b"HTTP/1.1") else 0)
    time.sleep(0.5)
    calls = len(fake.requests) - before
    bad = [status for status in statuses if status >= 500]
    return [
        f"malformed requests: {len(statuses)} distinct "
        f"({len(cases)} over HTTP, {len(raw)} on raw sockets)",
        f"  statuses: {dict(sorted(_count(statuses).items()))} (0: closed without an answer)",
        f"  5xx answers: {len(bad)}; 5xx counted in /metrics: {five_xx(url):g}; "
        f"model calls they caused: {calls}",
    ]


def _count(values: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def timed(url: str, text: str) -> tuple[int, float]:
    began = time.monotonic()
    response = httpx.post(f"{url}/structure", json={"text": text}, timeout=120)
    return response.status_code, time.monotonic() - began


def bench_deadlines(fake: FakeModel, url: str, deadline_s: float) -> list[str]:
    rows = [f"deadline ratio (answer time / {deadline_s:g} s deadline; must be <= 1.1):"]
    fake.default = hang(120)
    status, took = timed(url, ARTICLE + " Hang.")
    rows.append(f"  model hangs: {status} after {took:.2f} s, ratio {took / deadline_s:.3f}")
    fake.default = rate_limited(retry_after_s=20)
    status, took = timed(url, ARTICLE + " Limited.")
    rows.append(
        f"  429 with Retry-After 20: {status} after {took:.2f} s, ratio {took / deadline_s:.3f}"
    )
    fake.default = hang(120)
    with ThreadPoolExecutor(5) as pool:
        sent = []
        for number in range(5):
            sent.append(pool.submit(timed, url, f"{ARTICLE} Queued {number}."))
            time.sleep(0.1)
        answers = [future.result() for future in sent]
    worst = max(took for _, took in answers)
    statuses = [status for status, _ in answers]
    rows.append(
        f"  queued behind a hung model (1 slot, 5 requests 0.1 s apart): statuses {statuses}, "
        f"slowest {worst:.2f} s, ratio {worst / deadline_s:.3f}"
    )
    return rows


def bench_disconnects(fake: FakeModel, url: str, clients: int = 5) -> list[str]:
    fake.reset()
    fake.latency_s = 0.3  # each question takes 0.3 s; an article asks several
    host, port = url.removeprefix("http://").split(":")
    connections = []
    for number in range(clients):
        body = json.dumps({"text": f"{ARTICLE} Client {number}."}).encode()
        head = (
            "POST /structure HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\n\r\n"
        )
        connection = socket.create_connection((host, int(port)), timeout=5)
        connection.sendall(head.encode() + body)
        connections.append(connection)
    time.sleep(0.5)
    busy = slots_active(url)
    for connection in connections:
        connection.close()
    left_at = time.monotonic()
    while slots_active(url) > 0 and time.monotonic() - left_at < 5:
        time.sleep(0.02)
    freed_s = time.monotonic() - left_at
    time.sleep(3.0)
    after = [seen for seen in fake.requests if seen.at > left_at + 0.05]
    fake.latency_s = 0.0
    return [
        f"clients that disconnect: {clients} clients leave at 0.5 s with {busy:g} slots busy",
        f"  slots free {freed_s:.2f} s later; model calls in the next 3 s: {len(after)}",
    ]


def bench_sigterm(fake: FakeModel, env: dict[str, str], in_flight: int = 5) -> list[str]:
    fake.reset()
    fake.latency_s = 1.0  # one question per article (single): each request takes about 1 s
    with service(env) as (url, process):
        with ThreadPoolExecutor(in_flight) as pool:
            sent = [pool.submit(timed, url, f"{ARTICLE} Drain {n}.") for n in range(in_flight)]
            while len(fake.requests) < in_flight:
                time.sleep(0.02)
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            time.sleep(0.2)
            try:
                httpx.get(f"{url}/healthz", timeout=2)
                refused = "no: a new request was still served"
            except httpx.TransportError:
                refused = "yes"
            statuses = [future.result()[0] for future in sent]
        code = process.wait(30)
        exited_s = time.monotonic() - signalled
    fake.latency_s = 0.0
    return [
        f"SIGTERM with {in_flight} requests in flight (each about 1 s at the model):",
        f"  answered 200: {statuses.count(200)} of {in_flight} (statuses {statuses}); "
        f"new connections refused: {refused}; exited {exited_s:.2f} s after the signal "
        f"(code {code})",
    ]


def service_env(fake: FakeModel, **settings: str) -> dict[str, str]:
    """The environment of `python -m service` aimed at the fake, with these settings."""
    return {
        "PATH": "/usr/bin:/bin",
        "STRUCTURE_HOST": "127.0.0.1",
        "STRUCTURE_MODEL_BASE_URL": fake.base_url,
        "STRUCTURE_MODEL_NAME": MODEL,
        "STRUCTURE_OUTPUT_MODE": "json_schema",
        "STRUCTURE_CACHE_SIZE": "0",
        **{f"STRUCTURE_{name.upper()}": value for name, value in settings.items()},
    }


@contextmanager
def service(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[Any]]]:
    """`python -m service` with `env`; its URL once /healthz answers; stopped on exit."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "service"],
        cwd=ROOT,
        env={**env, "STRUCTURE_PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the service did not answer /healthz") from None
                time.sleep(0.2)
        yield url, process
    finally:
        if process.poll() is None:
            stop(process)


def main() -> None:
    """Run every measurement and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--deadline-s", type=float, default=2.0)
    args = parser.parse_args()
    deadline = str(args.deadline_s)
    with FakeModel() as fake:
        quick = {"header_read_timeout_s": "1", "body_read_timeout_s": "1"}
        with service(service_env(fake, strategy="focused", **quick)) as (url, _):
            print("\n".join(bench_malformed(fake, url)), flush=True)
            print("\n".join(bench_disconnects(fake, url)), flush=True)
        one_slot = {"max_concurrent_model_calls": "1", "request_deadline_s": deadline}
        with service(service_env(fake, strategy="focused", **one_slot)) as (url, _):
            print("\n".join(bench_deadlines(fake, url, args.deadline_s)), flush=True)
        rules = {"on_model_failure": "rules", "request_deadline_s": deadline}
        with service(service_env(fake, strategy="guided", **rules)) as (url, _):
            fake.default = hang(120)
            began = time.monotonic()
            response = httpx.post(f"{url}/structure", json={"text": ARTICLE}, timeout=60)
            took = time.monotonic() - began
            meta = response.json().get("meta", {})
            print(
                f"  hung model with STRUCTURE_ON_MODEL_FAILURE=rules: {response.status_code}, "
                f"degraded={meta.get('degraded')} ({meta.get('degraded_reason')}), "
                f"{len(response.json().get('statistics', []))} statistic(s) from the rules, "
                f"ratio {took / args.deadline_s:.3f}",
                flush=True,
            )
        drain = {"strategy": "single", "http_retries": "0", "request_deadline_s": "10"}
        print("\n".join(bench_sigterm(fake, service_env(fake, **drain))), flush=True)


if __name__ == "__main__":
    main()
