"""The benchmark end to end on a model that finds nothing: no network, no real model."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from benchmarks import bench_quality
from benchmarks.outcome import Outcome, no_records
from benchmarks.results import SystemResults, text_table
from benchmarks.wire import empty_answers
from evals.cases import load_cases
from evals.recordings import Recording, recording_path
from service.model.prompts import load_prompts

ROOT = Path(__file__).resolve().parent.parent.parent
CASE = "005_relative_dates"
MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"


def test_default_cases_exist_and_cover_every_record_type() -> None:
    cases = load_cases(ROOT / "seeds", only=bench_quality.DEFAULT_CASES)

    assert sorted(case.id for case in cases) == sorted(bench_quality.DEFAULT_CASES)
    for kind in ("claims", "denials", "statistics"):
        assert sum(len(case.gold[kind]) for case in cases) > 0, kind
    rebuts = [denial["rebuts"] for case in cases for denial in case.gold["denials"]]
    assert any(rebuts), "a denial that answers a claim"
    assert not all(rebuts), "a denial that answers none"


@pytest.mark.parametrize("strategy", ["focused", "single"])
def test_default_cases_are_recorded_for_both_strategies(strategy: str) -> None:
    """--from-recordings scores every default case, so each needs a current recording."""
    version = load_prompts().version_for(strategy)
    for case_id in bench_quality.DEFAULT_CASES:
        path = recording_path(ROOT / "seeds" / "recordings", MODEL, strategy, case_id)
        assert path.exists(), path
        assert Recording.load(path).prompt_version == version, path


def test_plan_counts_calls_without_a_model(capsys: pytest.CaptureFixture[str]) -> None:
    code = bench_quality.main(["--plan", "--only", CASE, "--systems", "focused,single,plain"])

    out = capsys.readouterr().out
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith(CASE)).split()
    focused, single, plain = (int(cell) for cell in row[1:])
    assert focused >= 1
    assert single == 1
    assert plain == 1


def test_plan_runs_langextract_through_its_own_pipeline() -> None:
    pytest.importorskip("langextract")

    assert bench_quality.main(["--plan", "--only", CASE, "--systems", "langextract"]) == 0


def test_a_run_writes_json_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stem = tmp_path / "quality"

    code = bench_quality.main(
        ["--only", CASE, "--systems", "single plain", "--out", str(stem)], model=empty_answers
    )

    assert code == 0
    payload = json.loads(stem.with_suffix(".json").read_text())
    assert payload["run"]["complete"] is True
    assert [row["system"] for row in payload["table"]] == ["service/single", "plain instructor"]
    assert payload["table"][0]["micro_f1"] == 0.0
    assert payload["table"][0]["calls_per_article"] == 1.0
    assert "| service/single |" in stem.with_suffix(".md").read_text()
    assert "micro-F1" in capsys.readouterr().out


def test_tokens_show_as_na_when_the_server_did_not_report_them() -> None:
    results = SystemResults()
    case = load_cases(ROOT / "seeds", only=[CASE])[0]
    results.add(case, Outcome(no_records(), 2.0, 3, None, None))

    table = text_table([results.row("x")])

    assert "n/a" in table.splitlines()[-1]


def test_a_run_stops_when_the_model_does_not_answer(tmp_path: Path) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    code = bench_quality.main(
        ["--only", CASE, "--systems", "plain", "--out", str(tmp_path / "quality")],
        model=lambda: httpx.MockTransport(refused),
    )

    assert code == 3
    assert not (tmp_path / "quality.json").exists()
