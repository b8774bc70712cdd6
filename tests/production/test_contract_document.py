"""Gaps schemathesis found between the contract, the validation and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest

from service.app import create_app
from service.settings import Settings
from tests.production.conftest import serve, settings_for
from tests.support.fake_model import FakeModel


@pytest.mark.parametrize(
    "published",
    [
        pytest.param(0, id="number-as-unix-time"),
        pytest.param("0", id="digit-string-as-unix-time"),
        pytest.param("2024-03-07T00:00:00", id="datetime"),
        pytest.param("20240307", id="compact"),
        pytest.param(True, id="boolean"),
    ],
)
async def test_published_must_be_written_yyyy_mm_dd(fake_model: FakeModel, published: Any) -> None:
    async with serve(settings_for(fake_model)) as client:
        response = await client.post(
            "/structure", json={"text": "An article.", "published": published}
        )
    assert response.status_code == 422
    assert "published" in [error["field"] for error in response.json()["errors"]]
    assert fake_model.requests == []


def openapi() -> dict[str, Any]:
    document: dict[str, Any] = create_app(
        Settings(model_base_url="http://model.invalid/v1")
    ).openapi_schema.to_schema()
    return document


def test_request_models_that_reject_unknown_fields_say_so() -> None:
    schemas = openapi()["components"]["schemas"]
    assert schemas["StructureRequest"]["additionalProperties"] is False


def test_response_models_stay_open_to_fields_the_service_may_add() -> None:
    schemas = openapi()["components"]["schemas"]
    for name in ("StructureResponse", "Claim", "Denial", "Statistic", "Evidence", "Meta", "Usage"):
        assert "additionalProperties" not in schemas[name], name


def test_numbers_are_json_numbers_not_an_overlapping_union() -> None:
    statistic = openapi()["components"]["schemas"]["Statistic"]["properties"]
    assert statistic["value"]["type"] == "number"
    assert statistic["total"]["type"] == ["number", "null"]
    assert "oneOf" not in statistic["value"]


def test_every_documented_error_of_structure_is_a_problem_document() -> None:
    responses = openapi()["paths"]["/structure"]["post"]["responses"]
    for status in ("400", "401", "413", "415", "422", "429", "502", "503", "504"):
        content = responses[status]["content"]
        assert list(content) == ["application/problem+json"], status
