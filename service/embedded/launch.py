"""Bring up the embedded model when no endpoint is configured, for `make run` and `make record`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.embedded.server import ensure_llama_server, start_llama_server
from service.embedded.weights import DEFAULT_MODEL, MODELS, ensure_model


def endpoint_configured() -> bool:
    """Has the operator pointed the service at a model endpoint of their own?"""
    return bool(os.environ.get("STRUCTURE_MODEL_BASE_URL"))


@contextmanager
def embedded_model() -> Iterator[None]:
    """Serve the embedded model on loopback and point STRUCTURE_* settings at it, for the block."""
    choice = os.environ.get("STRUCTURE_EMBEDDED_MODEL", DEFAULT_MODEL)
    if choice in MODELS:
        path = ensure_model(MODELS[choice])
        alias = choice
    elif Path(choice).is_file():
        path, alias = Path(choice), Path(choice).stem
    else:
        raise SystemExit(
            f"STRUCTURE_EMBEDDED_MODEL={choice!r} is neither a known model "
            f"({', '.join(MODELS)}) nor a GGUF file"
        )
    ensure_llama_server()
    port = int(os.environ.get("STRUCTURE_EMBEDDED_PORT", "8081"))
    n_ctx = int(os.environ.get("STRUCTURE_EMBEDDED_CTX", "4096"))
    print(f"[embedded model] starting {alias} on 127.0.0.1:{port}", file=sys.stderr, flush=True)
    process = start_llama_server(path, alias, port, n_ctx)
    os.environ["STRUCTURE_MODEL_BASE_URL"] = f"http://127.0.0.1:{port}/v1"
    os.environ["STRUCTURE_MODEL_NAME"] = alias
    os.environ.setdefault("STRUCTURE_OUTPUT_MODE", "llama_json_schema")
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    """`python -m service.embedded.launch`: the service, on the embedded model unless configured."""
    from service.__main__ import main as serve

    if endpoint_configured():
        serve()
        return
    with embedded_model():
        serve()


if __name__ == "__main__":
    main()
