"""The queue of job articles, and the workers that take from it.

One queue entry is one article of one job, so a large batch spreads over
every worker. Without Redis an asyncio queue in this process serves one
machine; with Redis, SAQ keeps the entries, so any replica can enqueue, any
worker (in an API process or `python -m service.worker`) can run them, and an
article whose worker dies is run again: on SIGTERM SAQ re-queues it at once;
after a crash, the next sweep finds it silent past its heartbeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from saq import Queue, Worker
from saq.job import Job
from saq.types import PartialTimersDict

RunArticle = Callable[[str, int], Awaitable[None]]
QUEUE_NAME = "structure-articles"
TASK_NAME = "structure_article"
# Re-runs of one article after its worker died (SAQ's count includes the first run).
ARTICLE_ATTEMPTS = 5
_log = logging.getLogger("service.jobs")


class ArticleQueue(Protocol):
    """Takes a job's articles now; its workers (if this process runs any) run them later."""

    async def enqueue(self, job_id: str, total: int) -> None:
        """Queue articles 0..total-1 of the job."""
        ...

    async def ensure(self, job_id: str, indexes: list[int]) -> None:
        """See that these articles of a live job are queued, running, or queued again."""
        ...

    async def start(self) -> None:
        """Start this process's workers, if it runs any."""
        ...

    async def stop(self) -> None:
        """Stop the workers; articles they had not finished are run again (Redis) or lost."""
        ...


class InProcessQueue:
    """An asyncio queue and `concurrency` worker tasks in this process."""

    def __init__(self, run: RunArticle, concurrency: int) -> None:
        self._run = run
        self._concurrency = concurrency
        self._entries: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []

    async def enqueue(self, job_id: str, total: int) -> None:
        """Queue the job's articles; never refused (the queue has no bound)."""
        for index in range(total):
            self._entries.put_nowait((job_id, index))

    async def ensure(self, job_id: str, indexes: list[int]) -> None:
        """Nothing to do: this process queued them, and loses them only with the job."""

    async def start(self) -> None:
        """Start the worker tasks."""
        self._workers = [asyncio.create_task(self._work()) for _ in range(self._concurrency)]

    async def stop(self) -> None:
        """Cancel the worker tasks; what they held is lost, like everything queued."""
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []

    async def _work(self) -> None:
        while True:
            job_id, index = await self._entries.get()
            try:
                await self._run(job_id, index)
            except Exception:
                _log.exception("job article failed", extra={"job_id": job_id, "index": index})
            finally:
                self._entries.task_done()


class SaqQueue:
    """Articles as SAQ jobs in Redis; `run` given means this process works on them too.

    SAQ's job timeout is off: an article may wait long for a model slot behind
    interactive requests. A heartbeat every third of `heartbeat_s` shows it is
    alive; the model work itself is bounded by the request timeout.
    """

    def __init__(
        self,
        url: str,
        run: RunArticle | None,
        concurrency: int,
        heartbeat_s: int,
        name: str = QUEUE_NAME,
    ) -> None:
        self.queue = Queue.from_url(url, name=name)
        self._run = run
        self._concurrency = concurrency
        self._heartbeat_s = heartbeat_s
        self._worker: Worker[Any] | None = None
        self._working: asyncio.Task[None] | None = None

    async def enqueue(self, job_id: str, total: int) -> None:
        """Queue the job's articles in Redis; never refused."""
        await self.ensure(job_id, list(range(total)))

    async def ensure(self, job_id: str, indexes: list[int]) -> None:
        """Queue these articles unless SAQ has them queued or running already (by key).

        A job whose accepting process died before queueing it all, or whose
        article SAQ gave up on, is taken up again when its owner resubmits it.
        """
        await asyncio.gather(*(self._enqueue(job_id, index) for index in indexes))

    async def _enqueue(self, job_id: str, index: int) -> None:
        # SAQ bounds the Redis operations in flight (its queue's max_concurrent_ops).
        await self.queue.enqueue(
            TASK_NAME,
            key=f"{job_id}:{index}",
            job_id=job_id,
            index=index,
            timeout=0,
            heartbeat=self._heartbeat_s,
            retries=ARTICLE_ATTEMPTS,
            ttl=60,
        )

    async def start(self) -> None:
        """Connect, and start working if this process runs articles."""
        await self.queue.connect()
        if self._run is None:
            return
        # SAQ's defaults, but sweep for dead workers' articles once a heartbeat.
        timers: PartialTimersDict = {
            "schedule": 1,
            "worker_info": 10,
            "sweep": self._heartbeat_s,
            "abort": 1,
        }
        self._worker = Worker(
            self.queue,
            functions=[(TASK_NAME, self._task)],
            concurrency=self._concurrency,
            timers=timers,
            shutdown_grace_period_s=0,
        )
        # Signals belong to the host (uvicorn, or service.worker), which stops us in turn.
        self._worker.SIGNALS = []
        self._working = asyncio.create_task(self._worker.start())

    async def stop(self) -> None:
        """Stop working: SAQ puts the articles in hand back on the queue for another worker."""
        if self._worker is not None:
            await self._worker.stop()
        if self._working is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._working
        await self.queue.disconnect()

    async def _task(self, ctx: dict[str, Any], *, job_id: str, index: int) -> None:
        assert self._run is not None
        job: Job = ctx["job"]
        # The heartbeat is stopped by an event, not by cancelling it: a cancellation
        # landing inside job.update() can be swallowed by the Redis client, and the
        # beat would then go on for ever, holding the article (found by a test).
        done = asyncio.Event()
        beating = asyncio.create_task(self._beat(job, done))
        try:
            await self._run(job_id, index)
        finally:
            done.set()
            await beating

    async def _beat(self, job: Job, done: asyncio.Event) -> None:
        while not done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), self._heartbeat_s / 3)
            if not done.is_set():
                await job.update()
