"""A model that fails most of an article's questions is a failed model, never a healthy answer.

The guided strategy leaves a sentence whose question failed to the rules; when
most questions fail, the answer is the model failure's (under `error`) or the
rules' marked degraded (under `rules`), and no answer with a failed question is
cached for the model to repeat once it is healthy again.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.pipeline.cache import MemoryCache
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.production.test_faults import assert_problem
from tests.support.fake_model import (
    FakeModel,
    answer,
    invalid_json,
    schema_invalid,
    server_error,
)

# Four sentences the grammar leaves to the model (a quotation pinned to a name by a
# colon, no verb of speech): four questions for the guided strategy.
TEXT = (
    ARTICLE + ' Harbour official Rui Matos: "The ferry will sail again on Monday."'
    ' Port worker Ines Vidal: "Nobody has been paid for weeks."'
    ' Union member Lena Okafor: "The strike goes on until the wages come."'
    ' Council aide John Carter: "The budget has no room for new cranes."'
)
FAILURES = [
    pytest.param(server_error, id="http-500"),
    pytest.param(invalid_json, id="invalid-json"),
    pytest.param(schema_invalid, id="schema-invalid"),
]


def guided(fake: FakeModel, **overrides: Any) -> Any:
    return settings_for(fake, strategy="guided", max_retries=0, **overrides)


@pytest.mark.parametrize("failure", FAILURES)
async def test_under_error_a_model_failing_every_question_is_a_502_problem(
    fake_model: FakeModel, failure: Any
) -> None:
    fake_model.default = failure()
    async with serve(guided(fake_model, on_model_failure="error")) as client:
        response = await client.post("/structure", json={"text": TEXT})
    problem = assert_problem(response, 502)
    assert "4 of the model's 4 questions" in problem["detail"]


@pytest.mark.parametrize("failure", FAILURES)
async def test_under_rules_a_model_failing_every_question_answers_the_rules_marked_degraded(
    fake_model: FakeModel, failure: Any
) -> None:
    fake_model.default = failure()
    async with serve(guided(fake_model, on_model_failure="rules")) as client:
        response = await client.post("/structure", json={"text": TEXT})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["meta"]["degraded"] is True
    assert body["meta"]["degraded_reason"] == "model_output_invalid"
    # The rules' own records: "Mayor Ana Ruiz said" and "48 million euros".
    assert "Mayor Ana Ruiz" in {claim["speaker"]["name"] for claim in body["claims"]}
    assert 48_000_000 in {statistic["value"] for statistic in body["statistics"]}


async def test_three_failed_questions_of_four_are_a_failed_model(fake_model: FakeModel) -> None:
    fake_model.script(schema_invalid(), schema_invalid(), schema_invalid())
    fake_model.default = answer()
    async with serve(guided(fake_model, on_model_failure="error")) as client:
        response = await client.post("/structure", json={"text": TEXT})
    assert_problem(response, 502)


@pytest.mark.parametrize("mode", ["error", "rules"])
async def test_a_failed_model_is_not_cached_and_is_asked_again_once_healthy(
    fake_model: FakeModel, mode: str
) -> None:
    fake_model.default = server_error()
    async with serve(guided(fake_model, on_model_failure=mode), cache=MemoryCache(8)) as client:
        await client.post("/structure", json={"text": TEXT})
        fake_model.default = answer()
        healthy = await client.post("/structure", json={"text": TEXT})
    assert healthy.status_code == 200, healthy.text
    assert healthy.json()["meta"]["cache"] == "miss"
    assert healthy.json()["meta"]["degraded"] is False


async def test_an_answer_with_one_failed_question_of_four_is_served_but_never_cached(
    fake_model: FakeModel,
) -> None:
    fake_model.script(server_error())
    fake_model.default = answer()
    async with serve(guided(fake_model), cache=MemoryCache(8)) as client:
        first = await client.post("/structure", json={"text": TEXT})
        second = await client.post("/structure", json={"text": TEXT})
    assert first.status_code == 200, first.text
    assert first.json()["meta"]["degraded"] is False
    assert any("left to the rules" in warning for warning in first.json()["meta"]["warnings"])
    assert second.json()["meta"]["cache"] == "miss"
