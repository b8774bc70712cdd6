"""The kept scores of the last recording, and the micro-F1 threshold CI holds the evals to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BASELINE_PATH = Path(__file__).resolve().parent / "baseline.json"


def write_baseline(
    report: dict[str, Any], margin: float, path: Path = BASELINE_PATH, per_case: bool = True
) -> None:
    """Keep this run's scores; the threshold sits `margin` below its micro-F1.

    Without `per_case` the file names no case: the ids of cases the project does
    not own (the shared corpus's) are their articles' headlines, which stay out of
    the repository like their text.
    """
    run = report["run"]
    baseline = {
        "model": run["model"],
        "strategy": run["strategy"],
        "prompt_version": run["prompt_version"],
        "micro_f1": round(report["micro_f1"], 4),
        "threshold_micro_f1": round(max(0.0, report["micro_f1"] - margin), 4),
        "f1": {kind: round(scores["f1"], 4) for kind, scores in report["types"].items()},
    }
    if per_case:
        baseline["case_f1"] = {case: round(f1, 4) for case, f1 in report["case_f1"].items()}
    path.write_text(json.dumps(baseline, indent=1) + "\n")


def check_against_baseline(report: dict[str, Any], path: Path = BASELINE_PATH) -> str | None:
    """Return why the run falls short of the kept threshold, or None if it does not."""
    if not path.exists():
        return f"no baseline at {path}: record, then run `python -m evals --save-baseline`"
    baseline = json.loads(path.read_text())
    threshold = float(baseline["threshold_micro_f1"])
    if report["micro_f1"] < threshold:
        return (
            f"eval check failed: micro-F1 {report['micro_f1']:.4f} is below the kept threshold "
            f"{threshold:.4f} (baseline {baseline['micro_f1']:.4f}, {path.name})"
        )
    return None
