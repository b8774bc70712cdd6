"""Settings come from STRUCTURE_* environment variables, validated, with sensible defaults."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from service.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the shell exports must not leak into these tests."""
    for name in list(os.environ):
        if name.upper().startswith("STRUCTURE_"):
            monkeypatch.delenv(name)


def test_defaults() -> None:
    settings = Settings()
    assert settings.model_base_url == "http://127.0.0.1:8081/v1"
    assert settings.model_api_key.get_secret_value() == "not-needed"
    assert settings.model_name == "qwen2.5-coder-1.5b-instruct-q4_k_m"
    assert settings.output_mode == "llama_json_schema"
    assert settings.strategy == "auto"
    assert settings.request_timeout_s == 300.0
    assert (settings.http_retries, settings.max_retries) == (2, 2)
    assert settings.max_output_tokens == 1500
    assert settings.max_text_chars == 100_000
    assert settings.max_body_bytes == 1_000_000
    assert settings.temperature == 0.0
    assert settings.log_article_text is False


@pytest.mark.parametrize(
    ("variable", "raw", "field", "expected"),
    [
        pytest.param(
            "STRUCTURE_MODEL_BASE_URL",
            "https://api.example.com/v1",
            "model_base_url",
            "https://api.example.com/v1",
            id="base-url",
        ),
        pytest.param("STRUCTURE_MODEL_NAME", "gpt-4o-mini", "model_name", "gpt-4o-mini", id="name"),
        pytest.param("STRUCTURE_OUTPUT_MODE", "tools", "output_mode", "tools", id="output-mode"),
        pytest.param("STRUCTURE_STRATEGY", "single", "strategy", "single", id="strategy"),
        pytest.param(
            "STRUCTURE_REQUEST_TIMEOUT_S", "12.5", "request_timeout_s", 12.5, id="timeout"
        ),
        pytest.param("STRUCTURE_HTTP_RETRIES", "0", "http_retries", 0, id="http-retries"),
        pytest.param("STRUCTURE_MAX_RETRIES", "5", "max_retries", 5, id="max-retries"),
        pytest.param("STRUCTURE_MAX_OUTPUT_TOKENS", "800", "max_output_tokens", 800, id="tokens"),
        pytest.param("STRUCTURE_MAX_TEXT_CHARS", "5000", "max_text_chars", 5000, id="text-chars"),
        pytest.param("STRUCTURE_MAX_BODY_BYTES", "2048", "max_body_bytes", 2048, id="body-bytes"),
        pytest.param("STRUCTURE_TEMPERATURE", "0.7", "temperature", 0.7, id="temperature"),
        pytest.param("STRUCTURE_LOG_ARTICLE_TEXT", "true", "log_article_text", True, id="log-text"),
        pytest.param(
            "structure_model_name",
            "lower-case",
            "model_name",
            "lower-case",
            id="case-insensitive-name",
        ),
    ],
)
def test_environment_overrides(
    monkeypatch: pytest.MonkeyPatch, variable: str, raw: str, field: str, expected: object
) -> None:
    monkeypatch.setenv(variable, raw)
    assert getattr(Settings(), field) == expected


def test_api_key_is_read_and_kept_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRUCTURE_MODEL_API_KEY", "sk-test-123")
    settings = Settings()
    assert settings.model_api_key.get_secret_value() == "sk-test-123"
    assert "sk-test-123" not in repr(settings)
    assert "sk-test-123" not in str(settings)


