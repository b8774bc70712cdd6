"""With Redis down the jobs endpoints say 503 and when to retry; the jobs are there after."""

from __future__ import annotations

from typing import Any

import httpx

from tests.jobs.conftest import poll_until
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.production.test_faults import assert_problem
from tests.reliability.redis_server import RestartableRedis
from tests.support.fake_model import FakeModel


def assert_retry_later(response: httpx.Response) -> None:
    assert_problem(response, 503)
    assert int(response.headers["retry-after"]) >= 1


async def test_jobs_answer_503_with_retry_after_while_redis_is_down_and_keep_their_jobs(
    fake_model: FakeModel, redis_server: RestartableRedis
) -> None:
    settings = settings_for(fake_model, redis_url=redis_server.url, redis_cooldown_s=0.5)
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"text": ARTICLE})
        location = submitted.headers["location"]
        await poll_until(lambda: client.get(location), lambda r: r.json()["status"] == "done")
        redis_server.kill()
        down = [
            await client.post("/v1/jobs", json={"text": ARTICLE + " Again."}),
            await client.get(location),
            await client.delete(location),
        ]
        redis_server.start()
        found = await poll_until(lambda: client.get(location), _answered, timeout_s=10)
    assert submitted.status_code == 202
    for response in down:
        assert_retry_later(response)
    assert found.status_code == 200
    assert found.json()["status"] == "done"


def _answered(response: Any) -> bool:
    return bool(response.status_code != 503)
