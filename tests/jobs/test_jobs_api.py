"""/v1/jobs with the in-process queue: submit, poll to done, partial failure, dedupe, cancel."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar.testing import AsyncTestClient

from tests.jobs.conftest import poll_until
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel, answer, server_error


async def _job(client: AsyncTestClient[Any], location: str, **headers: str) -> dict[str, Any]:
    response = await client.get(location, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_submit_answers_202_with_location_and_polls_to_done(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model)) as client:
        submitted = await client.post("/v1/jobs", json={"text": ARTICLE, "title": "Bridge"})
        assert submitted.status_code == 202
        accepted = submitted.json()
        assert accepted["id"].startswith("j_")
        assert accepted["status"] == "queued"
        assert submitted.headers["location"] == f"/v1/jobs/{accepted['id']}"
        job = await poll_until(
            lambda: _job(client, submitted.headers["location"]),
            lambda job: job["status"] == "done",
        )
        direct = (await client.post("/v1/structure", json={"text": ARTICLE})).json()
    assert job["progress"] == {"done": 1, "total": 1}
    assert job["finished"] is not None
    assert job["created"] <= job["finished"]
    [result] = job["results"]
    assert result["meta"]["request_id"] == f"{accepted['id']}.0"
    for records in ("claims", "denials", "statistics"):
        assert result[records] == direct[records]
    assert result["claims"], "the fake model's answer should give at least one claim"


async def test_one_failed_article_leaves_the_others_done(fake_model: FakeModel) -> None:
    articles = [{"text": f"{ARTICLE} Part {n}."} for n in range(3)]
    # One worker takes the articles in order; the second article's every call fails.
    fake_model.latency_s = 0.0
    settings = settings_for(fake_model, job_concurrency=1, strategy="single", max_retries=0)
    async with serve(settings) as client:
        calls_per_article = await _calls_for_one_article(client, fake_model)
        fake_model.reset()
        fake_model.script(*[answer()] * calls_per_article, *[server_error()] * 1, *[answer()] * 50)
        submitted = await client.post("/v1/jobs", json={"articles": articles})
        assert submitted.status_code == 202
        job = await poll_until(
            lambda: _job(client, submitted.headers["location"]),
            lambda job: job["progress"]["done"] == 3,
        )
    assert job["status"] == "done"
    first, failed, third = job["results"]
    assert "claims" in first
    assert "claims" in third
    assert failed["status"] == 502
    assert failed["title"] == "Model error" or failed["title"].startswith("Model")
    assert failed["instance"] == f"/v1/jobs/{submitted.json()['id']}/articles/1"
    assert failed["request_id"] == f"{submitted.json()['id']}.1"


async def _calls_for_one_article(client: AsyncTestClient[Any], fake: FakeModel) -> int:
    before = len(fake.requests)
    response = await client.post("/structure", json={"text": "Warm-up. The mayor said so."})
    assert response.status_code == 200
    return len(fake.requests) - before


async def test_resubmission_returns_the_callers_existing_job(fake_model: FakeModel) -> None:
    body = {"articles": [{"text": ARTICLE}, {"text": ARTICLE + " More."}]}
    async with serve(settings_for(fake_model)) as client:
        first = await client.post("/v1/jobs", json=body)
        again = await client.post("/v1/jobs", json=body)
        other = await client.post("/v1/jobs", json={"articles": body["articles"][:1]})
    assert (first.status_code, again.status_code, other.status_code) == (202, 200, 202)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["location"] == first.headers["location"]
    assert other.json()["id"] != first.json()["id"]


async def test_cancelled_job_reads_cancelled_and_skips_its_remaining_articles(
    fake_model: FakeModel,
) -> None:
    fake_model.latency_s = 0.2
    articles = [{"text": f"{ARTICLE} Part {n}."} for n in range(6)]
    settings = settings_for(fake_model, job_concurrency=1)
    async with serve(settings) as client:
        submitted = await client.post("/v1/jobs", json={"articles": articles})
        location = submitted.headers["location"]
        await poll_until(lambda: _job(client, location), lambda job: job["status"] == "running")
        cancelled = await client.delete(location)
        calls_at_cancel = len(fake_model.requests)
        await asyncio.sleep(1.0)
        job = await _job(client, location)
        again = await client.post("/v1/jobs", json={"articles": articles})
    assert cancelled.status_code == 204
    assert job["status"] == "cancelled"
    assert job["finished"] is not None
    assert job["progress"]["done"] < 6
    # At most the article in hand finishes its calls after the cancel.
    assert len(fake_model.requests) - calls_at_cancel < 6
    assert again.status_code == 202
    assert again.json()["id"] != submitted.json()["id"]


async def test_unknown_job_is_a_404_problem(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model)) as client:
        response = await client.get("/v1/jobs/j_nope")
        deleted = await client.delete("/v1/jobs/j_nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["request_id"] == response.headers["x-request-id"]
    assert deleted.status_code == 404


async def test_jobs_belong_to_the_key_that_submitted_them(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, api_keys="key-a,key-b")
    async with serve(settings) as client:
        anonymous = await client.post("/v1/jobs", json={"text": ARTICLE})
        mine = await client.post("/v1/jobs", json={"text": ARTICLE}, headers={"X-API-Key": "key-a"})
        location = mine.headers["location"]
        theirs_read = await client.get(location, headers={"X-API-Key": "key-b"})
        theirs_cancel = await client.delete(location, headers={"X-API-Key": "key-b"})
        theirs_submit = await client.post(
            "/v1/jobs", json={"text": ARTICLE}, headers={"X-API-Key": "key-b"}
        )
        mine_read = await client.get(location, headers={"X-API-Key": "key-a"})
    assert anonymous.status_code == 401
    assert (theirs_read.status_code, theirs_cancel.status_code) == (404, 404)
    assert theirs_submit.status_code == 202, "the same body from another key is its own job"
    assert theirs_submit.json()["id"] != mine.json()["id"]
    assert mine_read.status_code == 200
    assert mine_read.json()["status"] != "cancelled"


async def test_single_article_errors_name_the_field_as_for_structure(
    fake_model: FakeModel,
) -> None:
    async with serve(settings_for(fake_model)) as client:
        missing = await client.post("/v1/jobs", json={"title": "No text"})
        typo = await client.post("/v1/jobs", json={"text": "a", "pubished": "2024-01-01"})
    assert [e["field"] for e in missing.json()["errors"]] == ["text"]
    assert [e["field"] for e in typo.json()["errors"]] == ["pubished"]


async def test_batch_over_the_limit_and_long_articles_are_refused(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, job_max_articles=2, max_text_chars=50)
    async with serve(settings) as client:
        too_many = await client.post("/v1/jobs", json={"articles": [{"text": "a"}] * 3})
        too_long = await client.post(
            "/v1/jobs", json={"articles": [{"text": "short"}, {"text": "x" * 51}]}
        )
        unknown = await client.post("/v1/jobs", json={"articles": [{"text": "a", "body": "b"}]})
        empty = await client.post("/v1/jobs", json={"articles": []})
    assert too_many.status_code == 422
    assert {e["field"] for e in too_many.json()["errors"]} == {"articles"}
    assert too_long.status_code == 422
    assert {e["field"] for e in too_long.json()["errors"]} == {"articles.1.text"}
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["articles.0.body"]
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["articles"]
    assert len(fake_model.requests) == 0


async def test_jobs_wait_behind_a_full_interactive_queue_instead_of_being_refused(
    fake_model: FakeModel,
) -> None:
    fake_model.latency_s = 0.3
    settings = settings_for(fake_model, max_concurrent_model_calls=1, max_queued=0)
    async with serve(settings) as client:
        submitted = await client.post(
            "/v1/jobs", json={"articles": [{"text": f"{ARTICLE} {n}"} for n in range(3)]}
        )
        job = await poll_until(
            lambda: _job(client, submitted.headers["location"]),
            lambda job: job["status"] in ("done", "failed"),
        )
    assert submitted.status_code == 202
    assert job["status"] == "done"
    assert all("claims" in result for result in job["results"])


async def test_options_on_a_job_lists_get_and_delete(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model)) as client:
        response = await client.options("/v1/jobs/j_any")
    assert response.status_code == 204
    assert response.headers["allow"] == "DELETE, GET, OPTIONS"


async def test_a_job_is_a_404_once_its_retention_has_passed(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model, job_retention_s=1)) as client:
        submitted = await client.post("/v1/jobs", json={"text": ARTICLE})
        location = submitted.headers["location"]
        done = await poll_until(lambda: _job(client, location), lambda j: j["status"] == "done")
        refused = await client.delete(location)  # a finished job stays as it was
        kept = await _job(client, location)
        await asyncio.sleep(1.2)
        expired = await client.get(location)
    assert done["status"] == "done"
    assert refused.status_code == 409
    assert kept["status"] == "done"
    assert expired.status_code == 404
