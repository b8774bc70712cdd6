"""Submit, read and cancel jobs for their owner; run one article of a job for a worker."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import math
import secrets
import time
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from service.core.errors import JobFinished, JobsUnavailable, StructureError
from service.core.problems import Problem
from service.core.records import StructureRequest
from service.jobs.callbacks import CallbackSender, check_callback_url
from service.jobs.queues import ArticleQueue
from service.jobs.records import (
    FINISHED,
    ArticleJob,
    BatchJob,
    JobRecord,
    JobView,
    Progress,
)
from service.jobs.store import JobStore, now
from service.pipeline.breaker import REDIS_FAULTS
from service.pipeline.structurer import Structurer
from service.settings import Settings

ANONYMOUS = "anonymous"
CANCEL_CHECK_S = 0.25
"""How often a running article reads whether its job was cancelled."""
T = TypeVar("T")
_log = logging.getLogger("service.jobs")


def fingerprint(owner: str, articles: list[StructureRequest], callback_url: str | None) -> str:
    """SHA-256 of the owner and exactly what they submitted: the same job has the same one."""
    material = [owner, [article.model_dump(mode="json") for article in articles], callback_url]
    encoded = json.dumps(material, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def articles_of(submission: ArticleJob | BatchJob) -> list[StructureRequest]:
    """The submitted articles, as /structure requests."""
    if isinstance(submission, BatchJob):
        return list(submission.articles)
    return [StructureRequest.model_validate(submission.model_dump(exclude={"callback_url"}))]


async def read_view(store: JobStore, job: JobRecord) -> JobView:
    """The job as its owner sees it, with the results recorded so far."""
    results: list[dict[str, Any] | None] = [
        json.loads(result) if result is not None else None for result in await store.results(job.id)
    ]
    return JobView(
        id=job.id,
        status=job.status,
        progress=Progress(done=job.done, total=job.total),
        results=results,
        created=job.created,
        finished=job.finished,
    )


class JobManager:
    """The jobs of every owner; an owner only ever sees its own.

    Jobs live in the store (Redis, for more than one process), which has no stand-in:
    while it cannot be reached, every call here raises JobsUnavailable (503, retry
    later), and the jobs are there again when it returns.
    """

    def __init__(self, settings: Settings, store: JobStore, queue: ArticleQueue) -> None:
        self.settings = settings
        self.store = store
        self.queue = queue

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        try:
            yield
        except REDIS_FAULTS as fault:
            raise JobsUnavailable(
                "The job store cannot be reached just now; the jobs are kept there. Retry later.",
                retry_after_s=max(1, math.ceil(self.settings.redis_cooldown_s)),
            ) from fault

    async def submit(self, owner: str, submission: ArticleJob | BatchJob) -> tuple[JobRecord, bool]:
        """Accept a job (True), or return the owner's identical live job (False)."""
        if submission.callback_url is not None:
            check_callback_url(submission.callback_url, self.settings)
        with self._reachable():
            return await self._submit(owner, submission)

    async def _submit(
        self, owner: str, submission: ArticleJob | BatchJob
    ) -> tuple[JobRecord, bool]:
        articles = articles_of(submission)
        job = JobRecord(
            id="j_" + secrets.token_hex(12),
            owner=owner,
            fingerprint=fingerprint(owner, articles, submission.callback_url),
            status="queued",
            total=len(articles),
            created=now(),
            callback_url=submission.callback_url,
        )
        stored = await self.store.create(job, [a.model_dump_json() for a in articles])
        if stored.id != job.id:
            if stored.status not in FINISHED:
                results = await self.store.results(stored.id)
                missing = [index for index, result in enumerate(results) if result is None]
                await self.queue.ensure(stored.id, missing)
            return stored, False
        await self.queue.enqueue(job.id, job.total)
        return stored, True

    async def find(self, owner: str, job_id: str) -> JobRecord | None:
        """The owner's job, or None if it is unknown, expired or someone else's."""
        with self._reachable():
            job = await self.store.get(job_id)
        return job if job is not None and job.owner == owner else None

    async def view(self, job: JobRecord) -> JobView:
        """The job with its results so far."""
        with self._reachable():
            return await read_view(self.store, job)

    async def cancel(self, job: JobRecord) -> None:
        """Stop the job: articles not yet started are skipped, running ones stopped.

        A finished job is left as it was (JobFinished, 409).
        """
        with self._reachable():
            cancelled = await self.store.cancel(job)
        if not cancelled:
            raise JobFinished(f"Job {job.id!r} has finished ({job.status}); nothing to cancel.")


class ArticleRunner:
    """Runs one article of a job for a worker, records its result, and reports a finished job."""

    def __init__(
        self, store: JobStore, structurer: Structurer, callbacks: CallbackSender | None
    ) -> None:
        self._store = store
        self._structurer = structurer
        self._callbacks = callbacks

    async def __call__(self, job_id: str, index: int) -> None:
        """Structure article `index` of the job, unless the job is gone or finished."""
        job = await self._store.get(job_id)
        raw = await self._store.article(job_id, index)
        if job is None or job.status in FINISHED or raw is None:
            return
        if await self._store.has_result(job_id, index):
            return  # run again after its worker died having finished it
        await self._store.start(job_id)
        request = StructureRequest.model_validate_json(raw)
        request_id = f"{job_id}.{index}"
        began = time.perf_counter()
        try:
            structured = await self._unless_cancelled(
                job_id,
                self._structurer.structure(request, request_id, background=True, caller=job.owner),
            )
            if structured is None:
                _log.info("job article stopped: job cancelled", extra={"request_id": request_id})
                return
            result, ok = structured.response.model_dump(mode="json"), True
        except StructureError as error:
            result, ok = _problem(error, job_id, index, request_id), False
        except Exception:
            _log.exception("job article crashed", extra={"request_id": request_id})
            bug = StructureError("An unexpected error occurred.")
            result, ok = _problem(bug, job_id, index, request_id), False
        _log.info(
            "job article",
            extra={
                "request_id": request_id,
                "job_id": job_id,
                "status": 200 if ok else result["status"],
                "latency_ms": round((time.perf_counter() - began) * 1000),
            },
        )
        finished = await self._store.put_result(job_id, index, json.dumps(result), ok)
        if finished is not None and finished.callback_url and self._callbacks is not None:
            view = await read_view(self._store, finished)
            await self._callbacks.deliver(finished.callback_url, view)

    async def _unless_cancelled(self, job_id: str, work: Awaitable[T]) -> T | None:
        """`work`'s result; or None, with `work` stopped, once the job reads cancelled.

        The job is read again every CANCEL_CHECK_S while its article runs, in this
        process or another: a cancel stops the model calls and frees their slot.
        """
        task = asyncio.ensure_future(work)
        try:
            while not (await asyncio.wait({task}, timeout=CANCEL_CHECK_S))[0]:
                with contextlib.suppress(*REDIS_FAULTS):  # unread: keep working, read again
                    job = await self._store.get(job_id)
                    if job is None or job.status == "cancelled":
                        return None
            return task.result()
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


def _problem(error: StructureError, job_id: str, index: int, request_id: str) -> dict[str, Any]:
    """The article's problem+json, as /structure would have answered it."""
    return Problem(
        title=error.title,
        status=error.status_code,
        detail=error.detail,
        instance=f"/v1/jobs/{job_id}/articles/{index}",
        request_id=request_id,
    ).document()
