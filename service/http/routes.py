"""The HTTP handlers: thin, they validate and delegate to the Structurer."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody

from service.core.errors import ModelError, ModelUnavailable
from service.core.problems import PROBLEM_JSON, Problem
from service.core.records import StructureRequest, StructureResponse
from service.http.auth import CLIENT_STATE_KEY, PROTECTED
from service.http.metrics import ServiceMetrics
from service.http.request_ids import request_id_of
from service.http.work import StructureWork, attach
from service.pipeline.structurer import Structurer
from service.settings import Settings


def problem_spec(description: str) -> ResponseSpec:
    """An OpenAPI response of problem+json, described."""
    return ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_JSON,
        description=description,
        generate_examples=False,
    )


STRUCTURE_ERRORS = {
    400: problem_spec("Malformed JSON or a body that is not UTF-8."),
    401: problem_spec("An API key is configured and the request lacks a valid one."),
    413: problem_spec("The body is over the configured size limit."),
    408: problem_spec("The body did not arrive within the read timeout."),
    415: problem_spec("The body is not sent as application/json."),
    422: problem_spec("A field is missing, of the wrong type, empty, too long or unknown."),
    429: problem_spec(
        "The caller is over its rate limit, or its address over the failed-key throttle; "
        "see Retry-After."
    ),
    502: problem_spec("The model answered, but nothing valid came out after the retries."),
    503: problem_spec("The model is unreachable or over capacity, or the queue is full."),
    504: problem_spec("The model did not answer within the configured timeout."),
}


# curl -d sends form encoding by default; its body is still the JSON the caller
# meant, and it fails validation like any other body if it is not. A browser can
# send it cross-site without a preflight, so a deployment can turn it off.
_FORM = "application/x-www-form-urlencoded"


def accepts_as_json(content_type: str, *, accept_form: bool) -> bool:
    """Is a body of this content type read as JSON? (JSON, +json types, and curl's default)."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == _FORM:
        return accept_form
    return media_type == "application/json" or media_type.endswith("+json")


def article_problems(
    article: StructureRequest, settings: Settings, prefix: str = ""
) -> list[dict[str, str]]:
    """The configured limits an article breaks: text, title and url lengths (each a 422)."""
    problems = []
    limits = [
        ("text", len(article.text.strip()), settings.max_text_chars, " after trimming"),
        ("title", len(article.title or ""), settings.max_title_chars, ""),
        ("url", len(article.url or ""), settings.max_url_chars, ""),
    ]
    for field, length, most, how in limits:
        if length > most:
            problems.append(
                {
                    "key": f"{prefix}{field}",
                    "message": f"{field} is longer than {most} characters{how}",
                    "source": "body",
                }
            )
    return problems


@post(
    ["/structure", "/v1/structure"],
    status_code=200,
    operation_id=lambda handler, method, path: (
        "structureArticleV1" if "v1" in path else "structureArticle"
    ),
    tags=["structure"],
    summary="Structure an article into grounded records",
    description=(
        "Returns the claims, denials and statistics the article supports. Every record's "
        "`evidence` is a verbatim span of the request's `text`: `text[start:end]`, offsets "
        "in Unicode code points. Records the text does not support are dropped and "
        "counted in `meta.dropped_ungrounded`. A local model can take minutes on a long "
        "article: give the call a generous timeout. Responses may gain fields; ignore "
        "the ones you do not know."
    ),
    responses={
        200: ResponseSpec(
            data_container=StructureResponse,
            description="The records, each tied to its exact words, and how they were made.",
            generate_examples=False,
        ),
        **STRUCTURE_ERRORS,
    },
    opt={PROTECTED: True},
)
async def structure_article(
    request: Request[Any, Any, Any],
    data: JSONBody[StructureRequest],
    settings: NamedDependency[Settings],
    structurer: NamedDependency[Structurer],
) -> StructureResponse:
    """Return the article's claims, denials and statistics, each tied to its exact words."""
    content_type = request.headers.get("content-type", "")
    if not accepts_as_json(content_type, accept_form=settings.accept_form_bodies):
        raise HTTPException(
            status_code=415,
            detail="Send the article as application/json "
            "(curl: -H 'content-type: application/json').",
        )
    problems = article_problems(data, settings)
    if problems:
        raise ValidationException(extra=problems)
    request_id = request_id_of(request.scope)
    work = StructureWork(article_text=data.text if settings.log_article_text else None)
    attach(request.scope, work)
    caller = request.scope["state"].get(CLIENT_STATE_KEY)
    structured = await structurer.structure(data, request_id, work.meter, caller=caller)
    work.cache = structured.cache
    work.dropped_ungrounded = len(structured.ungrounded)
    return structured.response


@get("/healthz", operation_id="getHealth", tags=["health"], summary="The process is up")
async def healthz() -> dict[str, str]:
    """Answer as long as the process serves requests."""
    return {"status": "ok"}


@get(
    "/readyz",
    operation_id="getReadiness",
    tags=["health"],
    summary="The model endpoint can take work",
    responses={503: problem_spec("The model endpoint is unreachable or does not list its models.")},
)
async def readyz(structurer: NamedDependency[Structurer]) -> dict[str, str]:
    """Ready when the model endpoint lists its models, busy or not; a 503 problem otherwise.

    A model call that answered, or is still running, within the request timeout
    shows the model up without asking it. Not ready is always 503, a slow answer
    included: an orchestrator reads any other status as a fault of this replica
    rather than of its model.
    """
    if structurer.client.liveness.shown():
        return {"status": "ready", "model": structurer.client.model_name}
    try:
        await structurer.client.ping()
    except ModelError as error:
        raise ModelUnavailable(f"Not ready: {error.detail}") from error
    return {"status": "ready", "model": structurer.client.model_name}


@get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics_text(metrics: NamedDependency[ServiceMetrics]) -> Response[bytes]:
    """The service's metrics in the Prometheus text format."""
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
