"""On SIGTERM the service stops taking requests, finishes those in flight, then exits.

`python -m service` runs as a process against the fake model; bounded: a 3 s
deadline, three requests, and a kill if it has not exited 10 s after the signal.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import yaml

from service.http.serving import DRAIN_MARGIN_S, drain_seconds, uvicorn_options
from service.settings import Settings
from tests.production.conftest import ARTICLE
from tests.support.fake_model import FakeModel

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "python -m service exited early"
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("python -m service did not answer /healthz within 30 s")


def test_sigterm_lets_requests_in_flight_finish_and_refuses_new_ones(tmp_path: Path) -> None:
    with FakeModel(latency_s=1.0) as fake:
        port = _free_port()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "STRUCTURE_HOST": "127.0.0.1",
            "STRUCTURE_PORT": str(port),
            "STRUCTURE_MODEL_BASE_URL": fake.base_url,
            "STRUCTURE_MODEL_NAME": fake.model,
            "STRUCTURE_STRATEGY": "single",
            "STRUCTURE_HTTP_RETRIES": "0",
            "STRUCTURE_REQUEST_DEADLINE_S": "3",
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "service"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, process)
            with ThreadPoolExecutor(3) as pool:
                in_flight = [
                    pool.submit(
                        httpx.post, f"{url}/structure", json={"text": f"{ARTICLE} {n}."}, timeout=10
                    )
                    for n in range(3)
                ]
                while len(fake.requests) < 3:
                    time.sleep(0.02)
                process.send_signal(signal.SIGTERM)
                time.sleep(0.2)
                with pytest.raises(httpx.TransportError):
                    httpx.get(f"{url}/healthz", timeout=2)
                statuses = [future.result().status_code for future in in_flight]
            exit_code = process.wait(10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)
    assert statuses == [200, 200, 200]
    # uvicorn re-raises the signal once drained, so the process ends "by" SIGTERM, on its own.
    assert exit_code in (0, -signal.SIGTERM)


def test_the_drain_waits_as_long_as_a_request_may_take() -> None:
    settings = Settings()
    assert uvicorn_options(settings)["timeout_graceful_shutdown"] == drain_seconds(settings)
    assert drain_seconds(settings) >= settings.request_deadline_s + DRAIN_MARGIN_S


def test_docker_and_compose_give_the_drain_its_time() -> None:
    """Docker sends SIGTERM, then SIGKILL after the stop grace period: it must outlast the drain."""
    drain = drain_seconds(Settings())
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    grace = compose["services"]["structure"]["stop_grace_period"]
    assert grace.endswith("s")
    assert int(grace[:-1]) > drain
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^STOPSIGNAL SIGTERM$", dockerfile, re.MULTILINE)
    documented = re.search(r"docker run --stop-timeout (\d+)", dockerfile)
    assert documented is not None
    assert int(documented[1]) == int(grace[:-1])
