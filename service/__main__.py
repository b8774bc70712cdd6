"""`python -m service`: serve the app with uvicorn on the configured host, port and workers."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import uvicorn

from service.http.logs import configure_logging
from service.http.serving import uvicorn_options
from service.settings import Settings


def main() -> None:
    """Run the service; STRUCTURE_HOST, STRUCTURE_PORT and STRUCTURE_WORKERS say where and how."""
    settings = Settings()
    # uvicorn's own lines (its supervisor's too) go through the service's JSON handler:
    # log_config=None leaves the handlers configured here in place.
    configure_logging(settings.log_level)
    if settings.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics here and /metrics adds them up; a fresh
        # directory per start, so a restart does not inherit old counts.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="structure-metrics-")
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=None,
        log_level=settings.log_level.lower(),
        access_log=False,
        # h11 with bounded, timed request heads; a drain as long as a request may take;
        # X-Forwarded-For believed only from the trusted proxies.
        **uvicorn_options(settings),
        **forwarded_options(settings),
    )


def forwarded_options(settings: Settings) -> dict[str, Any]:
    """uvicorn believes X-Forwarded-For only from STRUCTURE_TRUSTED_PROXIES, and from no one
    when it is empty (uvicorn's own default trusts 127.0.0.1, or FORWARDED_ALLOW_IPS)."""
    trusted = ",".join(part.strip() for part in settings.trusted_proxies.split(",") if part.strip())
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted}


if __name__ == "__main__":
    main()
