"""Examples in the OpenAPI document: a short request, and the seed article with its answer.

The seed's answer is the service's own, replayed from the model's recording by
`python -m evals.openapi_example` into service/http/static/openapi/structure-seed.json;
nothing in it is written by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from litestar import Litestar
from litestar.openapi.spec import Example, OpenAPIResponse, RequestBody

from service.http.docs import STATIC_ROOT

SEED_EXAMPLE_FILE = STATIC_ROOT / "openapi" / "structure-seed.json"
# Invented for the document: no person, place or figure in it is real.
SHORT_REQUEST = {
    "text": (
        "The harbour authority said on Tuesday that the new ferry terminal would open in June. "
        '"We expect 3,000 passengers a day," its director, Lena Moreau, told reporters. '
        "The operator denied that the opening had been delayed."
    ),
    "title": "Ferry terminal to open in June",
    "published": "2026-03-10",
}


@dataclass
class VerbatimExample(Example):
    """An example whose value is written as given: Litestar drops every null from dicts,
    which would make an example response miss its required nullable fields."""

    def to_schema(self) -> dict[str, Any]:
        """The spec object, with `value` untouched."""
        schema = super().to_schema()
        if self.value is not None:
            schema["value"] = self.value
        return schema


@cache
def _seed() -> dict[str, Any]:
    seed: dict[str, Any] = json.loads(SEED_EXAMPLE_FILE.read_text(encoding="utf-8"))
    return seed


def add_examples(app: Litestar) -> None:
    """Put the examples on POST /structure's request body and 200 response, in place."""
    seed = _seed()
    operation = (app.openapi_schema.paths or {})["/structure"].post
    if operation is None or not isinstance(operation.request_body, RequestBody):
        raise LookupError("POST /structure has no request body in the OpenAPI document")
    operation.request_body.content["application/json"].examples = {
        "short": VerbatimExample(summary="A short article", value=SHORT_REQUEST),
        "seed": VerbatimExample(
            summary="The seed article: a news report with claims, denials and figures",
            value=seed["request"],
        ),
    }
    answer = (operation.responses or {})["200"]
    if not isinstance(answer, OpenAPIResponse) or answer.content is None:
        raise LookupError("POST /structure has no 200 content in the OpenAPI document")
    answer.content["application/json"].examples = {
        "seed": VerbatimExample(
            summary="The answer to the seed article",
            description="Made by the service from the model's recorded responses "
            "(qwen2.5-coder 1.5B, focused strategy); latency_ms is the recorded model time.",
            value=seed["response"],
        )
    }
