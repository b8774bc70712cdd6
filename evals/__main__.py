"""`python -m evals`: score cases from recordings (default), a live model, or while recording."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from evals.ablation import SYSTEMS, ablation_json, ablation_text
from evals.baseline import BASELINE_PATH, check_against_baseline, write_baseline
from evals.cases import Case, load_cases
from evals.compare import compare
from evals.report import json_report, markdown_report, text_report
from evals.run import (
    CaseRun,
    RunMode,
    StaleRecordings,
    check_recordings,
    run_case,
    structure_case,
)
from evals.scoring import CaseScore, score_case, summarise
from service.model.prompts import PromptSet, load_prompts
from service.model.silent import nothing_answered
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REPORTS = ROOT / "var" / "eval"


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the cases, print and write the reports; return the exit code."""
    args = _parser().parse_args(argv)
    mode: RunMode = "record" if args.record else "live" if args.live else "replay"
    systems = [name for name in args.systems.split(",") if name]
    cases_dir = Path(args.cases).resolve()
    only = [i for chunk in args.only or [] for i in chunk.replace(",", " ").split()] or None
    cases = load_cases(cases_dir, only=only)
    recordings_dir = Path(args.recordings) if args.recordings else _default_recordings(cases_dir)
    prompts = load_prompts()
    runs_by_system: dict[str, list[CaseRun]] = {}
    with _model_for(mode if "full" in systems else "replay"):
        settings = Settings()
        if args.strategy:
            settings = settings.model_copy(update={"strategy": args.strategy})
        if "full" in systems:
            try:
                runs_by_system["full"] = asyncio.run(
                    _run_all(cases, settings, prompts, mode, recordings_dir)
                )
            except StaleRecordings as stale:
                print(stale, file=sys.stderr)
                return 2
    if "rules" in systems:
        runs_by_system["rules"] = asyncio.run(_run_rules(cases, settings, prompts))
    primary = "full" if "full" in runs_by_system else "rules"
    runs = runs_by_system[primary]
    results = [
        (_score(case, run.predicted), _meta(run)) for case, run in zip(cases, runs, strict=True)
    ]
    without = [
        (_score(case, _without_grounding(run)), _meta(run))
        for case, run in zip(cases, runs, strict=True)
    ]
    report = json_report(results, without)
    report["run"] = {
        "mode": mode if primary == "full" else "rules",
        "system": primary,
        "model": settings.model_name,
        "strategy": settings.resolved_strategy(),
        "prompt_version": prompts.version_for(settings.resolved_strategy()),
        "cases_dir": _shown(cases_dir),
        "errors": {run.case_id: run.error for run in runs if run.error},
    }
    summaries = {
        name: summarise([_score(case, run.predicted) for case, run in zip(cases, by, strict=True)])
        for name, by in runs_by_system.items()
    }
    report["ablation"] = ablation_json(summaries)
    print(text_report(results, without))
    print(ablation_text(summaries))
    for run in runs:
        if run.error:
            print(f"! {run.case_id}: {run.error}")
    _write_reports(report, results, without, Path(args.out))
    return _compare_and_check(args, report)


def _compare_and_check(args: argparse.Namespace, report: dict[str, Any]) -> int:
    if args.compare:
        print(compare(json.loads(Path(args.compare).read_text()), report))
    baseline = Path(args.baseline)
    if args.save_baseline:
        owned = Path(args.cases).resolve().is_relative_to(ROOT)
        write_baseline(report, margin=args.margin, path=baseline, per_case=owned)
        print(f"baseline written to {_shown(baseline)}")
    if args.check:
        failure = check_against_baseline(report, path=baseline)
        if failure:
            print(failure, file=sys.stderr)
            return 1
        run = report["run"]
        print(
            f"eval check ({run['system']}, {run['cases_dir']}): micro-F1 is at or above "
            f"the kept threshold in {_shown(baseline)}"
        )
    return 0


async def _run_all(
    cases: list[Case], settings: Settings, prompts: PromptSet, mode: RunMode, recordings_dir: Path
) -> list[CaseRun]:
    strategy = settings.resolved_strategy()
    recordings = (
        check_recordings(cases, recordings_dir, settings.model_name, strategy, prompts)
        if mode == "replay"
        else {}
    )
    runs = []
    for case in cases:
        if mode != "replay":
            print(f"[{mode}] {case.id} ...", file=sys.stderr, flush=True)
        runs.append(
            await run_case(case, settings, prompts, mode, recordings.get(case.id), recordings_dir)
        )
    return runs


