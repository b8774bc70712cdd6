"""Where jobs, their articles and their results live: this process's memory, or Redis
(`redis_store.py`).

A job's results are written one article at a time; only the first result for
an article counts, so an article run twice (its worker died after finishing
it) moves the progress once. The write that completes the job says so, and
its caller sends the callback.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Protocol

from service.jobs.records import FINISHED, JobRecord


def now() -> dt.datetime:
    """The current time in UTC, as jobs record it."""
    return dt.datetime.now(dt.UTC)


class JobStore(Protocol):
    """Jobs by id, deduplicated per owner by a fingerprint of what was submitted."""

    async def create(self, job: JobRecord, articles: list[str]) -> JobRecord:
        """Store `job`, or return the owner's live job with the same fingerprint instead."""
        ...

    async def get(self, job_id: str) -> JobRecord | None:
        """The job, or None once it has expired (or never existed)."""
        ...

    async def article(self, job_id: str, index: int) -> str | None:
        """The article at `index`, as the JSON it was submitted in."""
        ...

    async def results(self, job_id: str) -> list[str | None]:
        """Each article's result JSON in input order; None where it has none yet."""
        ...

    async def has_result(self, job_id: str, index: int) -> bool:
        """Has the article at `index` a result already (it is being run again)?"""
        ...

    async def start(self, job_id: str) -> None:
        """A queued job is now running."""
        ...

    async def put_result(self, job_id: str, index: int, result: str, ok: bool) -> JobRecord | None:
        """Record an article's result; the finished job if this write finished it, else None."""
        ...

    async def cancel(self, job: JobRecord) -> bool:
        """Cancel a queued or running job (True): it reads cancelled until it expires and
        no longer deduplicates. A finished one stays as it was (False)."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...


def _finish(job: JobRecord) -> None:
    job.status = "done" if job.succeeded else "failed"
    job.finished = now()


@dataclass
class _Kept:
    job: JobRecord
    articles: list[str]
    results: dict[int, str] = field(default_factory=dict)
    expires: float = 0.0


class MemoryJobStore:
    """Jobs in this process only: a restart loses them all (see the README)."""

    def __init__(self, retention_s: int) -> None:
        self._retention_s = retention_s
        self._jobs: dict[str, _Kept] = {}
        self._by_fingerprint: dict[str, str] = {}

    def _live(self, job_id: str) -> _Kept | None:
        kept = self._jobs.get(job_id)
        if kept is not None and kept.expires < time.monotonic():
            del self._jobs[job_id]
            return None
        return kept

    def _keep(self, kept: _Kept) -> None:
        kept.expires = time.monotonic() + self._retention_s

    async def create(self, job: JobRecord, articles: list[str]) -> JobRecord:
        """Store `job`, or return the owner's live job with the same fingerprint instead."""
        known = self._by_fingerprint.get(job.fingerprint)
        existing = self._live(known) if known else None
        if existing is not None:
            return existing.job.model_copy()
        for job_id in [key for key, kept in self._jobs.items() if kept.expires < time.monotonic()]:
            expired = self._jobs.pop(job_id)
            if self._by_fingerprint.get(expired.job.fingerprint) == job_id:
                del self._by_fingerprint[expired.job.fingerprint]
        kept = _Kept(job.model_copy(), list(articles))
        self._keep(kept)
        self._jobs[job.id] = kept
        self._by_fingerprint[job.fingerprint] = job.id
        return job

    async def get(self, job_id: str) -> JobRecord | None:
        """The job, or None once it has expired."""
        kept = self._live(job_id)
        return kept.job.model_copy() if kept else None

    async def article(self, job_id: str, index: int) -> str | None:
        """The article at `index`."""
        kept = self._live(job_id)
        return kept.articles[index] if kept and 0 <= index < len(kept.articles) else None

    async def results(self, job_id: str) -> list[str | None]:
        """Each article's result JSON in input order."""
        kept = self._live(job_id)
        if kept is None:
            return []
        return [kept.results.get(index) for index in range(kept.job.total)]

    async def has_result(self, job_id: str, index: int) -> bool:
        """Has the article at `index` a result already?"""
        kept = self._live(job_id)
        return kept is not None and index in kept.results

    async def start(self, job_id: str) -> None:
        """A queued job is now running."""
        kept = self._live(job_id)
        if kept is not None and kept.job.status == "queued":
            kept.job.status = "running"

    async def put_result(self, job_id: str, index: int, result: str, ok: bool) -> JobRecord | None:
        """Record the first result for an article; the job if this finished it."""
        kept = self._live(job_id)
        if kept is None or index in kept.results:
            return None
        kept.results[index] = result
        job = kept.job
        job.done += 1
        job.succeeded += int(ok)
        self._keep(kept)
        if job.done >= job.total and job.status not in FINISHED:
            _finish(job)
            return job.model_copy()
        return None

    async def cancel(self, job: JobRecord) -> bool:
        """Mark a queued or running job cancelled; a resubmission makes a new job."""
        kept = self._live(job.id)
        if kept is None or kept.job.status in FINISHED:
            return False
        kept.job.status = "cancelled"
        kept.job.finished = now()
        if self._by_fingerprint.get(job.fingerprint) == job.id:
            del self._by_fingerprint[job.fingerprint]
        return True

    async def close(self) -> None:
        """Nothing to release."""
