"""One exception tree for everything the service reports to a caller.

    StructureError                 500  (never expected; a bug)
     +-- BadArticle                422  the request is not a valid article
     +-- ModelError                     the model could not give an answer
          +-- ModelUnavailable     503  endpoint unreachable or over capacity
          +-- ModelTimeout         504  no answer within the configured timeout
          +-- ModelOutputInvalid   502  answers came, none valid after the retries

Each class carries its HTTP status and a title; `service.problems` turns any
of them into an RFC 9457 problem document in one place.
"""

from __future__ import annotations


class StructureError(Exception):
    """Base of every error the service reports."""

    status_code = 500
    title = "Internal error"

    def __init__(self, detail: str, *, retry_after_s: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after_s = retry_after_s


class BadArticle(StructureError):
    """The request body is not a valid article."""

    status_code = 422
    title = "Invalid article"


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


class ModelOutputInvalid(ModelError):
    """The model answered, but nothing valid came out after the allowed retries."""

    status_code = 502
    title = "Model output invalid"
