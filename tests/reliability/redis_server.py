"""A redis-server that a test can kill and bring back on the same port, its data kept on disk."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.redis_server import answers_ping, free_port

# This suite's loopback ports for its own redis-servers.
PORTS = range(18150, 18200)


class RestartableRedis:
    """redis-server with every write on disk (append-only, fsync always), so a kill loses none."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self._binary = binary
        self._directory = directory
        self.port = free_port(PORTS)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Where the service finds it."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it (again) and wait until it answers PING."""
        command = [self._binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "yes", "--appendfsync", "always"]
        command += ["--dir", str(self._directory)]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while not answers_ping(self.port):
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise RuntimeError("redis-server did not answer within 10 s")
            time.sleep(0.05)

    def kill(self) -> None:
        """Kill it as a crash would: no shutdown, open connections dropped."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(10)
