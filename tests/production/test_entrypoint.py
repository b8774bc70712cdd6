"""The image's entrypoint, `python -m service`, from a clean virtualenv built like the image's.

No Docker engine runs here, so this does what the Dockerfile's builder stage
does (the hashed runtime lock, requirements.lock, then the project with
--no-deps) in a fresh virtualenv, and starts the entrypoint from a directory
outside the checkout, configured only by STRUCTURE_* variables and pointed at
the fake model. The virtualenv is kept under var/ between runs, keyed by the
lock, so only the first run pays for the dependency install.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.model.prompts import load_prompts
from tests.production.conftest import ARTICLE
from tests.support.fake_model import FakeModel, server_error

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str | Path, cwd: Path | None = None) -> None:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )


@pytest.fixture(scope="module")
def image_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with the image's dependencies (cached by lock hash) and this checkout."""
    lock = (ROOT / "requirements.lock").read_text()
    digest = hashlib.sha256(lock.encode()).hexdigest()[:16]
    venv = ROOT / "var" / "entrypoint-venvs" / digest
    if not (venv / "ready").exists():
        shutil.rmtree(venv, ignore_errors=True)
        building = venv.with_name(f"{digest}.building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        _run(sys.executable, "-m", "venv", building)
        pip = building / "bin" / "pip"
        _run(pip, "install", "--quiet", "--require-hashes", "-r", ROOT / "requirements.lock")
        (building / "ready").write_text(digest)
        building.rename(venv)  # venv scripts use absolute paths: fix them below
        for script in (venv / "bin").iterdir():
            if script.is_file() and not script.is_symlink():
                content = script.read_bytes()
                if str(building).encode() in content:
                    script.write_bytes(content.replace(str(building).encode(), str(venv).encode()))
    # The project itself is reinstalled every run, as the image's last builder step does.
    source = tmp_path_factory.mktemp("source")
    for part in ("pyproject.toml", "service", "prompts"):
        copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy2
        copy(ROOT / part, source / part)
    _run(venv / "bin" / "pip", "install", "--quiet", "--no-deps", "--force-reinstall", source)
    return venv


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def entrypoint(image_venv: Path, tmp_path: Path) -> Iterator[tuple[str, FakeModel, Path]]:
    """`python -m service` with two workers, as the image runs it, aimed at the fake model."""
    with FakeModel() as fake:
        port = _free_port()
        env = {
            "PATH": f"{image_venv / 'bin'}:/usr/bin:/bin",
            "HOME": str(tmp_path),
            "STRUCTURE_HOST": "127.0.0.1",
            "STRUCTURE_PORT": str(port),
            "STRUCTURE_WORKERS": "2",
            "STRUCTURE_MODEL_BASE_URL": fake.base_url,
            "STRUCTURE_MODEL_NAME": fake.model,
            "STRUCTURE_HTTP_RETRIES": "0",
        }
        log = tmp_path / "service.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(image_venv / "bin" / "python"), "-m", "service"],
                cwd=tmp_path,  # not the checkout: the installed package must be the one imported
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    printed = log.read_text(errors="replace")
                    raise AssertionError(f"python -m service exited early:\n{printed[-3000:]}")
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError("python -m service did not answer /healthz within 60 s")
                time.sleep(0.2)
            yield url, fake, log
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def test_entrypoint_serves_health_and_structure(entrypoint: tuple[str, FakeModel, Path]) -> None:
    url, fake, _ = entrypoint
    with httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json()["status"] == "ready"
        response = client.post("/structure", json={"text": ARTICLE})
        assert response.status_code == 200, response.text
        meta = response.json()["meta"]
        # prompts/ was installed with the package: the same prompts as the checkout
        assert meta["prompt_version"] == load_prompts().version_for(meta["strategy"])
        assert meta["llm_calls"] == len(fake.requests) > 0
        metrics = client.get("/metrics").text
    # two workers, one exposition: the request is counted whichever worker answers the scrape
    assert re.search(
        r'structure_http_requests_total\{method="POST",route="/structure",status="200"\} 1\.0',
        metrics,
    ), metrics


def test_healthcheck_command_of_the_dockerfile_passes(
    entrypoint: tuple[str, FakeModel, Path], image_venv: Path
) -> None:
    url, _, _ = entrypoint
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = re.search(r'CMD \["python", "-c", "(.+)"\]\nENTRYPOINT', dockerfile)
    assert command is not None
    port = url.rsplit(":", 1)[1]
    result = subprocess.run(
        [str(image_venv / "bin" / "python"), "-c", command.group(1)],
        env={"STRUCTURE_PORT": port},
        capture_output=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_every_line_written_is_json_uvicorns_too_and_a_requests_lines_share_its_id(
    entrypoint: tuple[str, FakeModel, Path],
) -> None:
    url, fake, log = entrypoint
    fake.default = server_error()
    response = httpx.post(f"{url}/structure", json={"text": ARTICLE}, timeout=30)
    assert response.status_code == 502
    request_id = response.headers["x-request-id"]
    deadline = time.monotonic() + 10
    while request_id not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.2)  # the access line follows the error line
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert any(line["logger"] == "uvicorn.error" for line in lines), lines
    # one access line per request, the service's; no terminal colours in JSON
    assert not any(line["logger"] == "uvicorn.access" for line in lines)
    assert not any("color_message" in line for line in lines)
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert {line["logger"] for line in mine} >= {"service.errors", "service.access"}
