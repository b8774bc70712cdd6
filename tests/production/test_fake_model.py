"""The fake model's normal answers pass the service's schemas in every output mode and strategy."""

from __future__ import annotations

import pytest

from service.core.records import Claim, Denial, Statistic, StructureResponse
from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel

MODES = ["llama_json_schema", "json_schema", "tools", "json"]


@pytest.mark.parametrize("strategy", ["single", "focused"])
@pytest.mark.parametrize("output_mode", MODES)
async def test_fake_answers_are_valid_for_every_mode_and_strategy(
    fake_model: FakeModel, output_mode: str, strategy: str
) -> None:
    settings = settings_for(fake_model, output_mode=output_mode, strategy=strategy, max_retries=0)
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
    assert response.status_code == 200, response.text
    body = StructureResponse.model_validate(response.json())
    assert body.claims or body.denials
    assert [s.value for s in body.statistics] == [48_000_000] or strategy == "focused"
    assert body.meta.llm_calls == len(fake_model.requests)
    records: list[Claim | Denial | Statistic] = [*body.claims, *body.denials, *body.statistics]
    for record in records:
        assert ARTICLE[record.evidence.start : record.evidence.end] == record.evidence.text


async def test_models_endpoint_makes_the_service_ready(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model)) as client:
        response = await client.get("/readyz")
    assert response.json() == {"status": "ready", "model": fake_model.model}
