"""`python -m service.worker`: run job articles from Redis, apart from any API process.

Needs STRUCTURE_REDIS_URL (the API replicas' queue) and the model settings the
API uses. SIGTERM or SIGINT stops it; SAQ puts the articles in hand back on the
queue, and another worker (or this one, restarted) runs them.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from service.http.logs import configure_logging
from service.jobs.system import build_job_system
from service.model.client import ModelClient
from service.model.prompts import load_prompts
from service.pipeline.cache import build_cache
from service.pipeline.gate import ModelGate
from service.pipeline.structurer import Structurer
from service.settings import Settings

_log = logging.getLogger("service.worker")


def build_structurer(settings: Settings) -> Structurer:
    """The pipeline outside the API: its model client, cache and gate, with no HTTP metering."""
    gate = ModelGate(
        settings.max_concurrent_model_calls, settings.max_queued, settings.overload_retry_after_s
    )
    return Structurer(
        settings, ModelClient(settings), load_prompts(), cache=build_cache(settings), gate=gate
    )


async def close_structurer(structurer: Structurer) -> None:
    """Close the model client and the cache."""
    await structurer.client.close()
    if structurer.cache is not None:
        await structurer.cache.close()


async def work(settings: Settings, stopping: asyncio.Event) -> None:
    """Work on job articles until `stopping` is set."""
    structurer = build_structurer(settings)
    jobs = build_job_system(settings, structurer, works=True)
    await jobs.start()
    _log.info("worker started", extra={"concurrency": settings.job_concurrency})
    try:
        await stopping.wait()
    finally:
        await jobs.stop()
        await close_structurer(structurer)
        _log.info("worker stopped")


def main() -> None:
    """Run a worker with the settings from the environment."""
    settings = Settings()
    if settings.redis_url is None:
        raise SystemExit(
            "service.worker takes jobs from Redis: set STRUCTURE_REDIS_URL. Without Redis, "
            "the API process runs its own jobs."
        )
    configure_logging(settings.log_level)

    async def run() -> None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stopping.set)
        await work(settings, stopping)

    asyncio.run(run())


if __name__ == "__main__":
    main()
