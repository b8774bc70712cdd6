"""One Settings class, read from STRUCTURE_* environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

OutputMode = Literal["llama_json_schema", "json_schema", "tools", "json"]
StrategyName = Literal["auto", "single", "focused"]


class Settings(BaseSettings):
    """Everything an operator can set; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="STRUCTURE_", extra="ignore", frozen=True)

    model_base_url: str = Field(
        default="http://127.0.0.1:8081/v1",
        description="OpenAI-compatible endpoint; the embedded llama.cpp server by default.",
    )
    model_api_key: SecretStr = Field(
        default=SecretStr("not-needed"),
        description="Key for the model endpoint; a local server ignores it.",
    )
    model_name: str = Field(default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    output_mode: OutputMode = Field(
        default="llama_json_schema",
        description=(
            "How structured output is requested: llama_json_schema (llama.cpp grammar), "
            "json_schema (OpenAI structured outputs), tools (tool calls), json (prompt only)."
        ),
    )
    strategy: StrategyName = Field(
        default="auto",
        description="single: one call per passage; focused: small calls per job; auto: by model.",
    )
    request_timeout_s: float = Field(default=300.0, gt=0)
    http_retries: int = Field(default=2, ge=0, description="Retries of a failed HTTP call.")
    max_retries: int = Field(default=2, ge=0, description="Re-asks after invalid model output.")
    max_output_tokens: int = Field(default=1500, gt=0, description="Cap on one answer's tokens.")
    max_text_chars: int = Field(default=100_000, gt=0)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    temperature: float = Field(default=0.0, ge=0, le=2)
    log_article_text: bool = Field(default=False, description="Debug only: log article text.")

    def resolved_strategy(self) -> Literal["single", "focused"]:
        """Small local models do better with short focused calls; hosted ones with one call."""
        if self.strategy != "auto":
            return self.strategy
        return "single" if self.output_mode in ("json_schema", "tools") else "focused"
