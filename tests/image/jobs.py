"""compose.scale.yaml's shape on one machine: an API that only accepts jobs, a
separate `python -m service.worker` and Redis, each in its own container.

Debian 12's podman-compose (1.0.3) cannot start them on the host's network: it
adds a network of its own beside `network_mode: host`, and podman refuses the
pair. A bridge network would carry the traffic on 10.x addresses, and the tests
keep theirs on loopback; so the same containers are started here by hand, with
compose.scale.yaml's settings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from redis import Redis
from redis.exceptions import RedisError

from tests.image.checks import CheckFailed, check
from tests.image.podman import logs_tail, podman, remove, start
from tests.image.service import service_env, wait_for_health

REDIS_DOCKERFILE = Path(__file__).with_name("Dockerfile.redis")
REDIS_IMAGE = "localhost/factstructure-redis"
REDIS, API, WORKER = "factstructure-redis", "factstructure-api", "factstructure-worker"
# As compose.scale.yaml runs them: a read-only root, a tmpfs for /tmp.
READ_ONLY = ("--read-only", "--tmpfs", "/tmp")
SETTLED = ("done", "failed", "cancelled")
ARTICLE = "The minister said {n} people died in the floods on Monday, officials confirmed."


@dataclass(frozen=True)
class Ports:
    """Where each container listens on loopback."""

    api: int
    redis: int


def job_env(model_url: str, ports: Ports) -> dict[str, str]:
    """compose.scale.yaml's settings for the API and the worker, on the fake model."""
    return {
        **service_env(model_url, ports.api),
        "STRUCTURE_REDIS_URL": f"redis://127.0.0.1:{ports.redis}/0",
        "STRUCTURE_JOB_RUN_IN_API": "false",
        # One article at a time and a short heartbeat: a killed worker leaves an
        # article half done, and the next worker's sweep takes it up within seconds.
        "STRUCTURE_JOB_CONCURRENCY": "1",
        "STRUCTURE_JOB_HEARTBEAT_S": "2",
    }


def start_redis(port: int) -> str:
    """Redis from REDIS_IMAGE on 127.0.0.1:`port`, without persistence; its name once it answers."""
    arguments = ("--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
    name = start(REDIS, REDIS_IMAGE, {}, READ_ONLY, arguments)
    began = time.monotonic()
    while time.monotonic() - began < 20:
        try:
            if Redis(port=port, socket_timeout=1).ping():
                return name
        except RedisError:
            time.sleep(0.2)
    raise CheckFailed(f"redis-server did not answer within 20 s:\n{logs_tail(name)}")


def start_job_service(image: str, env: dict[str, str], role: str) -> str:
    """The API (`python -m service`) or the worker (`python -m service.worker`), as in compose."""
    name = API if role == "api" else WORKER
    entrypoint = () if role == "api" else ("--entrypoint", '["python", "-m", "service.worker"]')
    return start(name, image, env, READ_ONLY + entrypoint)


def submit(client: httpx.Client, first: int, count: int) -> str:
    """Submit `count` distinct articles as one job; its location."""
    articles = [{"text": ARTICLE.format(n=n)} for n in range(first, first + count)]
    response = client.post("/v1/jobs", json={"articles": articles})
    if response.status_code != 202:
        raise CheckFailed(f"POST /v1/jobs answered {response.status_code}: {response.text[:300]}")
    return str(response.headers["location"])


def read(client: httpx.Client, location: str) -> dict[str, Any]:
    """The job as the API reports it."""
    job: dict[str, Any] = client.get(location).raise_for_status().json()
    return job


def wait_until(client: httpx.Client, location: str, done: int, timeout_s: float) -> dict[str, Any]:
    """Poll the job until `done` articles are finished (and, if all, the job with them);
    CheckFailed with the worker's log if not."""
    began = time.monotonic()
    while time.monotonic() - began < timeout_s:
        job = read(client, location)
        progress = job["progress"]
        if progress["done"] >= done and (done < progress["total"] or job["status"] in SETTLED):
            return job
        time.sleep(0.2)
    raise CheckFailed(
        f"job {location}: {job['progress']} after {timeout_s:.0f} s, waiting for {done}:\n"
        f"{logs_tail(WORKER)}"
    )


def finished_well(job: dict[str, Any]) -> None:
    """Every article of the job has its records; CheckFailed naming the first that has not."""
    if job["status"] != "done":
        raise CheckFailed(f"job status {job['status']!r}, not 'done'")
    for index, result in enumerate(job["results"]):
        if result is None or "claims" not in result:
            raise CheckFailed(f"article {index} of the job has no records: {result}")


def check_worker_finishes_a_job(client: httpx.Client, image: str, env: dict[str, str]) -> str:
    """A job waits while no worker runs (the API runs none), and the worker then finishes it."""
    location = submit(client, 0, 2)
    time.sleep(2)
    waiting = read(client, location)
    if waiting["status"] != "queued":
        raise CheckFailed(f"with no worker the job is {waiting['status']!r}: the API ran it")
    began = time.monotonic()
    start_job_service(image, env, "worker")
    job = wait_until(client, location, 2, timeout_s=60)
    finished_well(job)
    return (
        f"queued for 2 s with no worker, then done by the worker container in "
        f"{time.monotonic() - began:.1f} s ({job['progress']['total']} articles)"
    )


def check_job_outlives_its_worker(client: httpx.Client, articles: int = 4) -> str:
    """SIGKILL the worker part way through a job; restarted, it finishes every article."""
    location = submit(client, 100, articles)
    wait_until(client, location, 1, timeout_s=60)
    podman("kill", "--signal", "KILL", WORKER)
    podman("wait", WORKER, timeout_s=30)
    at_kill = read(client, location)
    if at_kill["progress"]["done"] >= articles:
        raise CheckFailed("the job was done before the kill: give the fake model more latency")
    time.sleep(3)
    while_dead = read(client, location)
    if while_dead["progress"] != at_kill["progress"]:
        raise CheckFailed(f"progress moved with the worker dead: {while_dead['progress']}")
    began = time.monotonic()
    podman("start", WORKER)
    job = wait_until(client, location, articles, timeout_s=90)
    finished_well(job)
    return (
        f"killed at {at_kill['progress']['done']}/{articles} articles, no progress for 3 s, "
        f"restarted: {articles}/{articles} done {time.monotonic() - began:.1f} s later"
    )


def run_job_checks(image: str, model_url: str, ports: Ports) -> None:
    """Redis, the API and the worker in containers; each check prints its line."""
    env = job_env(model_url, ports)
    url = f"http://127.0.0.1:{ports.api}"
    try:
        start_redis(ports.redis)
        api = start_job_service(image, env, "api")
        wait_for_health(api, url)
        with httpx.Client(base_url=url, timeout=10) as client:
            check("worker finishes a job", check_worker_finishes_a_job, client, image, env)
            check("job outlives its worker", check_job_outlives_its_worker, client)
    finally:
        for name in (WORKER, API, REDIS):
            remove(name)
