"""The /v1/jobs routes: thin, they check the caller and delegate to the JobManager."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import HttpMethod, Litestar, Request, Response, delete, get, post, route
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import FromPath, JSONBody
from pydantic import Discriminator, RootModel, Tag

from service.core.errors import JobNotFound
from service.http.auth import CLIENT_STATE_KEY, PROTECTED
from service.http.problems import http_error_handler
from service.http.rate_limit import UNMETERED
from service.http.routes import (
    STRUCTURE_ERRORS,
    accepts_as_json,
    article_problems,
    problem_spec,
)
from service.jobs.manager import ANONYMOUS, JobManager
from service.jobs.records import CALLBACK_URL, ArticleJob, BatchJob, JobAccepted, JobRecord, JobView
from service.settings import Settings

_TAGS = ("article", "batch")


def _kind(body: Any) -> str:
    return "batch" if isinstance(body, dict) and "articles" in body else "article"


class Submission(
    RootModel[
        Annotated[
            Annotated[ArticleJob, Tag("article")] | Annotated[BatchJob, Tag("batch")],
            Discriminator(_kind),
        ]
    ]
):
    """One article as for /structure, or {"articles": [...]}; either with a callback_url."""


_STORE_DOWN = {
    503: problem_spec("The job store cannot be reached just now; retry after Retry-After.")
}
_JOB_ERRORS = {
    **{status: spec for status, spec in STRUCTURE_ERRORS.items() if status < 500},
    403: problem_spec("callback_url names a host that is not allowed, or callbacks are off."),
    **_STORE_DOWN,
}
_NOT_FOUND = {
    404: problem_spec("No job with this id belongs to the caller, or it has expired."),
    401: STRUCTURE_ERRORS[401],
    # Reading and cancelling spend no rate limit, but a wrong key still counts as a failure.
    429: problem_spec("Too many failed API-key attempts from this address; see Retry-After."),
    **_STORE_DOWN,
}


def submission_error_handler(
    request: Request[Any, Any, Any], error: ValidationException
) -> Response[dict[str, Any]]:
    """Name a submission's invalid fields as the caller wrote them, without the union's tag."""
    if isinstance(error.extra, list):
        for item in error.extra:
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                kind, _, rest = item["key"].partition(".")
                if kind in _TAGS and rest:
                    item["key"] = rest
    return http_error_handler(request, error)


def describe_submission(app: Litestar) -> None:
    """Say in the OpenAPI document what Litestar leaves out of the job submission.

    Litestar documents a RootModel as an object holding `root` (the body is
    the root itself), and drops the pattern of an optional string
    (callback_url), so generated clients would send URLs that get a 422.
    """
    schemas = app.openapi_schema.components.schemas or {}
    root = schemas[Submission.__name__].properties or {}
    schema = root["root"]
    assert isinstance(schema, Schema)
    schema.description = Submission.__doc__
    schemas[Submission.__name__] = schema
    for model in (ArticleJob, BatchJob):
        callback = (schemas[model.__name__].properties or {})["callback_url"]
        assert isinstance(callback, Schema)
        for option in callback.one_of or []:
            if isinstance(option, Schema) and option.type == OpenAPIType.STRING:
                option.pattern = CALLBACK_URL


def _owner(request: Request[Any, Any, Any]) -> str:
    """The API key's fingerprint when keys are configured; everyone is one caller otherwise."""
    return str(request.scope["state"].get(CLIENT_STATE_KEY) or ANONYMOUS)


def _location(job: JobRecord) -> str:
    return f"/v1/jobs/{job.id}"


@post(
    "/v1/jobs",
    operation_id="submitJob",
    tags=["jobs"],
    summary="Submit articles to structure later",
    description="202 with Location for a new job; 200 with the same id for a resubmission.",
    status_code=202,
    responses={
        **_JOB_ERRORS,
        200: ResponseSpec(
            data_container=JobAccepted,
            description="The same job, already submitted by this caller and still kept.",
        ),
    },
    opt={PROTECTED: True},
)
async def submit_job(
    request: Request[Any, Any, Any],
    data: JSONBody[Submission],
    settings: NamedDependency[Settings],
    jobs: NamedDependency[JobManager],
) -> Response[JobAccepted]:
    """Queue the articles; they wait for the model behind interactive requests."""
    content_type = request.headers.get("content-type", "")
    if not accepts_as_json(content_type, accept_form=settings.accept_form_bodies):
        raise HTTPException(status_code=415, detail="Send the job as application/json.")
    _check_limits(data.root, settings)
    job, created = await jobs.submit(_owner(request), data.root)
    return Response(
        JobAccepted(id=job.id, status=job.status),
        status_code=202 if created else 200,
        headers={"Location": _location(job)},
    )


# Litestar's automatic OPTIONS handler keeps the methods of the first handler on a
# path when a second one joins it (Allow: GET, OPTIONS here), so this path states its own.
# Register it before the GET and DELETE handlers.
@route("/v1/jobs/{job_id:str}", http_method=HttpMethod.OPTIONS, include_in_schema=False)
async def job_options() -> Response[None]:
    """The methods a job allows."""
    return Response(None, status_code=204, headers={"Allow": "DELETE, GET, OPTIONS"})


@get(
    "/v1/jobs/{job_id:str}",
    operation_id="getJob",
    tags=["jobs"],
    summary="Read a job: its status, progress and results so far",
    responses=_NOT_FOUND,
    opt={PROTECTED: True, UNMETERED: True},
)
async def read_job(
    request: Request[Any, Any, Any], job_id: FromPath[str], jobs: NamedDependency[JobManager]
) -> JobView:
    """The job, with each finished article's response or problem in input order."""
    job = await jobs.find(_owner(request), job_id)
    if job is None:
        raise JobNotFound(f"No job {job_id!r} for this caller; it may have expired.")
    return await jobs.view(job)


@delete(
    "/v1/jobs/{job_id:str}",
    operation_id="cancelJob",
    tags=["jobs"],
    summary="Cancel a job",
    responses={
        **_NOT_FOUND,
        409: problem_spec("The job has finished (done, failed or cancelled) and is left so."),
    },
    opt={PROTECTED: True, UNMETERED: True},
)
async def cancel_job(
    request: Request[Any, Any, Any], job_id: FromPath[str], jobs: NamedDependency[JobManager]
) -> None:
    """Running articles are stopped, the rest skipped; the job reads cancelled until it expires."""
    job = await jobs.find(_owner(request), job_id)
    if job is None:
        raise JobNotFound(f"No job {job_id!r} for this caller; it may have expired.")
    await jobs.cancel(job)


def _check_limits(data: ArticleJob | BatchJob, settings: Settings) -> None:
    """The job's size, and /structure's limits on every article."""
    problems: list[dict[str, str]] = []
    if isinstance(data, BatchJob):
        if len(data.articles) > settings.job_max_articles:
            problems.append(
                {
                    "key": "articles",
                    "message": f"a job holds at most {settings.job_max_articles} articles",
                    "source": "body",
                }
            )
        for number, article in enumerate(data.articles):
            problems.extend(article_problems(article, settings, prefix=f"articles.{number}."))
    else:
        problems.extend(article_problems(data, settings))
    if problems:
        raise ValidationException(extra=problems)
