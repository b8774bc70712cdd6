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
from service.pipeline.wiring import build_structurer, close_structurer
from service.settings import Settings

_log = logging.getLogger("service.worker")


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
