"""Podman as this machine allows it.

`containers.conf` beside this file picks runc and lower limits. Every container
runs on the host's network and listens on 127.0.0.1, so the tests' traffic
never leaves loopback: a bridge network would put it on 10.x addresses.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.image.checks import CheckFailed

ROOT = Path(__file__).resolve().parents[2]
CONF = Path(__file__).with_name("containers.conf")
# The loopback ports the tests may listen on.
PORTS = range(18200, 18300)
# `podman run --stop-timeout`: past the drain any test needs, short of the image's 615 s.
STOP_TIMEOUT_S = 30


def podman(*args: str, timeout_s: float = 120) -> str:
    """Run `podman ARGS` with the tests' settings; its stdout, or CheckFailed with its stderr."""
    env = {**os.environ, "CONTAINERS_CONF": str(CONF)}
    try:
        done = subprocess.run(
            ["podman", *args], env=env, capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired as error:
        raise CheckFailed(f"`podman {' '.join(args[:3])}` took over {timeout_s:.0f} s") from error
    if done.returncode != 0:
        raise CheckFailed(f"`podman {' '.join(args)}` failed:\n{done.stderr.strip()}")
    return done.stdout.strip()


def podman_missing() -> str | None:
    """Why the image tests cannot start here (a program missing, podman broken), or None."""
    for program in ("podman", "runc", "debootstrap"):
        if shutil.which(program) is None:
            return f"{program} is not installed (apt-get install podman runc debootstrap)"
    try:
        podman("info", timeout_s=60)
    except CheckFailed as error:
        return f"podman cannot run here: {error}"
    return None


def build(dockerfile: Path, tag: str, build_args: dict[str, str], log: Path) -> float:
    """Build `dockerfile` in the repository as `tag`; its seconds. The build's output goes to `log`.

    Docker's format, since the OCI format has no HEALTHCHECK and podman drops it.
    """
    arguments = [f"--build-arg={name}={value}" for name, value in build_args.items()]
    began = time.monotonic()
    output = podman(
        "build",
        "--format",
        "docker",
        "-f",
        str(dockerfile),
        "-t",
        tag,
        *arguments,
        str(ROOT),
        timeout_s=3600,
    )
    log.write_text(output)
    return time.monotonic() - began


def image_mb(tag: str) -> float:
    """The image's size in MB, as `podman images` counts it (the base's layers included)."""
    return int(podman("image", "inspect", "--format", "{{.Size}}", tag)) / 1e6


def start(
    name: str,
    image: str,
    env: dict[str, str],
    options: tuple[str, ...] = (),
    command: tuple[str, ...] = (),
    network: str = "host",
) -> str:
    """A container, detached, on the host's network unless told; its name.

    `options` go to `podman run` (e.g. --entrypoint), `command` after the image.
    """
    remove(name)
    settings = [f"--env={key}={value}" for key, value in env.items()]
    podman(
        "run",
        "--detach",
        "--name",
        name,
        "--network",
        network,
        f"--stop-timeout={STOP_TIMEOUT_S}",
        *settings,
        *options,
        image,
        *command,
    )
    return name


def remove(name: str) -> None:
    """Remove the container `name` if there is one, running or not."""
    podman("rm", "--force", "--ignore", "--time", "0", name)


def state(name: str, field: str) -> str:
    """One field of the container's state, e.g. `Status`, `ExitCode`, `Pid`, `Health.Status`."""
    return podman("inspect", "--format", f"{{{{.State.{field}}}}}", name)


def logs_tail(name: str, lines: int = 20) -> str:
    """The container's last lines of output, for a failure's message."""
    try:
        return podman("logs", "--tail", str(lines), name)
    except CheckFailed as error:
        return str(error)


def free_ports(count: int) -> list[int]:
    """`count` ports of the tests' range that nothing listens on."""
    found = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise CheckFailed(f"fewer than {count} free loopback ports in {PORTS.start}-{PORTS.stop - 1}")
