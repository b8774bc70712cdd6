"""A throwaway redis-server on loopback for the tests that need a real Redis."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# This suite's loopback ports for its own redis-servers (shared machines give each suite a range).
REDIS_PORTS = range(18200, 18300)


def free_port(ports: range = REDIS_PORTS) -> int:
    """The first of `ports` free on loopback."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


def answers_ping(port: int) -> bool:
    """Does a Redis on loopback `port` answer PING?"""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as ping:
            ping.sendall(b"PING\r\n")
            return ping.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throwaway redis-server on loopback, no persistence; skipped where none is installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not answers_ping(port):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not answer within 10 s")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)
