"""`factstructure structure`: every article once, error lines that do not stop the run, resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from service.client.cli import main
from tests.production.conftest import ARTICLE, live_service, settings_for
from tests.support.fake_model import FakeModel


def _corpus(path: Path, count: int) -> list[str]:
    """`count` export-style lines (date, license: fields the CLI maps or ignores) and a bad one."""
    ids = []
    with path.open("w", encoding="utf-8") as corpus:
        for n in range(count):
            ids.append(f"a-{n}")
            line = {
                "id": f"a-{n}",
                "text": f"{ARTICLE} Item {n}.",
                "title": f"T{n}",
                "date": "2024-03-07",
                "license": "CC BY 2.5",
                "url": f"https://x.test/{n}",
            }
            corpus.write(json.dumps(line) + "\n")
        ids.append("bad-date")
        corpus.write(json.dumps({"id": "bad-date", "text": ARTICLE, "date": "yesterday"}) + "\n")
    return ids


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service.client.cli", "structure", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "120"},
    )


def test_killed_run_resumes_without_redoing_or_losing_articles(
    fake_model: FakeModel, tmp_path: Path
) -> None:
    fake_model.latency_s = 0.25
    source, output = tmp_path / "articles.jsonl", tmp_path / "out.jsonl"
    ids = _corpus(source, 6)
    settings = settings_for(fake_model, strategy="single", cache_size=0)
    with live_service(settings) as url:
        args = (
            str(source),
            "--output",
            str(output),
            "--url",
            url,
            "--concurrency",
            "1",
            "--poll-s",
            "0.05",
        )
        first = _cli(*args)
        deadline = time.monotonic() + 30
        while not output.exists() or len(output.read_text().splitlines()) < 2:
            assert time.monotonic() < deadline, "the first run wrote nothing in 30 s"
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)
        written_before = len(_lines(output))
        with output.open("a") as torn:
            torn.write('{"id": "a-5", "res')  # as if killed in the middle of a write
        second = _cli(*args)
        _, summary = second.communicate(timeout=60)
    assert second.returncode == 0, summary.decode()
    lines = _lines(output)
    assert sorted(line["id"] for line in lines) == sorted(ids), "every article exactly once"
    assert written_before < len(ids)
    assert f"{written_before} already".encode() in summary
    by_id = {line["id"]: line for line in lines}
    assert by_id["bad-date"]["error"]["status"] == 422
    assert "published" in by_id["bad-date"]["error"]["detail"]
    assert by_id["a-0"]["result"]["meta"]["url"] == "https://x.test/0"
    # An article in flight at the kill is found again as the same job, not run twice.
    assert len(fake_model.requests) == 6


def test_in_process_run_on_the_configured_model(
    fake_model: FakeModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, output = tmp_path / "articles.jsonl", tmp_path / "out.jsonl"
    ids = _corpus(source, 2)
    for name, value in {
        "STRUCTURE_MODEL_BASE_URL": fake_model.base_url,
        "STRUCTURE_MODEL_NAME": fake_model.model,
        "STRUCTURE_STRATEGY": "single",
        "STRUCTURE_HTTP_RETRIES": "0",
    }.items():
        monkeypatch.setenv(name, value)
    assert main(["structure", str(source), "--output", str(output)]) == 0
    again = main(["structure", str(source), "--output", str(output)])
    lines = _lines(output)
    assert again == 0
    assert sorted(line["id"] for line in lines) == sorted(ids)
    assert sum("result" in line for line in lines) == 2
    assert len(fake_model.requests) == 2, "the second run found everything done"
