"""Cancelling a running job stops its model calls at once; a finished job cannot be cancelled.

The fake model hangs on the job's article, holding the only model slot: once the
job is cancelled, the slot must come free within a second, so an interactive
request after it is answered at the model's own pace.
"""

from __future__ import annotations

import time
from typing import Any

from tests.jobs.conftest import poll_until
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.production.test_faults import assert_problem
from tests.reliability.redis_server import RestartableRedis
from tests.support.fake_model import FakeModel, answer, hang

# The hung call would hold the slot this long without a cancel; its timeout is longer still.
HANG_S = 30.0


async def _status(client: Any, location: str) -> str:
    response = await client.get(location)
    return str(response.json()["status"])


async def test_cancelling_a_running_job_frees_its_model_slot_within_a_second(
    fake_model: FakeModel,
) -> None:
    await _cancel_frees_the_slot(fake_model)


async def test_cancelling_a_running_job_in_redis_frees_its_model_slot_within_a_second(
    fake_model: FakeModel, redis_server: RestartableRedis
) -> None:
    await _cancel_frees_the_slot(fake_model, redis_url=redis_server.url)


async def _cancel_frees_the_slot(fake_model: FakeModel, **store: Any) -> None:
    fake_model.script(hang(HANG_S))
    fake_model.default = answer()
    settings = settings_for(
        fake_model, max_concurrent_model_calls=1, request_timeout_s=HANG_S + 10, **store
    )
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"text": ARTICLE + " A job."})
        location = submitted.headers["location"]
        await poll_until(lambda: _asked(fake_model), bool)
        cancelled = await client.delete(location)
        began = time.monotonic()
        next_request = await client.post("/structure", json={"text": ARTICLE})
        waited = time.monotonic() - began
        status = await _status(client, location)
    assert cancelled.status_code == 204
    assert next_request.status_code == 200, next_request.text
    # A second for the slot to come free, a second more for a loaded machine: far
    # below the 30 s the hung call would have held it.
    assert waited < 2.0, f"the next request waited {waited:.2f} s"
    assert status == "cancelled"


async def _asked(fake: FakeModel) -> bool:
    return len(fake.requests) > 0


async def test_delete_on_a_finished_job_is_a_409_and_leaves_it_as_it_was(
    fake_model: FakeModel,
) -> None:
    async with serve(settings_for(fake_model)) as client:
        await _a_409_leaves_a_done_job_as_it_was(client)


async def test_delete_on_a_finished_job_in_redis_is_a_409_and_leaves_it_as_it_was(
    fake_model: FakeModel, redis_server: RestartableRedis
) -> None:
    async with serve(settings_for(fake_model, redis_url=redis_server.url)) as client:
        await _a_409_leaves_a_done_job_as_it_was(client)


async def _a_409_leaves_a_done_job_as_it_was(client: Any) -> None:
    submitted = await client.post("/v1/jobs", json={"text": ARTICLE})
    location = submitted.headers["location"]
    done = await poll_until(lambda: client.get(location), lambda r: r.json()["status"] == "done")
    refused = await client.delete(location)
    after = await client.get(location)
    assert_problem(refused, 409)
    assert after.json() == done.json()
