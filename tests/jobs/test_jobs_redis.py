"""Jobs in a real redis-server on loopback: any replica accepts, any worker runs, no work lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from service.jobs.manager import ANONYMOUS, articles_of, fingerprint
from service.jobs.records import BatchJob, JobRecord
from service.jobs.redis_store import RedisJobStore
from service.jobs.store import now
from service.settings import Settings
from tests.jobs.conftest import poll_until
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel

ARTICLES = [{"text": f"{ARTICLE} Part {n}."} for n in range(4)]


def _worker_env(settings: Settings) -> dict[str, str]:
    """The environment that gives `python -m service.worker` these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRUCTURE_")}
    assert settings.redis_url is not None
    env.update(
        STRUCTURE_MODEL_BASE_URL=settings.model_base_url,
        STRUCTURE_MODEL_NAME=settings.model_name,
        STRUCTURE_OUTPUT_MODE=settings.output_mode,
        STRUCTURE_STRATEGY=settings.strategy,
        STRUCTURE_HTTP_RETRIES=str(settings.http_retries),
        STRUCTURE_REDIS_URL=settings.redis_url.get_secret_value(),
        STRUCTURE_JOB_CONCURRENCY=str(settings.job_concurrency),
        STRUCTURE_JOB_HEARTBEAT_S=str(settings.job_heartbeat_s),
    )
    return env


@contextmanager
def worker(settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m service.worker` in its own process; killed at the end if still running."""
    process = subprocess.Popen(
        [sys.executable, "-m", "service.worker"],
        env=_worker_env(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


async def _read(client: Any, location: str) -> dict[str, Any]:
    response = await client.get(location)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_redis_job_polls_to_done_on_the_api_process_worker(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(fake_model, redis_url=redis_url)
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"articles": ARTICLES[:2]})
        job = await poll_until(
            lambda: _read(client, submitted.headers["location"]),
            lambda job: job["status"] == "done",
        )
    assert submitted.status_code == 202
    assert job["progress"] == {"done": 2, "total": 2}
    assert all(result["claims"] for result in job["results"])


async def test_job_accepted_by_one_replica_is_resubmitted_and_read_on_another(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, job_run_in_api=False)
    async with serve(settings) as replica_a:
        first = await replica_a.post("/v1/jobs", json={"articles": ARTICLES[:1]})
    async with serve(settings) as replica_b:
        again = await replica_b.post("/v1/jobs", json={"articles": ARTICLES[:1]})
        seen = await _read(replica_b, first.headers["location"])
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["id"] == first.json()["id"]
    assert seen["status"] == "queued", "no worker runs: the API replicas only accept"
    assert fake_model.requests == []


async def test_job_accepted_by_the_api_is_run_by_a_separate_worker_process(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(fake_model, redis_url=redis_url, job_run_in_api=False)
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"articles": ARTICLES[:2]})
        with worker(settings):
            job = await poll_until(
                lambda: _read(client, submitted.headers["location"]),
                lambda job: job["status"] == "done",
                timeout_s=30,
            )
    assert job["progress"] == {"done": 2, "total": 2}
    assert all(result["claims"] for result in job["results"])
    assert len(fake_model.requests) >= 2


async def test_job_survives_its_worker_being_killed_part_way(
    fake_model: FakeModel, redis_url: str
) -> None:
    fake_model.latency_s = 0.15
    settings = settings_for(
        fake_model, redis_url=redis_url, job_run_in_api=False, job_concurrency=1, job_heartbeat_s=1
    )
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"articles": ARTICLES})
        location = submitted.headers["location"]
        with worker(settings) as first:
            await poll_until(
                lambda: _read(client, location),
                lambda job: job["progress"]["done"] >= 1,
                timeout_s=30,
            )
            first.send_signal(signal.SIGKILL)  # a crash: no chance to hand anything back
            first.wait(10)
        at_crash = await _read(client, location)
        with worker(settings):
            job = await poll_until(
                lambda: _read(client, location),
                lambda job: job["status"] == "done",
                timeout_s=45,
            )
    assert at_crash["status"] == "running"
    assert at_crash["progress"]["done"] < len(ARTICLES)
    assert job["progress"] == {"done": len(ARTICLES), "total": len(ARTICLES)}
    assert all(result is not None and result["claims"] for result in job["results"])


async def test_job_survives_a_graceful_worker_restart(
    fake_model: FakeModel, redis_url: str
) -> None:
    fake_model.latency_s = 0.15
    settings = settings_for(
        fake_model, redis_url=redis_url, job_run_in_api=False, job_concurrency=1
    )
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"articles": ARTICLES})
        location = submitted.headers["location"]
        with worker(settings) as first:
            await poll_until(
                lambda: _read(client, location),
                lambda job: job["progress"]["done"] >= 1,
                timeout_s=30,
            )
            first.send_signal(signal.SIGTERM)
            assert first.wait(15) == 0
        with worker(settings):
            job = await poll_until(
                lambda: _read(client, location),
                lambda job: job["status"] == "done",
                timeout_s=30,
            )
    assert job["progress"] == {"done": len(ARTICLES), "total": len(ARTICLES)}
    assert all(result is not None and result["claims"] for result in job["results"])


def test_worker_refuses_to_start_without_redis() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRUCTURE_")}
    done = subprocess.run(
        [sys.executable, "-m", "service.worker"], env=env, capture_output=True, timeout=30
    )
    assert done.returncode != 0
    assert b"STRUCTURE_REDIS_URL" in done.stderr


async def test_resubmitting_a_job_whose_replica_died_before_queueing_it_runs_it(
    fake_model: FakeModel, redis_url: str
) -> None:
    settings = settings_for(fake_model, redis_url=redis_url)
    body = {"articles": ARTICLES[:2]}
    articles = articles_of(BatchJob.model_validate(body))
    # What a replica that died between storing the job and queueing it leaves behind.
    store = RedisJobStore.from_url(redis_url, settings.job_retention_s)
    orphan = JobRecord(
        id="j_orphan",
        owner=ANONYMOUS,
        fingerprint=fingerprint(ANONYMOUS, articles, None),
        status="queued",
        total=2,
        created=now(),
    )
    await store.create(orphan, [article.model_dump_json() for article in articles])
    await store.close()
    async with serve(settings) as client:
        again = await client.post("/v1/jobs", json=body)
        job = await poll_until(
            lambda: _read(client, "/v1/jobs/j_orphan"), lambda job: job["status"] == "done"
        )
    assert again.status_code == 200
    assert again.json()["id"] == "j_orphan"
    assert job["progress"] == {"done": 2, "total": 2}
