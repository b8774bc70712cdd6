"""Bring up the embedded model when no endpoint is configured, for `make run` and `make record`."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.embedded.server import EngineConfig, start_engine, stop_engine
from service.embedded.weights import MODELS, cache_dir, ensure_model
from service.settings import Settings


def endpoint_configured(settings: Settings) -> bool:
    """Has the operator pointed the service at a model endpoint of their own?"""
    return "model_base_url" in settings.model_fields_set


def engine_config(settings: Settings) -> EngineConfig:
    """The embedded server's config: weights fetched and verified on first use."""
    choice = settings.embedded_model
    if choice in MODELS:
        path, alias = ensure_model(MODELS[choice], cache_dir(settings.cache_dir)), choice
    elif Path(choice).is_file():
        path, alias = Path(choice), Path(choice).stem
    else:
        raise SystemExit(
            f"STRUCTURE_EMBEDDED_MODEL={choice!r} is neither a known model "
            f"({', '.join(MODELS)}) nor a GGUF file"
        )
    return EngineConfig(
        model_path=path,
        alias=alias,
        port=settings.embedded_port,
        ctx_per_slot=settings.embedded_ctx,
        parallel=settings.embedded_parallel,
        threads=settings.embedded_threads,
        batch=settings.embedded_batch,
        cache_ram_mb=settings.embedded_cache_ram_mb,
        kv_cache=settings.embedded_kv_cache,
        flash_attn=settings.embedded_flash_attn,
    )


@contextmanager
def embedded_model(settings: Settings | None = None) -> Iterator[Settings]:
    """Serve the embedded model on loopback for the block; yield settings that point at it.

    The endpoint is also written to the environment, because uvicorn's worker
    processes and the evals build their own Settings from it.
    """
    settings = settings or Settings()
    config = engine_config(settings)
    _log(
        f"starting {config.alias} on {config.host}:{config.port} "
        f"({config.parallel} slots x {config.ctx_per_slot} tokens)"
    )
    started = time.monotonic()
    process = start_engine(config)
    _log(f"model server ready in {time.monotonic() - started:.1f} s")
    endpoint = {
        "model_base_url": f"http://{config.host}:{config.port}/v1",
        "model_name": config.alias,
    }
    for field, value in endpoint.items():
        os.environ[f"STRUCTURE_{field.upper()}"] = value
    try:
        yield settings.model_copy(update=endpoint)
    finally:
        stop_engine(process)


def main() -> None:
    """`python -m service.embedded.launch`: the service, on the embedded model unless configured."""
    from service.__main__ import main as serve

    settings = Settings()
    if endpoint_configured(settings):
        serve()
        return
    with embedded_model(settings):
        serve()


def _log(message: str) -> None:
    print(f"[embedded model] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