async def _run_rules(cases: list[Case], settings: Settings, prompts: PromptSet) -> list[CaseRun]:
    """Every case on a model that answers nothing: what the rules alone give."""
    # Re-asking a model that answers nothing only repeats the empty answer, and
    # instructor's error line for each such question is expected here, not news.
    # Every question failing is a failed model to the service: it then answers with
    # the rules' records (degraded), which is what this system scores.
    settings = settings.model_copy(update={"max_retries": 0, "on_model_failure": "rules"})
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    return [
        await structure_case(case, settings, prompts, nothing_answered(), f"rules-{case.id}")
        for case in cases
    ]


def _score(case: Case, predicted: dict[str, list[dict[str, Any]]]) -> CaseScore:
    return score_case(case.id, case.gold, predicted)


def _meta(run: CaseRun) -> dict[str, Any]:
    return {**run.meta, "error": run.error}


def _without_grounding(run: CaseRun) -> dict[str, list[dict[str, Any]]]:
    """The response as it would be had grounding kept what the text does not support.

    A record whose evidence was not found has no span, so it can only be a
    false positive: which is what it would be to a reader checking the text.
    """
    predicted = {kind: list(records) for kind, records in run.predicted.items()}
    for number, dropped in enumerate(run.ungrounded, start=1):
        record = dict(dropped["record"])
        evidence = record.get("evidence")
        span = evidence if isinstance(evidence, dict) else {"start": -1, "end": -1}
        record["evidence"] = {"text": "", "start": span["start"], "end": span["end"]}
        record["id"] = f"u{number}"
        if dropped["kind"] in ("claim", "denial"):
            record["speaker"] = {"name": record.get("speaker"), "role": record.get("speaker_role")}
        predicted[f"{dropped['kind']}s" if dropped["kind"] != "statistic" else "statistics"].append(
            record
        )
    return predicted


def _write_reports(
    report: dict[str, Any],
    results: list[tuple[CaseScore, dict[str, Any]]],
    without: list[tuple[CaseScore, dict[str, Any]]],
    out: Path,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    (out / "report.md").write_text(markdown_report(results, without))
    print(f"reports: {_shown(out / 'report.json')}, {_shown(out / 'report.md')}")


def _default_recordings(cases_dir: Path) -> Path:
    # Recordings of cases the project does not own (the shared corpus) stay
    # out of the repository: their text must not be committed.
    if cases_dir == SEEDS.resolve():
        return SEEDS / "recordings"
    return ROOT / "var" / "recordings" / cases_dir.name


def _model_for(mode: RunMode) -> AbstractContextManager[object]:
    from service.embedded.launch import embedded_model, endpoint_configured
    from service.settings import Settings

    settings = Settings()
    if mode == "replay" or endpoint_configured(settings):
        return nullcontext()
    return embedded_model(settings)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    parser.add_argument(
        "--cases", default=str(SEEDS), help="directory of <id>.txt + <id>.gold.json"
    )
    parser.add_argument("--only", action="append", help="case ids (space or comma separated)")
    parser.add_argument(
        "--strategy", choices=["single", "focused", "guided"], help="extraction strategy"
    )
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help="comma-separated: full (the model, as configured), rules (a model that answers "
        "nothing); full is the one reported, checked and kept when given, else rules",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--record", action="store_true", help="run the live model and write recordings"
    )
    source.add_argument("--live", action="store_true", help="score a live run without recording")
    parser.add_argument("--recordings", help="recordings directory (default: seeds/recordings)")
    parser.add_argument("--out", default=str(REPORTS), help="where report.json and report.md go")
    parser.add_argument(
        "--compare", metavar="OLD.json", help="show changes against an older report"
    )
    parser.add_argument(
        "--check", action="store_true", help="fail if micro-F1 is below the kept threshold"
    )
    parser.add_argument(
        "--save-baseline", action="store_true", help="keep these scores as the baseline"
    )
    parser.add_argument(
        "--margin", type=float, default=0.02, help="threshold = baseline micro-F1 - margin"
    )
    parser.add_argument(
        "--baseline", default=str(BASELINE_PATH), help="the kept scores --check and --save use"
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
