"""One Settings class, read from STRUCTURE_* environment variables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

OutputMode = Literal["llama_json_schema", "json_schema", "tools", "json"]
StrategyName = Literal["auto", "single", "focused", "guided"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


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
        description=(
            "auto (the default): guided for a small model, single otherwise; guided: rules "
            "propose, the model decides the sentences they leave open; single: one call per "
            "passage; focused: small calls per record type."
        ),
    )
    request_timeout_s: float = Field(default=300.0, gt=0)
    http_retries: int = Field(default=2, ge=0, description="Retries of a failed HTTP call.")
    max_retries: int = Field(default=2, ge=0, description="Re-asks after invalid model output.")
    max_output_tokens: int = Field(default=1500, gt=0, description="Cap on one answer's tokens.")
    max_text_chars: int = Field(default=100_000, gt=0)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    temperature: float = Field(default=0.0, ge=0, le=2)
    log_article_text: bool = Field(default=False, description="Debug only: log article text.")

    # Serving: read by `python -m service`.
    host: str = Field(
        default="127.0.0.1", description="Address to listen on; 0.0.0.0 in a container."
    )
    port: int = Field(default=8000, gt=0, lt=65536)
    workers: int = Field(default=1, gt=0, description="Worker processes; each has its own limits.")

    # Load: bounded work per worker process, so a flood is shed instead of queued without end.
    max_concurrent_model_calls: int = Field(
        default=4, gt=0, description="Requests talking to the model at once (each calls in turn)."
    )
    max_queued: int = Field(
        default=32, ge=0, description="Requests waiting for a model slot before 503s start."
    )
    overload_retry_after_s: int = Field(
        default=5, gt=0, description="Retry-After sent with the 503 of a full queue."
    )

    # The service's own CPU work (parse, rules, assembly), kept behind the model's threads.
    cpu_work_threads: int = Field(default=2, gt=0, description="Threads for parse and rules.")
    cpu_work_nice: int = Field(default=10, ge=0, le=19, description="Their nice value (Linux).")

    # Result cache: a re-sent article is answered without calling the model.
    cache_size: int = Field(
        default=1024, ge=0, description="In-memory LRU entries per worker; 0 turns caching off."
    )
    redis_url: SecretStr | None = Field(
        default=None, description="redis://... to share the cache between replicas instead."
    )
    cache_ttl_s: int = Field(default=86_400, gt=0, description="Lifetime of a Redis cache entry.")

    # The embedded model: served on loopback by `make run` and `make record` when no
    # model_base_url is set in the environment. Defaults chosen by `make bench-engine`.
    embedded_model: str = Field(
        default="qwen2.5-coder-1.5b-instruct-q4_k_m",
        description="A known embedded model's name, or the path of any GGUF file.",
    )
    embedded_port: int = Field(default=8081, gt=0, lt=65536)
    embedded_ctx: int = Field(
        default=4096, ge=512, description="Context per slot: the longest prompt + answer."
    )
    embedded_parallel: int = Field(
        default=2, gt=0, description="Slots: requests the model serves at once (each has ctx)."
    )
    embedded_threads: int = Field(
        default=0, ge=0, description="CPU threads for the model; 0 means one per core."
    )
    embedded_batch: int = Field(
        default=512, gt=0, description="Prompt tokens evaluated per step (llama.cpp n_batch)."
    )
    embedded_cache_ram_mb: int = Field(
        default=512, ge=0, description="Host memory for prompts slots moved on from; 0: none."
    )
    embedded_kv_cache: Literal["f16", "q8_0"] = Field(default="f16", description="KV cache type.")
    embedded_flash_attn: Literal["auto", "on", "off"] = Field(default="auto")
    cache_dir: Path | None = Field(
        default=None,
        description="Where the assembled weights are kept; ~/.cache/factstructure if unset.",
    )

    # The review page (GET /review): a browser view of the records over the article.
    review_page: bool = Field(
        default=True, description="Serve the review page at /review; false turns it off."
    )

    # Access: both off unless set.
    api_keys: SecretStr = Field(
        default=SecretStr(""),
        description="Comma-separated keys accepted on /structure; empty means no key is needed.",
    )
    rate_limit_per_minute: int = Field(
        default=0, ge=0, description="Requests per client (API key or IP) per minute; 0 is off."
    )

    # Shared state and limits that hold: what the cache key covers and whose
    # it is, rate limits on Redis, trusted proxies, failed keys, and a breaker before Redis.
    cache_shared: bool = Field(
        default=False,
        description="With API keys set, share cached results across keys; false keeps one "
        "cache per key, so meta.cache says nothing about another caller's requests.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or CIDRs (or *) whose X-Forwarded-For is believed; "
        "empty: none, the peer address is the client.",
    )
    auth_failures_per_minute: int = Field(
        default=10,
        ge=0,
        description="Failed API-key attempts per client address per minute before 429s; 0 is off.",
    )
    redis_timeout_s: float = Field(
        default=0.5, gt=0, description="Socket timeout of the cache's and the limits' Redis calls."
    )
    redis_cooldown_s: float = Field(
        default=5.0,
        gt=0,
        description="After a Redis fault, skip Redis this long (cache misses, in-process limits).",
    )

    # Jobs (/v1/jobs): submit now, collect later.
    job_max_articles: int = Field(default=1000, gt=0, description="Most articles in one job.")
    job_retention_s: int = Field(
        default=86_400, gt=0, description="How long a job and its results are kept."
    )
    job_max_body_bytes: int = Field(
        default=20_000_000, gt=0, description="Largest /v1/jobs body (413 beyond)."
    )
    # 1: on the embedded model two at once gave no more articles an hour and four gave
    # fewer (make bench-jobs-model); a server that batches (vLLM, hosted) wants more.
    job_concurrency: int = Field(
        default=1, gt=0, description="Job articles one worker process works on at once."
    )
    job_run_in_api: bool = Field(
        default=True,
        description="Run job workers in each API process; false leaves jobs to "
        "`python -m service.worker` (needs STRUCTURE_REDIS_URL).",
    )
    job_heartbeat_s: int = Field(
        default=30, gt=0, description="An article silent this long is run again (worker died)."
    )
    job_callback_hosts: str = Field(
        default="",
        description="Comma-separated [scheme://]host[:port] a callback_url may name; empty: none.",
    )
    job_callback_secret: SecretStr = Field(
        default=SecretStr(""), description="Key of the callbacks' HMAC-SHA256 signature."
    )
    job_callback_attempts: int = Field(default=5, gt=0, description="Tries to deliver a callback.")
    job_callback_backoff_s: float = Field(
        default=1.0, gt=0, description="Wait before the first callback retry; doubles each time."
    )

    # Request lifecycle: a deadline for the whole request, degraded
    # answers on request, input limits, form bodies, and how long a slow client may take.
    request_deadline_s: float = Field(
        default=600.0,
        gt=0,
        description="The whole request, queue wait included: past it, 504 (model) or 503 (queue).",
    )
    on_model_failure: Literal["error", "rules"] = Field(
        default="error",
        description="error: answer the model's failure; rules: 200 with what code alone finds.",
    )
    max_title_chars: int = Field(default=1000, gt=0, description="Longest title; 422 past it.")
    max_url_chars: int = Field(default=2048, gt=0, description="Longest url; 422 past it.")
    accept_form_bodies: bool = Field(
        default=True,
        description="Read form-encoded bodies as JSON (curl -d); false answers them 415.",
    )
    max_header_bytes: int = Field(
        default=16_384, ge=1024, description="Largest request head (line + headers); 431 past it."
    )
    header_read_timeout_s: float = Field(
        default=10.0, gt=0, description="Time to send a request's head; the connection closes."
    )
    body_read_timeout_s: float = Field(
        default=30.0, gt=0, description="Time to send a request's body once its head is in; 408."
    )

    # Logs and traces: JSON lines through structlog; traces by the OTEL_* variables.
    log_level: LogLevel = Field(
        default="INFO",
        description="Least severe log line written: DEBUG, INFO, WARNING, ERROR or CRITICAL.",
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level_upper(cls, value: object) -> object:
        """`info` and `INFO` are the same level."""
        return value.upper() if isinstance(value, str) else value

    def accepted_api_keys(self) -> frozenset[str]:
        """The configured API keys, blanks dropped."""
        raw = self.api_keys.get_secret_value()
        return frozenset(key.strip() for key in raw.split(",") if key.strip())

    def callback_targets(self) -> frozenset[tuple[str, str, int]]:
        """The (scheme, host, port) a job's callback_url may name, from job_callback_hosts.

        An entry names its scheme and port or leaves them to the defaults:
        "hooks.example.org" is http on 80 and https on 443, "127.0.0.1:8080" either
        scheme on 8080, "https://hooks.example.org" https on 443 only. No other port
        of an allowed host is reachable (say Redis's on 127.0.0.1).
        """
        return callback_targets(self.job_callback_hosts)

    @field_validator("job_callback_hosts")
    @classmethod
    def _callback_hosts_parse(cls, value: str) -> str:
        callback_targets(value)
        return value

    def resolved_strategy(self) -> Literal["single", "focused", "guided"]:
        """Small local models get the guided strategy; large ones one call per passage.

        Decided by the kind of model, never by the output mode: a small model
        behind an OpenAI-style json_schema endpoint still needs the small-model
        strategy. Guided, not focused, for small models: on the shared corpus the
        1.5B model adds to the rules under guided and takes from them under focused.
        """
        if self.strategy != "auto":
            return self.strategy
        return "guided" if is_small_model(self.model_name) else "single"


# "qwen2.5-coder-1.5b-instruct-q4_k_m", "llama-3.1-8b", "phi3:3.8b": a size in billions.
_PARAMETER_COUNT = re.compile(r"(?<![a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z0-9])", re.IGNORECASE)
SMALL_MODEL_MAX_BILLIONS = 14.0
"""Up to this many parameters a model gets the guided strategy: measured on 0.5B-1.5B."""


def is_small_model(model_name: str) -> bool:
    """Does the model's name say it is small enough to need the guided strategy's questions?

    GGUF quantisations (q4_k_m, q8_0...) are local models too; a name with no
    size and no quantisation (a hosted model such as gpt-4o-mini) is not.
    """
    name = model_name.lower()
    sizes = [float(size) for size in _PARAMETER_COUNT.findall(name)]
    if sizes:
        return min(sizes) <= SMALL_MODEL_MAX_BILLIONS
    return bool(re.search(r"(?<![a-z0-9])(q\d(_k)?(_[msl])?|q8_0|gguf)(?![a-z0-9])", name))


DEFAULT_PORTS = {"http": 80, "https": 443}
"""The schemes a callback_url may use, and the port each means when none is written."""


def callback_targets(entries: str) -> frozenset[tuple[str, str, int]]:
    """Comma-separated [scheme://]host[:port] as (scheme, host, port); ValueError if one is not."""
    targets: set[tuple[str, str, int]] = set()
    for entry in (e.strip().lower() for e in entries.split(",")):
        if not entry:
            continue
        parts = urlsplit(entry if "://" in entry else f"//{entry}")
        if not parts.hostname or (parts.scheme and parts.scheme not in DEFAULT_PORTS):
            raise ValueError(f"callback host {entry!r} is not [http(s)://]host[:port]")
        for scheme in [parts.scheme] if parts.scheme else list(DEFAULT_PORTS):
            targets.add((scheme, parts.hostname, parts.port or DEFAULT_PORTS[scheme]))
    return frozenset(targets)
