"""Install (once), start and wait for the llama.cpp server that hosts the embedded model."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from service.embedded.weights import cache_dir

LLAMA_CPP_PYTHON = "llama-cpp-python==0.3.36"
# A native build on a CPU with AMX/AVX-512 crashes inside VMs that do not grant
# AMX state (seen here: a general protection fault in libggml-cpu on the first
# request), and would not run on an older CPU anyway. AVX2 runs everywhere we deploy.
PORTABLE_CMAKE_ARGS = "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
WHEEL_FLAVOUR = "avx2"
READY_TIMEOUT_S = 600.0


def ensure_llama_server() -> None:
    """Make `llama_cpp.server` importable, building the wheel once and reusing it after."""
    try:
        import llama_cpp.server  # noqa: F401

        return
    except ImportError:
        pass
    wheels = cache_dir() / "wheels" / WHEEL_FLAVOUR
    wheels.mkdir(parents=True, exist_ok=True)
    if not any(wheels.glob("llama_cpp_python-*.whl")):
        print(
            "[embedded model] building llama-cpp-python from source once (a few minutes; "
            "3.5 min measured on 2 cores); the wheel is cached in " + str(wheels),
            file=sys.stderr,
            flush=True,
        )
        env = {
            **os.environ,
            "CMAKE_ARGS": PORTABLE_CMAKE_ARGS,
            "CMAKE_BUILD_PARALLEL_LEVEL": str(os.cpu_count() or 2),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-cache-dir",
                "--wheel-dir",
                str(wheels),
                LLAMA_CPP_PYTHON,
            ],
            check=True,
            env=env,
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--find-links",
            str(wheels),
            f"llama-cpp-python[server]{LLAMA_CPP_PYTHON.removeprefix('llama-cpp-python')}",
        ],
        check=True,
    )


def start_llama_server(
    model_path: Path, alias: str, port: int, n_ctx: int
) -> subprocess.Popen[bytes]:
    """Start the OpenAI-compatible llama.cpp server on loopback and wait until it answers."""
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path),
        "--model_alias",
        alias,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--n_threads",
        str(os.cpu_count() or 2),
    ]
    process = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited with code {process.returncode}")
        try:
            if httpx.get(f"{base}/models", timeout=2.0).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(1.0)
    process.terminate()
    raise RuntimeError(f"llama.cpp server did not answer on {base} within {READY_TIMEOUT_S:.0f} s")
