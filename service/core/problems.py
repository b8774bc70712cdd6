"""The RFC 9457 problem document: how every error leaves the service, a job or the CLI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

PROBLEM_JSON = "application/problem+json"


class FieldProblem(BaseModel):
    """One invalid field of the request."""

    field: str = Field(description="The field's name, or 'body'.")
    reason: str


class Problem(BaseModel):
    """An RFC 9457 problem document, as every error leaves the service (for the OpenAPI)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    request_id: str = Field(description="Also in the X-Request-ID header and the log line.")
    errors: list[FieldProblem] | None = None

    def document(self) -> dict[str, Any]:
        """The JSON object sent: `errors` only when there are some."""
        return self.model_dump(mode="json", exclude_none=True)
