"""Serve a GGUF model with llama.cpp's own HTTP server, from the prebuilt `xllamacpp` wheel.

`xllamacpp` ships llama.cpp's C++ server (OpenAI-compatible chat completions,
JSON-schema constrained decoding through LLGuidance, parallel slots, prompt
caching) as a manylinux wheel, so nothing is compiled on the user's machine.
The server runs in a process of its own (`python -m service.embedded.server`):
one model for every service worker, and a crash in native code cannot take the
service down with it. Its HTTP threads answer `/health` and `/v1/models` while
the slots generate, so readiness does not wait behind a long article.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

READY_TIMEOUT_S = 300.0

# Names of xllamacpp's enum members, looked up when the server starts: the service
# imports this file without xllamacpp, which only the model's own process needs.
KV_CACHE_TYPES = {"f16": "GGML_TYPE_F16", "q8_0": "GGML_TYPE_Q8_0"}
FLASH_ATTENTION = {
    "auto": "LLAMA_FLASH_ATTN_TYPE_AUTO",
    "on": "LLAMA_FLASH_ATTN_TYPE_ENABLED",
    "off": "LLAMA_FLASH_ATTN_TYPE_DISABLED",
}


@dataclass(frozen=True)
class EngineConfig:
    """How the embedded llama.cpp server is run; every field comes from Settings."""

    model_path: Path
    alias: str
    port: int
    ctx_per_slot: int
    parallel: int
    threads: int
    batch: int
    cache_ram_mb: int = 512
    kv_cache: str = "f16"
    flash_attn: str = "auto"
    host: str = "127.0.0.1"

    def arguments(self) -> list[str]:
        """The command-line form of this config, for `python -m service.embedded.server`."""
        return [
            "--model", str(self.model_path),
            "--alias", self.alias,
            "--host", self.host,
            "--port", str(self.port),
            "--ctx-per-slot", str(self.ctx_per_slot),
            "--parallel", str(self.parallel),
            "--threads", str(self.threads),
            "--batch", str(self.batch),
            "--cache-ram-mb", str(self.cache_ram_mb),
            "--kv-cache", self.kv_cache,
            "--flash-attn", self.flash_attn,
        ]  # fmt: skip


def serve_forever(config: EngineConfig) -> None:
    """Load the model, listen, and block until SIGTERM or SIGINT."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(config.model_path)
    # A set of names the server answers to; a bare string would be read as a set of letters.
    params.model_alias = {config.alias}
    params.hostnames = [config.host]
    params.port = config.port
    # Slots divide the context: each request gets ctx_per_slot tokens.
    params.n_parallel = config.parallel
    params.n_ctx = config.ctx_per_slot * config.parallel
    params.n_batch = config.batch
    params.n_ubatch = min(config.batch, 512)
    threads = config.threads or os.cpu_count() or 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    # Reuse the KV cache of a shared prompt prefix: an article's later calls, and
    # the instructions every article shares, are not evaluated again.
    params.cache_prompt = True
    # Prompts a slot moves on from are kept in host memory to be restored later; llama.cpp
    # allows 8 GiB by default, and the server grew by a gigabyte in 40 articles. Bounded.
    params.cache_ram_mib = config.cache_ram_mb
    kv_type = getattr(xllamacpp.ggml_type, KV_CACHE_TYPES[config.kv_cache])
    params.cache_type_k = params.cache_type_v = kv_type
    params.flash_attn_type = getattr(
        xllamacpp.llama_flash_attn_type, FLASH_ATTENTION[config.flash_attn]
    )
    params.endpoint_metrics = True
    server = xllamacpp.Server(params)
    print(f"[embedded model] listening on {server.listening_address}", file=sys.stderr, flush=True)
    stop = {"now": False}

    def _stop(signum: int, frame: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while not stop["now"]:
        signal.pause()
    del server


def start_engine(config: EngineConfig) -> subprocess.Popen[bytes]:
    """Start the server in its own process on loopback and wait until it is healthy."""
    process = subprocess.Popen(
        [sys.executable, "-m", "service.embedded.server", *config.arguments()]
    )
    base = f"http://{config.host}:{config.port}"
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the embedded model server exited with code {process.returncode}")
        if _healthy(f"{base}/health"):
            return process
        time.sleep(0.5)
    process.terminate()
    raise RuntimeError(
        f"the embedded model server did not answer on {base} within {READY_TIMEOUT_S:.0f} s"
    )


def _healthy(url: str) -> bool:
    # urllib, not httpx: the model's own image (Dockerfile.model) installs only xllamacpp.
    try:
        with urllib.request.urlopen(url, timeout=2.0) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def stop_engine(process: subprocess.Popen[bytes]) -> None:
    """Stop the server, killing it if it does not exit within 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _parse(argv: list[str] | None) -> EngineConfig:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="GGUF file")
    parser.add_argument("--alias", required=True, help="the model name clients send")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--ctx-per-slot", type=int, default=4096)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0, help="0: one per core")
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--cache-ram-mb", type=int, default=512, help="host prompt cache bound")
    parser.add_argument("--kv-cache", choices=sorted(KV_CACHE_TYPES), default="f16")
    parser.add_argument("--flash-attn", choices=sorted(FLASH_ATTENTION), default="auto")
    args = parser.parse_args(argv)
    return EngineConfig(
        model_path=args.model,
        alias=args.alias,
        host=args.host,
        port=args.port,
        ctx_per_slot=args.ctx_per_slot,
        parallel=args.parallel,
        threads=args.threads,
        batch=args.batch,
        cache_ram_mb=args.cache_ram_mb,
        kv_cache=args.kv_cache,
        flash_attn=args.flash_attn,
    )


def main(argv: list[str] | None = None) -> None:
    """`python -m service.embedded.server --model M.gguf --alias NAME`: the server alone."""
    serve_forever(_parse(argv))


if __name__ == "__main__":
    main()
