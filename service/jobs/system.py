"""The parts of the jobs feature, built from the settings and started and stopped together."""

from __future__ import annotations

from dataclasses import dataclass

from service.jobs.callbacks import CallbackSender
from service.jobs.manager import ArticleRunner, JobManager
from service.jobs.queues import ArticleQueue, InProcessQueue, SaqQueue
from service.jobs.redis_store import RedisJobStore
from service.jobs.store import JobStore, MemoryJobStore
from service.pipeline.structurer import Structurer
from service.settings import Settings


@dataclass
class JobSystem:
    """A store, a queue, and (where this process works on jobs) a runner feeding it."""

    manager: JobManager
    store: JobStore
    queue: ArticleQueue
    callbacks: CallbackSender

    async def start(self) -> None:
        """Connect, and start this process's workers if it runs any."""
        await self.queue.start()

    async def stop(self) -> None:
        """Stop the workers and release connections."""
        await self.queue.stop()
        await self.store.close()
        await self.callbacks.close()


def build_job_system(settings: Settings, structurer: Structurer, *, works: bool) -> JobSystem:
    """Redis-backed jobs when STRUCTURE_REDIS_URL is set, else jobs in this process only.

    `works` says whether this process runs articles; without Redis it always does,
    since no other process can see its queue.
    """
    callbacks = CallbackSender(settings)
    store: JobStore
    queue: ArticleQueue
    if settings.redis_url is None:
        store = MemoryJobStore(settings.job_retention_s)
        runner = ArticleRunner(store, structurer, callbacks)
        queue = InProcessQueue(runner, settings.job_concurrency)
    else:
        url = settings.redis_url.get_secret_value()
        store = RedisJobStore.from_url(url, settings.job_retention_s)
        runner = ArticleRunner(store, structurer, callbacks)
        queue = SaqQueue(
            url, runner if works else None, settings.job_concurrency, settings.job_heartbeat_s
        )
    return JobSystem(JobManager(settings, store, queue), store, queue, callbacks)