def test_unprefixed_and_unknown_variables_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_NAME", "not-mine")
    monkeypatch.setenv("STRUCTURE_NO_SUCH_SETTING", "1")
    assert Settings().model_name == "qwen2.5-coder-1.5b-instruct-q4_k_m"


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        pytest.param("STRUCTURE_STRATEGY", "fast", id="unknown-strategy"),
        pytest.param("STRUCTURE_OUTPUT_MODE", "xml", id="unknown-output-mode"),
        pytest.param("STRUCTURE_REQUEST_TIMEOUT_S", "0", id="zero-timeout"),
        pytest.param("STRUCTURE_REQUEST_TIMEOUT_S", "soon", id="timeout-not-a-number"),
        pytest.param("STRUCTURE_HTTP_RETRIES", "-1", id="negative-http-retries"),
        pytest.param("STRUCTURE_MAX_RETRIES", "-1", id="negative-retries"),
        pytest.param("STRUCTURE_MAX_OUTPUT_TOKENS", "0", id="zero-tokens"),
        pytest.param("STRUCTURE_MAX_TEXT_CHARS", "0", id="zero-text-chars"),
        pytest.param("STRUCTURE_MAX_BODY_BYTES", "-5", id="negative-body"),
        pytest.param("STRUCTURE_TEMPERATURE", "2.5", id="temperature-too-high"),
        pytest.param("STRUCTURE_TEMPERATURE", "-0.1", id="temperature-negative"),
        pytest.param("STRUCTURE_LOG_ARTICLE_TEXT", "maybe", id="not-a-bool"),
    ],
)
def test_invalid_values_raise(monkeypatch: pytest.MonkeyPatch, variable: str, raw: str) -> None:
    monkeypatch.setenv(variable, raw)
    with pytest.raises(ValidationError):
        Settings()


def test_keyword_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRUCTURE_MODEL_NAME", "from-env")
    assert Settings(model_name="from-code").model_name == "from-code"


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.strategy = "single"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("strategy", "model_name", "output_mode", "expected"),
    [
        pytest.param("auto", "qwen2.5-coder-1.5b-instruct-q4_k_m", "llama_json_schema", "guided",
                     id="auto-embedded-model"),
        pytest.param("auto", "qwen2.5-coder-1.5b-instruct-q4_k_m", "json_schema", "guided",
                     id="auto-small-model-behind-structured-outputs"),
        pytest.param("auto", "Meta-Llama-3.1-8B-Instruct", "tools", "guided",
                     id="auto-8b-by-name"),
        pytest.param("auto", "local.Q5_K_M", "json", "guided", id="auto-quantised-gguf"),
        pytest.param("auto", "gpt-4o-mini", "json_schema", "single", id="auto-hosted-model"),
        pytest.param("auto", "gpt-4o-mini", "llama_json_schema", "single",
                     id="auto-hosted-model-whatever-the-mode"),
        pytest.param("auto", "llama-3.1-70b-instruct", "json_schema", "single",
                     id="auto-70b-is-large"),
        pytest.param("single", "qwen2.5-coder-1.5b-instruct-q4_k_m", "llama_json_schema",
                     "single", id="explicit-single"),
        pytest.param("focused", "gpt-4o-mini", "tools", "focused", id="explicit-focused"),
    ],
)  # fmt: skip
def test_auto_strategy_follows_the_kind_of_model_not_the_output_mode(
    strategy: str, model_name: str, output_mode: str, expected: str
) -> None:
    settings = Settings.model_validate(
        {"strategy": strategy, "model_name": model_name, "output_mode": output_mode}
    )
    assert settings.resolved_strategy() == expected


def test_resolved_strategy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRUCTURE_MODEL_NAME", "gpt-4o-mini")
    assert Settings().resolved_strategy() == "single"
    monkeypatch.setenv("STRUCTURE_STRATEGY", "focused")
    assert Settings().resolved_strategy() == "focused"


def test_embedded_model_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STRUCTURE_EMBEDDED_PARALLEL", "3")
    monkeypatch.setenv("STRUCTURE_EMBEDDED_CTX", "2048")
    monkeypatch.setenv("STRUCTURE_CACHE_DIR", str(tmp_path))
    settings = Settings()
    assert (settings.embedded_parallel, settings.embedded_ctx) == (3, 2048)
    assert settings.cache_dir == tmp_path
