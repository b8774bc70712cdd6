"""`make bench-quality`: the service's strategies, LangExtract and plain instructor, side by side.

Every system runs on the same articles (the seeds, or --cases) against the same
OpenAI-compatible model server (STRUCTURE_MODEL_BASE_URL and STRUCTURE_MODEL_NAME;
the embedded model when none is set); the evals scorer scores every article.
Results are rewritten after each article: read them part way, or --resume.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from benchmarks.outcome import Outcome
from benchmarks.results import SystemResults, load_outcomes, text_table, write_results
from benchmarks.systems import (
    RECORDED,
    SERVICE_STRATEGIES,
    SYSTEMS,
    Runner,
    langextract_options,
    system_runners,
)
from benchmarks.wire import empty_answers
from evals.cases import Case, load_cases
from service.model.prompts import PromptSet, load_prompts
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RESULTS = ROOT / "benchmarks" / "results"

# Eight of the shorter seed articles: 86 claims, 10 denials (with and without a claim they
# rebut), 69 statistics, each recorded for both strategies (test_bench_quality.py checks).
DEFAULT_CASES = (
    "001_denial_answers_claim",
    "002_pronoun_speakers",
    "003_anonymous_sources",
    "004_numbers_in_words_and_digits",
    "005_relative_dates",
    "006_mixed_direct_indirect",
    "011_denial_without_claim",
    "016_multiple_denials_rebuttals",
)


def main(
    argv: list[str] | None = None, model: Callable[[], httpx.MockTransport] | None = None
) -> int:
    """Run the benchmark and print the table; return the exit code.

    `model` stands in for the model server (tests); --plan uses one that finds nothing.
    """
    args = _parser().parse_args(argv)
    cases = load_cases(Path(args.cases).resolve(), only=_case_ids(args))
    systems = _words(args.systems) or list(SYSTEMS)
    if unknown := sorted(set(systems) - set(SYSTEMS)):
        raise SystemExit(f"unknown system(s) {', '.join(unknown)}; choose from {SYSTEMS}")
    replay_only = args.from_recordings and set(systems) <= set(SERVICE_STRATEGIES)
    fake = empty_answers if args.plan else model
    with _model(needed=not (fake or replay_only)):
        settings = Settings()
        prompts = load_prompts()
        runners = system_runners(args, systems, settings, prompts, fake)
        if args.plan:
            return _plan(cases, runners)
        return _run(args, cases, runners, settings, prompts)


def _run(
    args: argparse.Namespace,
    cases: list[Case],
    runners: dict[str, Runner],
    settings: Settings,
    prompts: PromptSet,
) -> int:
    # Runs on other articles (the shared corpus) hold their text: they stay in var/.
    folder = RESULTS if Path(args.cases).resolve() == SEEDS.resolve() else ROOT / "var" / "bench"
    stem = Path(args.out) if args.out else folder / f"quality-{_today()}"
    run: dict[str, Any] = {
        "started": _now(),
        "updated": _now(),
        "model": settings.model_name,
        "endpoint": (
            _endpoint(settings.model_base_url)
            if any(not name.endswith(RECORDED) for name in runners)
            else "none (recordings only)"
        ),
        "prompt_version": ", ".join(f"{name} {v}" for name, v in sorted(prompts.versions.items())),
        "cases": [case.id for case in cases],
        "systems": list(runners),
        "from_recordings": args.from_recordings,
        "langextract": asdict(langextract_options(args)) if "langextract" in runners else None,
        "complete": False,
    }
    results = {name: SystemResults() for name in runners}
    done = _resumed(stem, run, results, cases) if args.resume else set()
    total, step = len(cases) * len(runners), 0
    for case in cases:
        for name, runner in runners.items():
            step += 1
            if (name, case.id) in done:
                continue
            _progress(f"[{step}/{total}] {case.id} · {name} ...")
            outcome = runner(case)
            if isinstance(outcome, Outcome) and outcome.unreachable:
                _progress(
                    f"the model at {run['endpoint']} did not answer ({outcome.error}); stopping "
                    f"with the articles done so far in {_shown(stem.with_suffix('.json'))}. "
                    "Start the server and run the same command with --resume to go on."
                )
                return 3
            if isinstance(outcome, str):
                results[name].skipped[case.id] = outcome
                _progress(f"[{step}/{total}] {case.id} · {name}: skipped ({outcome})")
                continue
            score = results[name].add(case, outcome)
            failed = f"; error: {outcome.error}" if outcome.error else ""
            _progress(
                f"[{step}/{total}] {case.id} · {name}: micro-F1 {score.micro.f1:.3f}, "
                f"{outcome.calls} call(s), {outcome.wall_s:.1f} s{failed}"
            )
            run["updated"] = _now()
            write_results(stem, run, results)
    run["complete"] = True
    run["updated"] = _now()
    json_path, md_path = write_results(stem, run, results)
    print(f"model {settings.model_name} at {run['endpoint']}; {len(cases)} article(s)")
    print(text_table([result.row(name) for name, result in results.items()]))
    for name, result in results.items():
        for case_id, reason in result.skipped.items():
            print(f"! {name} skipped {case_id}: {reason}")
        for case_id, outcome in result.outcomes.items():
            if outcome.error:
                print(f"! {name} on {case_id}: {outcome.error}")
    print(f"results: {_shown(json_path)}, {_shown(md_path)}")
    return 0


def _plan(cases: list[Case], runners: dict[str, Runner]) -> int:
    """Every system on a model that answers "nothing" at once: the calls a live run will make."""
    print("model calls each system makes per article (a model that finds nothing; no re-asks)")
    names = list(runners)
    width = max(len(case.id) for case in cases)
    print(f"{'case'.ljust(width)}  " + "  ".join(names))
    totals = dict.fromkeys(names, 0)
    for case in cases:
        cells = []
        for name in names:
            outcome = runners[name](case)
            calls = outcome.calls if isinstance(outcome, Outcome) else 0
            totals[name] += calls
            cells.append(str(calls).rjust(len(name)))
        print(f"{case.id.ljust(width)}  " + "  ".join(cells))
    print(f"{'total'.ljust(width)}  " + "  ".join(str(totals[n]).rjust(len(n)) for n in names))
    print(f"all systems: {sum(totals.values())} model call(s) at least")
    return 0


def _resumed(
    stem: Path, run: dict[str, Any], results: dict[str, SystemResults], cases: list[Case]
) -> set[tuple[str, str]]:
    """Take over the outcomes of an earlier run with the same model from `<stem>.json`."""
    path = stem.with_suffix(".json")
    if not path.exists():
        return set()
    earlier, outcomes = load_outcomes(path)
    if earlier["model"] != run["model"]:
        raise SystemExit(f"{path} was run on {earlier['model']}, not {run['model']}")
    run["started"] = earlier["started"]
    by_id = {case.id: case for case in cases}
    done = set()
    for name, kept in outcomes.items():
        for case_id, outcome in kept.items():
            if name in results and case_id in by_id:
                results[name].add(by_id[case_id], outcome)
                done.add((name, case_id))
    _progress(f"resuming {path}: {len(done)} article run(s) kept")
    return done


def _model(needed: bool) -> AbstractContextManager[object]:
    from service.embedded.launch import embedded_model, endpoint_configured

    settings = Settings()
    use_embedded = needed and not endpoint_configured(settings)
    return embedded_model(settings) if use_embedded else nullcontext()


def _case_ids(args: argparse.Namespace) -> list[str] | None:
    return None if args.all else _words(args.only) or list(DEFAULT_CASES)


def _words(chunks: list[str] | None) -> list[str]:
    return [word for chunk in chunks or [] for word in chunk.replace(",", " ").split()]


def _endpoint(url: str) -> str:
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _progress(message: str) -> None:
    print(f"[bench-quality] {message}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_quality", description=__doc__)
    parser.add_argument(
        "--cases", default=str(SEEDS), help="directory of <id>.txt + <id>.gold.json"
    )
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument(
        "--only",
        action="append",
        help=f"case ids, space or comma separated (default: {' '.join(DEFAULT_CASES)})",
    )
    chosen.add_argument("--all", action="store_true", help="every case in --cases")
    parser.add_argument(
        "--systems",
        action="append",
        help=f"systems to run, space or comma separated (default: {' '.join(SYSTEMS)})",
    )
    parser.add_argument(
        "--from-recordings",
        action="store_true",
        help="score the service strategies from recorded answers instead of the live model",
    )
    parser.add_argument("--recordings", help="recordings directory (default: seeds/recordings)")
    parser.add_argument(
        "--out",
        help="results path without suffix (default: <folder>/quality-<date>, the folder "
        "benchmarks/results for the seeds, var/bench for other cases)",
    )
    parser.add_argument(
        "--resume", action="store_true", help="keep the article runs already in --out's JSON"
    )
    parser.add_argument(
        "--plan",
        action="store_true",
        help="no model: count the calls each system makes per article, and exit",
    )
    parser.add_argument(
        "--lx-max-char-buffer",
        type=int,
        default=1000,
        metavar="CHARS",
        help="LangExtract's chunk size (its default: 1000)",
    )
    parser.add_argument(
        "--lx-passes",
        type=int,
        default=1,
        metavar="N",
        help="LangExtract's extraction passes; each repeats every chunk's call (default: 1)",
    )
    parser.add_argument(
        "--lx-context-window",
        type=int,
        default=None,
        metavar="CHARS",
        help="characters of the previous chunk LangExtract shows with each chunk (default: none)",
    )
    parser.add_argument(
        "--lx-constraint",
        choices=["json", "schema"],
        default="json",
        help="LangExtract asks for any JSON object (its default without schema constraints), "
        "or for its example-derived schema as a llama.cpp grammar",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
