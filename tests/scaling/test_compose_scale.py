"""compose.scale.yaml, checked statically (no Docker daemon runs here): what it wires to what."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import yaml

from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.scale.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]


def _settings_of(environment: dict[str, str]) -> Settings:
    """The Settings a container gets from this environment (unset ${VAR:-} read as empty)."""
    values: dict[str, str] = {}
    for name, value in environment.items():
        if not name.startswith("STRUCTURE_"):
            continue
        field = name.removeprefix("STRUCTURE_").lower()
        assert field in Settings.model_fields, f"{name} is not a setting"
        values[field] = re.sub(r"\$\{[^}]*\}", "", str(value))
    return Settings.model_validate(values)


def test_two_api_replicas_one_worker_redis_and_a_model_server() -> None:
    assert set(SERVICES) == {"lb", "api", "worker", "redis", "model"}
    assert SERVICES["api"]["deploy"]["replicas"] == 2
    assert SERVICES["worker"]["deploy"]["replicas"] == 1
    assert SERVICES["worker"]["entrypoint"] == ["python", "-m", "service.worker"]
    assert importlib.util.find_spec("service.worker") is not None


def test_replicas_and_worker_share_redis_and_the_model_and_only_the_worker_runs_jobs() -> None:
    api, worker = (_settings_of(SERVICES[name]["environment"]) for name in ("api", "worker"))
    assert api == worker
    assert api.redis_url is not None
    assert api.redis_url.get_secret_value() == "redis://redis:6379/0"
    assert api.job_run_in_api is False
    assert api.model_base_url == "http://model:8000/v1"
    assert api.output_mode == "json_schema"
    assert api.max_concurrent_model_calls > Settings().max_concurrent_model_calls
    for name in ("api", "worker"):
        assert SERVICES[name]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert SERVICES[name]["depends_on"]["model"]["condition"] == "service_healthy"


def test_replicas_take_the_client_ip_from_the_balancer() -> None:
    assert SERVICES["api"]["environment"]["STRUCTURE_TRUSTED_PROXIES"] == "*"


def test_no_secret_is_written_into_the_compose_file() -> None:
    for name in ("api", "worker"):
        for key, value in SERVICES[name]["environment"].items():
            if re.search(r"KEY|SECRET", key):
                assert re.fullmatch(r"\$\{\w+:-\}", value), f"{key} must come from the shell"


def test_model_is_vllm_with_prefix_caching_serving_the_configured_name() -> None:
    model = SERVICES["model"]
    api = _settings_of(SERVICES["api"]["environment"])
    assert model["image"].startswith("vllm/vllm-openai")
    command = model["command"]
    assert "--enable-prefix-caching" in command
    assert command[command.index("--served-model-name") + 1] == api.model_name
    assert "healthcheck" in model
    assert "ports" not in model


def test_load_balancer_fronts_the_replicas_and_outlasts_slow_answers() -> None:
    lb = SERVICES["lb"]
    assert lb["ports"] == ["8000:8000"]
    [config] = lb["configs"]
    nginx = COMPOSE["configs"][config["source"]]["content"]
    assert "server api:8000;" in nginx
    assert "proxy_pass http://api;" in nginx
    timeout = re.search(r"proxy_read_timeout (\d+)s;", nginx)
    assert timeout is not None
    assert int(timeout.group(1)) > 60
    body = re.search(r"client_max_body_size (\d+)m;", nginx)
    assert body is not None
    assert int(body.group(1)) * 1_000_000 >= Settings().job_max_body_bytes


def test_only_the_balancer_is_published_and_the_backend_is_internal() -> None:
    assert COMPOSE["networks"]["backend"]["internal"] is True
    published = [name for name, service in SERVICES.items() if "ports" in service]
    assert published == ["lb"]
    redis = SERVICES["redis"]
    assert "--appendonly" in redis["command"]
    assert redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
