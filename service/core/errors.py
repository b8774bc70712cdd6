"""One exception tree for everything the service reports to a caller.

    StructureError                 500  (never expected; a bug)
     +-- BadArticle                422  the request is not a valid article
     +-- BodyTooSlow               408  the body did not arrive within the read timeout
     +-- Unauthorized              401  API keys are configured and none valid was sent
     +-- RateLimited               429  the caller went over its per-minute allowance
     +-- Overloaded                503  every model slot is busy and the queue is full
     |    +-- QueueDeadline        503  the request's deadline passed while it waited for a slot
     +-- JobsUnavailable           503  the job store (Redis) cannot be reached just now
     +-- JobNotFound               404  no job with this id belongs to the caller
     +-- JobFinished               409  the job has finished and can no longer be cancelled
     +-- CallbackRefused           403  callbacks are off, or the callback_url's host is not allowed
     +-- ModelError                     the model could not give an answer
          +-- ModelUnavailable     503  endpoint unreachable or over capacity
          +-- ModelTimeout         504  no answer within the configured timeout
          |    +-- DeadlinePassed  504  the request's deadline passed while the model worked
          +-- ModelOutputInvalid   502  answers came, none valid after the retries

Each class carries its HTTP status and a title. Every problem document is a
`service.core.problems.Problem`: `service.http.problems` renders a request's,
a job gives each failed article one, and the CLI writes one per failed line.
"""

from __future__ import annotations

from typing import ClassVar


class StructureError(Exception):
    """Base of every error the service reports."""

    status_code = 500
    title = "Internal error"
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, detail: str, *, retry_after_s: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after_s = retry_after_s


class BadArticle(StructureError):
    """The request body is not a valid article."""

    status_code = 422
    title = "Invalid article"


class BodyTooSlow(StructureError):
    """The client did not send its body within the read timeout (a slow or stuck client)."""

    status_code = 408
    title = "Request timeout"
    headers: ClassVar[dict[str, str]] = {"Connection": "close"}


class Unauthorized(StructureError):
    """The request lacks a valid API key."""

    status_code = 401
    title = "Unauthorized"
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="structure"'}


class RateLimited(StructureError):
    """The caller sent more requests than its per-minute allowance."""

    status_code = 429
    title = "Too many requests"


class Overloaded(StructureError):
    """The service has no model slot free and its queue is full: shed load, retry later."""

    status_code = 503
    title = "Service overloaded"


class QueueDeadline(Overloaded):
    """The request's deadline passed while it waited for a model slot."""


class JobNotFound(StructureError):
    """No job with this id belongs to the caller (or it has expired)."""

    status_code = 404
    title = "Not found"


class JobsUnavailable(StructureError):
    """The job store cannot be reached: the jobs wait there, so retry later."""

    status_code = 503
    title = "Jobs unavailable"


class JobFinished(StructureError):
    """The job has finished (done, failed or cancelled): there is nothing left to cancel."""

    status_code = 409
    title = "Job finished"


class CallbackRefused(StructureError):
    """A job's callback_url is not allowed: callbacks are off, or its host is not listed."""

    status_code = 403
    title = "Callback not allowed"


class ModelError(StructureError):
    """The model endpoint did not produce a usable answer."""

    status_code = 502
    title = "Model error"


class ModelUnavailable(ModelError):
    """The model endpoint is unreachable or refuses work."""

    status_code = 503
    title = "Model unavailable"


class ModelTimeout(ModelError):
    """The model did not answer in time."""

    status_code = 504
    title = "Model timeout"


class DeadlinePassed(ModelTimeout):
    """The request's deadline passed while the model worked on it."""


class ModelOutputInvalid(ModelError):
    """The model answered, but nothing valid came out after the allowed retries."""

    status_code = 502
    title = "Model output invalid"
