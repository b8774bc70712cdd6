"""The jobs contract's types (API.md "Jobs (v1)"): what callers submit and what they read back."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from service.core.records import HTTP_URL, StrictModel, StructureRequest

JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]
FINISHED: frozenset[str] = frozenset({"done", "failed", "cancelled"})
CALLBACK_URL = HTTP_URL


class ArticleJob(StructureRequest):
    """One article, in the same body as /structure, to be structured later."""

    callback_url: str | None = Field(
        default=None,
        pattern=CALLBACK_URL,
        description="Receives the finished job; its host must be allowed.",
    )


class BatchJob(StrictModel):
    """Several articles, structured independently, reported together in input order."""

    articles: list[StructureRequest] = Field(
        min_length=1, description="Each as the body of /structure; at most the configured count."
    )
    callback_url: str | None = Field(
        default=None,
        pattern=CALLBACK_URL,
        description="Receives the finished job; its host must be allowed.",
    )


class JobAccepted(BaseModel):
    """The answer to a submission: where to collect the job."""

    id: str
    status: JobStatus


class Progress(BaseModel):
    """Articles finished (structured or failed) out of the job's total."""

    done: int
    total: int


class JobRecord(BaseModel):
    """A job as stored: everything but its articles and results."""

    id: str
    owner: str
    fingerprint: str = Field(description="Owner and submission, hashed: finds a resubmission.")
    status: JobStatus
    total: int
    done: int = 0
    succeeded: int = 0
    created: dt.datetime
    finished: dt.datetime | None = None
    callback_url: str | None = None


class JobView(BaseModel):
    """A job as its caller reads it (GET /v1/jobs/{id}, and the callback's body)."""

    id: str
    status: JobStatus
    progress: Progress
    results: list[dict[str, Any] | None] = Field(
        description="Per article, in input order: its StructureResponse, its problem+json "
        "if it failed, or null while it waits."
    )
    created: dt.datetime
    finished: dt.datetime | None

    @property
    def finished_all(self) -> bool:
        """Is the job over (done, failed or cancelled)?"""
        return self.status in FINISHED
