"""The kept baseline: its threshold, and no case names for cases the project does not own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.baseline import check_against_baseline, write_baseline


def report(micro_f1: float) -> dict[str, Any]:
    return {
        "run": {"model": "m", "strategy": "guided", "prompt_version": "p-1"},
        "micro_f1": micro_f1,
        "types": {"claims": {"f1": micro_f1}},
        "case_f1": {"harbour-strike-ends": micro_f1},
    }


def test_a_baseline_of_owned_cases_keeps_each_cases_score(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(report(0.8), margin=0.02, path=path)
    kept = json.loads(path.read_text())
    assert kept["case_f1"] == {"harbour-strike-ends": 0.8}
    assert kept["threshold_micro_f1"] == 0.78


def test_a_baseline_of_borrowed_cases_names_none_of_them(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(report(0.8), margin=0.02, path=path, per_case=False)
    assert "harbour-strike-ends" not in path.read_text()
    assert check_against_baseline(report(0.79), path=path) is None
    assert check_against_baseline(report(0.77), path=path) is not None
