"""The local base image: Debian 12 and its Python 3.11, made with debootstrap.

It stands in for python:3.11-slim as the Dockerfiles' PYTHON_IMAGE where Docker
Hub cannot be reached; only Debian's archive is needed. The root file system is
kept under var/image/, so a later run only imports it (or finds the image).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass

from tests.image.checks import CheckFailed
from tests.image.podman import CONF, ROOT, image_mb, podman

BASE_IMAGE = "localhost/factstructure-base"
ROOTFS = ROOT / "var" / "image" / "bookworm-rootfs"
DEBOOTSTRAP = [
    "debootstrap",
    "--variant=minbase",
    "--include=python3,python3-venv",
    "bookworm",
    "ROOTFS",
    "http://deb.debian.org/debian",
]
# The host's trust store goes into the base: this machine reaches PyPI through a
# TLS-inspecting proxy whose CA only the host's bundle holds. pip otherwise trusts
# only the bundle it carries, so pip.conf points it at the system's.
HOST_CA = "/etc/ssl/certs/ca-certificates.crt"
PIP_CONF = f"[global]\ncert = {HOST_CA}\n"


@dataclass(frozen=True)
class Base:
    """How the base was had this run, and what it took."""

    how: str
    seconds: float
    mb: float


def ensure_base() -> Base:
    """The base image: found in podman, imported from var/image/, or made anew."""
    began = time.monotonic()
    if podman("image", "ls", "--quiet", BASE_IMAGE):
        return Base("found in podman's store", time.monotonic() - began, image_mb(BASE_IMAGE))
    how = "imported from var/image/"
    if not ROOTFS.is_dir():
        debootstrap()
        how = "made with debootstrap and imported"
    trust_host_ca()
    import_rootfs()
    return Base(how, time.monotonic() - began, image_mb(BASE_IMAGE))


def debootstrap() -> None:
    """Debian's minimal root with python3 and python3-venv, into ROOTFS (whole or not at all)."""
    partial = ROOTFS.with_name(ROOTFS.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    command = [str(partial) if part == "ROOTFS" else part for part in DEBOOTSTRAP]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise CheckFailed(f"`{' '.join(command)}` failed:\n{done.stdout[-2000:]}{done.stderr}")
    partial.rename(ROOTFS)


def trust_host_ca() -> None:
    """Give the root the host's CA bundle, and pip the system's bundle to check against."""
    if os.path.exists(HOST_CA):
        shutil.copyfile(HOST_CA, ROOTFS / HOST_CA.lstrip("/"))
    (ROOTFS / "etc" / "pip.conf").write_text(PIP_CONF)


def import_rootfs() -> None:
    """`tar -C ROOTFS -c . | podman import - BASE_IMAGE`."""
    env = {**os.environ, "CONTAINERS_CONF": str(CONF)}
    tar = subprocess.Popen(["tar", "-C", str(ROOTFS), "-c", "."], stdout=subprocess.PIPE)
    imported = subprocess.run(
        ["podman", "import", "--quiet", "-", BASE_IMAGE],
        stdin=tar.stdout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if tar.stdout is not None:
        tar.stdout.close()
    if tar.wait(60) != 0 or imported.returncode != 0:
        raise CheckFailed(f"importing {ROOTFS} as {BASE_IMAGE} failed:\n{imported.stderr}")
