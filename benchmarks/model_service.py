"""The service as a process on a real model server, for the benchmarks that time the model.

`running(settings, env)` starts `python -m service` (in-process jobs, no Redis)
against the model `settings` points at, and yields a `Stack` that can read the
model server's own counters (llama.cpp's `/metrics`) and its resident memory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from benchmarks.bench_service import free_port, serve
from service.embedded.launch import embedded_model, endpoint_configured
from service.settings import Settings

_METRIC = re.compile(r"^llamacpp:(\w+) ([0-9.e+-]+)$", re.MULTILINE)


@dataclass(frozen=True)
class ModelCounters:
    """llama.cpp's running totals: tokens evaluated and generated, and the time each took."""

    prompt_tokens: float
    prompt_s: float
    generated_tokens: float
    generation_s: float

    def since(self, before: ModelCounters) -> ModelCounters:
        """What the server did between `before` and this reading."""
        return ModelCounters(
            self.prompt_tokens - before.prompt_tokens,
            self.prompt_s - before.prompt_s,
            self.generated_tokens - before.generated_tokens,
            self.generation_s - before.generation_s,
        )

    def generation_per_s(self) -> float | None:
        """Tokens per second of one sequence's generation time (llama.cpp's own clock)."""
        return self.generated_tokens / self.generation_s if self.generation_s else None

    def prompt_per_s(self) -> float | None:
        """Prompt tokens evaluated per second of prompt time."""
        return self.prompt_tokens / self.prompt_s if self.prompt_s else None


def parse_counters(metrics: str) -> ModelCounters:
    """The four running totals from llama.cpp's Prometheus text."""
    values = {name: float(value) for name, value in _METRIC.findall(metrics)}
    return ModelCounters(
        values["prompt_tokens_total"],
        values["prompt_seconds_total"],
        values["tokens_predicted_total"],
        values["tokens_predicted_seconds_total"],
    )


@dataclass(frozen=True)
class Stack:
    """A running service and the model server behind it."""

    service_url: str
    model_root: str  # the server's address without /v1

    def counters(self) -> ModelCounters:
        """The model server's totals now (needs its /metrics endpoint)."""
        return parse_counters(httpx.get(f"{self.model_root}/metrics", timeout=10).text)

    def model_rss_mb(self) -> float | None:
        """The embedded server's resident memory, when it runs on this machine."""
        port = str(urlsplit(self.model_root).port)
        for status in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                argv = status.read_bytes().split(b"\0")
            except OSError:
                continue
            if b"service.embedded.server" in argv and port.encode() in argv:
                rss = re.search(r"VmRSS:\s+(\d+) kB", (status.parent / "status").read_text())
                return int(rss.group(1)) / 1024 if rss else None
        return None


@contextmanager
def running(settings: Settings, **env: str) -> Iterator[Stack]:
    """`python -m service` on the model of `settings`, with extra STRUCTURE_* `env`."""
    port = free_port()
    variables = {
        **{k: v for k, v in os.environ.items() if not k.startswith("STRUCTURE_")},
        "STRUCTURE_HOST": "127.0.0.1",
        "STRUCTURE_PORT": str(port),
        "STRUCTURE_MODEL_BASE_URL": settings.model_base_url,
        "STRUCTURE_MODEL_NAME": settings.model_name,
        **{f"STRUCTURE_{name.upper()}": value for name, value in env.items()},
    }
    with ExitStack() as stack:
        url = serve(variables, port, stack)
        root = settings.model_base_url.removesuffix("/").removesuffix("/v1")
        yield Stack(url, root)


def model_for(settings: Settings) -> AbstractContextManager[Settings]:
    """The operator's endpoint as configured, else the embedded model served for the block."""
    return nullcontext(settings) if endpoint_configured(settings) else embedded_model(settings)
