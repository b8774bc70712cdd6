"""The HTTP handlers: thin, they validate and delegate to the Structurer."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, ValidationException
from litestar.params import JSONBody

from service.errors import ModelError
from service.records import StructureRequest, StructureResponse
from service.request_ids import request_id_of
from service.settings import Settings
from service.structurer import Structurer


@post("/structure", status_code=200, summary="Structure an article into grounded records")
async def structure_article(
    request: Request[Any, Any, Any],
    data: JSONBody[StructureRequest],
    settings: NamedDependency[Settings],
    structurer: NamedDependency[Structurer],
) -> StructureResponse:
    """Return the article's claims, denials and statistics, each tied to its exact words."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise HTTPException(status_code=415, detail="Send the article as application/json.")
    if len(data.text.strip()) > settings.max_text_chars:
        raise ValidationException(
            extra=[
                {
                    "key": "text",
                    "message": f"text is longer than {settings.max_text_chars} "
                    "characters after trimming",
                    "source": "body",
                }
            ]
        )
    request_id = request_id_of(request.scope)
    structured = await structurer.structure(data, request_id)
    response = structured.response
    request.scope["state"]["model_usage"] = {
        "llm_calls": response.meta.llm_calls,
        "prompt_tokens": response.meta.usage.prompt_tokens,
        "completion_tokens": response.meta.usage.completion_tokens,
        "dropped_ungrounded": response.meta.dropped_ungrounded,
    }
    return response


@get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    """Answer as long as the process serves requests."""
    return {"status": "ok"}


@get("/readyz", summary="The model endpoint answers")
async def readyz(structurer: NamedDependency[Structurer]) -> dict[str, str]:
    """Ready when the model endpoint lists its models; a 503 problem otherwise."""
    try:
        await structurer.client.ping()
    except ModelError as error:
        raise type(error)(f"Not ready: {error.detail}") from error
    return {"status": "ready", "model": structurer.client.model_name}
