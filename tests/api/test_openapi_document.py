"""The OpenAPI document a client generator reads: names, version, keys and examples."""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from typing import Any

import pytest
from pydantic import ValidationError

from evals.openapi_example import replay_seed
from service.app import create_app
from service.core.records import Claim, Denial, Statistic, StructureRequest, StructureResponse
from service.http.examples import SEED_EXAMPLE_FILE
from service.jobs.records import CALLBACK_URL, ArticleJob
from service.settings import Settings


def document(**settings: Any) -> dict[str, Any]:
    app = create_app(Settings(model_base_url="http://model.invalid/v1", **settings))
    served: dict[str, Any] = app.openapi_schema.to_schema()
    return served


def operations(served: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, item in served["paths"].items()
        for method, operation in item.items()
    }


def test_operations_have_client_friendly_ids_and_summaries() -> None:
    found = operations(document())
    assert {name: op["operationId"] for name, op in found.items()} == {
        "POST /structure": "structureArticle",
        "POST /v1/structure": "structureArticleV1",
        "GET /healthz": "getHealth",
        "GET /readyz": "getReadiness",
        "POST /v1/jobs": "submitJob",
        "GET /v1/jobs/{job_id}": "getJob",
        "DELETE /v1/jobs/{job_id}": "cancelJob",
    }
    for name, operation in found.items():
        assert operation["summary"], name
        assert operation["description"], name


def test_info_version_is_the_package_version() -> None:
    assert document()["info"]["version"] == version("factstructure")


def test_security_schemes_are_declared_only_when_keys_are_configured() -> None:
    open_document = document()
    assert "securitySchemes" not in open_document.get("components", {})
    assert "security" not in open_document["paths"]["/structure"]["post"]

    keyed = document(api_keys="one,two")
    schemes = keyed["components"]["securitySchemes"]
    assert schemes["bearerKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerKey"]["description"],
    }
    assert (schemes["headerKey"]["in"], schemes["headerKey"]["name"]) == ("header", "X-API-Key")
    assert keyed["paths"]["/structure"]["post"]["security"] == [
        {"bearerKey": []},
        {"headerKey": []},
    ]
    assert "security" not in keyed["paths"]["/healthz"]["get"]


def test_examples_are_valid_bodies_of_the_contract() -> None:
    structure = document()["paths"]["/structure"]["post"]
    requests = structure["requestBody"]["content"]["application/json"]["examples"]
    assert set(requests) == {"short", "seed"}
    for example in requests.values():
        StructureRequest.model_validate(example["value"])
    answer = structure["responses"]["200"]["content"]["application/json"]["examples"]["seed"]
    response = StructureResponse.model_validate(answer["value"])
    text = requests["seed"]["value"]["text"]
    records: list[Claim | Denial | Statistic] = [
        *response.claims,
        *response.denials,
        *response.statistics,
    ]
    for record in records:
        assert text[record.evidence.start : record.evidence.end] == record.evidence.text


async def test_seed_example_is_what_the_service_answers_on_the_recording() -> None:
    kept = json.loads(SEED_EXAMPLE_FILE.read_text(encoding="utf-8"))
    fresh = await replay_seed()
    assert fresh == kept, "stale example: rewrite it with `python -m evals.openapi_example`"



def test_every_article_text_states_what_its_validator_refuses() -> None:
    # Found by schemathesis: a job's {"text": "...\u0000..."} was schema-valid, then refused.
    schemas = document()["components"]["schemas"]
    for name in ("StructureRequest", "ArticleJob"):
        pattern = schemas[name]["properties"]["text"]["pattern"]
        assert re.search(pattern, "An article.")
        assert not re.search(pattern, "An\u0000article.")
        assert not re.search(pattern, " \n ")



# Every character that some regex engine's \s matches (Python, Rust's regex, ECMA-262).
_SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()] + ["\ufeff"]


def _accepts(model: type[StructureRequest], **fields: Any) -> bool:
    try:
        model(**fields)
    except ValidationError:
        return False
    return True


@pytest.fixture(scope="module")
def text_pattern() -> str:
    pattern: str = document()["components"]["schemas"]["StructureRequest"]["properties"]["text"][
        "pattern"
    ]
    return pattern


@pytest.mark.parametrize("space", _SPACES, ids=[f"U+{ord(c):04X}" for c in _SPACES])
def test_the_documented_patterns_accept_what_the_service_accepts(
    space: str, text_pattern: str
) -> None:
    # Found by schemathesis: a callback_url with U+0085 matched the document, and got 422.
    # \s means other characters to ECMA-262 (the document's), Rust (pydantic's) and Python;
    # spelled out, the patterns read the same in all three, so Python's re can judge them.
    assert "\\s" not in text_pattern
    assert "\\s" not in CALLBACK_URL
    for text in (space * 2, f"{space}x"):
        assert bool(re.search(text_pattern, text)) == _accepts(StructureRequest, text=text)
    url = f"http://host/a{space}b"
    assert bool(re.search(CALLBACK_URL, url)) == _accepts(ArticleJob, text="x", callback_url=url)
