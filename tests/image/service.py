"""The service image in one container, on the fake model: what it runs as, its
health check, readiness, the records it answers, and its drain on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx

from tests.image.checks import CheckFailed, check
from tests.image.podman import (
    ROOT,
    STOP_TIMEOUT_S,
    logs_tail,
    podman,
    remove,
    start,
    state,
)

SEED = ROOT / "seeds" / "000_1ecf1f70c603a687.txt"
RECORD_KINDS = ("claims", "denials", "statistics")
# The one model tests/support's fake model lists.
FAKE_MODEL_NAME = "fake-model"


def service_env(model_url: str, port: int) -> dict[str, str]:
    """The service's settings for the fake model at `model_url`, listening on 127.0.0.1:`port`."""
    return {
        "STRUCTURE_MODEL_BASE_URL": model_url,
        "STRUCTURE_MODEL_NAME": FAKE_MODEL_NAME,
        "STRUCTURE_OUTPUT_MODE": "json_schema",
        "STRUCTURE_HOST": "127.0.0.1",
        "STRUCTURE_PORT": str(port),
    }


def wait_for_health(name: str, url: str, timeout_s: float = 60) -> float:
    """Seconds until `url`/healthz answers 200; CheckFailed with the container's log if never."""
    began = time.monotonic()
    while time.monotonic() - began < timeout_s:
        if state(name, "Status") != "running":
            raise CheckFailed(f"{name} stopped while starting:\n{logs_tail(name)}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return time.monotonic() - began
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise CheckFailed(f"{url}/healthz did not answer within {timeout_s:.0f} s:\n{logs_tail(name)}")


def check_non_root(name: str) -> str:
    """The container's main process runs with no root uid, real, effective, saved or filesystem."""
    pid = state(name, "Pid")
    status = Path(f"/proc/{pid}/status").read_text()
    uids = next(line.split()[1:] for line in status.splitlines() if line.startswith("Uid:"))
    if "0" in uids:
        raise CheckFailed(f"{name}'s process {pid} has uids {uids}: it runs as root")
    image_user = podman("inspect", "--format", "{{.Config.User}}", name)
    return f"process uids {'/'.join(uids)} (image USER {image_user})"


def check_healthy(name: str, tries: int = 10) -> str:
    """The image's own HEALTHCHECK command turns the container healthy.

    Podman times health checks with systemd timers, and there is no systemd
    here, so this runs the check as the timer would: `podman healthcheck run`.
    """
    test = podman("inspect", "--format", "{{json .Config.Healthcheck.Test}}", name)
    if test in ("", "null", "[]"):
        raise CheckFailed(f"{name} has no HEALTHCHECK: the image was not built in Docker's format")
    command = " ".join(json.loads(test)[1:])
    before = state(name, "Health.Status")
    for attempt in range(1, tries + 1):
        try:
            podman("healthcheck", "run", name)
        except CheckFailed:
            time.sleep(1)
            continue
        after = state(name, "Health.Status")
        if after != "healthy":
            raise CheckFailed(f"the health check passed but podman says {after!r}")
        return f"{before} -> healthy at `podman healthcheck run` #{attempt}: `{command[:50]}...`"
    raise CheckFailed(f"{name} not healthy after {tries} checks:\n{logs_tail(name)}")


def check_ready(url: str) -> str:
    """/readyz answers 200 once the fake model lists its models."""
    response = httpx.get(f"{url}/readyz", timeout=10)
    if response.status_code != 200:
        raise CheckFailed(f"/readyz answered {response.status_code}: {response.text[:300]}")
    return f"/readyz 200 {response.json()}"


def check_records(url: str) -> str:
    """POST /structure with the seed article: records, each evidence the very span it names."""
    text = SEED.read_text(encoding="utf-8")
    began = time.monotonic()
    response = httpx.post(f"{url}/structure", json={"text": text}, timeout=120)
    seconds = time.monotonic() - began
    if response.status_code != 200:
        raise CheckFailed(f"/structure answered {response.status_code}: {response.text[:300]}")
    body: dict[str, Any] = response.json()
    counts = {kind: len(body[kind]) for kind in RECORD_KINDS}
    if sum(counts.values()) == 0:
        raise CheckFailed(f"/structure answered no records for {SEED.name}: {body}")
    for kind in RECORD_KINDS:
        for record in body[kind]:
            evidence = record["evidence"]
            found = text[evidence["start"] : evidence["end"]]
            if found != evidence["text"]:
                raise CheckFailed(
                    f"{kind} {record['id']}: evidence {evidence['text']!r} but "
                    f"text[{evidence['start']}:{evidence['end']}] is {found!r}"
                )
    listed = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return f"{SEED.name}: {listed}, every evidence exact, in {seconds:.1f} s"


async def _stop_during(name: str, url: str, text: str, after_s: float) -> tuple[float, ...]:
    """Send one article, SIGTERM the container `after_s` later; when each thing happened."""
    async with httpx.AsyncClient(timeout=STOP_TIMEOUT_S + 30) as client:
        began = time.monotonic()
        request = asyncio.create_task(client.post(f"{url}/structure", json={"text": text}))
        await asyncio.sleep(after_s)
        if request.done():
            raise CheckFailed("the request answered before SIGTERM: the fake model is too fast")
        signalled = time.monotonic() - began
        # `podman stop` sends the image's STOPSIGNAL (SIGTERM) and waits for the exit.
        stopping = asyncio.create_task(asyncio.to_thread(podman, "stop", name))
        try:
            response = await request
        except httpx.HTTPError as error:
            raise CheckFailed(f"the request in flight at SIGTERM was cut: {error!r}") from error
        answered = time.monotonic() - began
        await stopping
        stopped = time.monotonic() - began
    if response.status_code != 200:
        raise CheckFailed(f"the request in flight at SIGTERM got {response.status_code}")
    return signalled, answered, stopped


def check_drains(name: str, url: str, model_latency_s: float) -> str:
    """On SIGTERM the container answers the request in flight, then exits 0 before the kill."""
    text = "The minister said 55 people died in the floods on Monday, officials confirmed."
    signalled, answered, stopped = asyncio.run(
        _stop_during(name, url, text, after_s=model_latency_s / 3)
    )
    exit_code = state(name, "ExitCode")
    if exit_code != "0":
        raise CheckFailed(f"exit code {exit_code} after SIGTERM (137 is podman's SIGKILL)")
    if stopped - signalled >= STOP_TIMEOUT_S:
        raise CheckFailed(f"took {stopped - signalled:.1f} s to stop: podman had to kill it")
    return (
        f"SIGTERM at {signalled:.1f} s, the in-flight request answered 200 at {answered:.1f} s, "
        f"exit code 0 at {stopped:.1f} s (kill would come at {signalled + STOP_TIMEOUT_S:.0f} s)"
    )


def run_service_checks(image: str, model_url: str, port: int, model_latency_s: float) -> None:
    """Start the image on the fake model and run every check, each printing its line."""
    name = "factstructure-image-test"
    url = f"http://127.0.0.1:{port}"
    start(name, image, service_env(model_url, port))
    try:
        check("starts", lambda: f"/healthz 200 after {wait_for_health(name, url):.1f} s")
        check("non-root", check_non_root, name)
        check("healthcheck", check_healthy, name)
        check("ready", check_ready, url)
        check("records", check_records, url)
        check("drains on SIGTERM", check_drains, name, url, model_latency_s)
    finally:
        remove(name)
