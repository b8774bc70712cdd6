"""The production settings: read from STRUCTURE_* variables, validated, secrets kept secret."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from service.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the shell exports must not leak into these tests."""
    for name in list(os.environ):
        if name.upper().startswith("STRUCTURE_"):
            monkeypatch.delenv(name)


def test_defaults_are_safe_for_one_worker() -> None:
    settings = Settings()
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 8000, 1)
    assert (settings.max_concurrent_model_calls, settings.max_queued) == (4, 32)
    assert settings.overload_retry_after_s == 5
    assert (settings.cache_size, settings.redis_url, settings.cache_ttl_s) == (1024, None, 86_400)
    assert settings.accepted_api_keys() == frozenset()
    assert settings.rate_limit_per_minute == 0


def test_api_keys_are_comma_separated_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRUCTURE_API_KEYS", " alpha-key ,beta-key,, ")
    settings = Settings()
    assert settings.accepted_api_keys() == {"alpha-key", "beta-key"}
    assert "alpha-key" not in repr(settings)


def test_redis_url_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRUCTURE_REDIS_URL", "redis://:hunter2@cache:6379/0")
    settings = Settings()
    assert settings.redis_url is not None
    assert "hunter2" not in repr(settings)


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        pytest.param("STRUCTURE_WORKERS", "0", id="no-workers"),
        pytest.param("STRUCTURE_PORT", "70000", id="port-out-of-range"),
        pytest.param("STRUCTURE_MAX_CONCURRENT_MODEL_CALLS", "0", id="no-model-slots"),
        pytest.param("STRUCTURE_MAX_QUEUED", "-1", id="negative-queue"),
        pytest.param("STRUCTURE_OVERLOAD_RETRY_AFTER_S", "0", id="zero-retry-after"),
        pytest.param("STRUCTURE_CACHE_SIZE", "-1", id="negative-cache"),
        pytest.param("STRUCTURE_CACHE_TTL_S", "0", id="zero-ttl"),
        pytest.param("STRUCTURE_RATE_LIMIT_PER_MINUTE", "-5", id="negative-rate"),
    ],
)
def test_invalid_values_raise(monkeypatch: pytest.MonkeyPatch, variable: str, raw: str) -> None:
    monkeypatch.setenv(variable, raw)
    with pytest.raises(ValidationError):
        Settings()
