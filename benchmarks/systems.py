"""The systems the quality benchmark compares, each bound to one article at a time."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from benchmarks.outcome import Outcome
from benchmarks.plain_instructor import run_plain
from benchmarks.service_runner import (
    replay_service,
    run_service,
    strategy_settings,
    usable_recording,
)
from evals.cases import Case
from service.model.prompts import PromptSet
from service.model.silent import nothing_answered
from service.settings import Settings, StrategyName

if TYPE_CHECKING:
    from benchmarks.langextract_runner import LangExtractOptions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SYSTEMS = ("guided", "rules", "focused", "single", "langextract", "plain")
SERVICE_STRATEGIES: tuple[StrategyName, ...] = ("guided", "focused", "single")
RECORDED = " (recorded)"

# A runner returns the outcome, or the reason it cannot run on this article.
Runner = Callable[[Case], Outcome | str]


def system_runners(
    args: argparse.Namespace,
    systems: list[str],
    settings: Settings,
    prompts: PromptSet,
    fake: Callable[[], httpx.MockTransport] | None,
) -> dict[str, Runner]:
    def async_transport() -> httpx.AsyncBaseTransport:
        return fake() if fake else httpx.AsyncHTTPTransport()

    runners: dict[str, Runner] = {}
    recordings = Path(args.recordings) if args.recordings else SEEDS / "recordings"
    for system in systems:
        if system == "rules":
            # The guided pipeline on a model that answers nothing: what code alone finds.
            guided = strategy_settings(settings, "guided")
            runners["service/rules (no model)"] = _bind_service(guided, prompts, nothing_answered)
        elif system in SERVICE_STRATEGIES:
            chosen = strategy_settings(settings, next(s for s in SERVICE_STRATEGIES if s == system))
            if args.from_recordings and not args.plan:
                runners[f"service/{system}{RECORDED}"] = _replaying(
                    chosen, prompts, recordings, system
                )
            else:
                runners[f"service/{system}"] = _bind_service(chosen, prompts, async_transport)
        elif system == "langextract":
            runners["langextract"] = _langextract_runner(args, settings, fake)
        else:
            runners["plain instructor"] = _bind_plain(settings, async_transport)
    return runners


def _bind_service(
    settings: Settings, prompts: PromptSet, transport: Callable[[], httpx.AsyncBaseTransport]
) -> Runner:
    return lambda case: asyncio.run(run_service(case, settings, prompts, transport()))


def _replaying(settings: Settings, prompts: PromptSet, directory: Path, strategy: str) -> Runner:
    def runner(case: Case) -> Outcome | str:
        recording = usable_recording(directory, settings, strategy, case.id, prompts)
        if isinstance(recording, str):
            return recording
        return asyncio.run(replay_service(case, settings, prompts, recording))

    return runner


def _bind_plain(settings: Settings, transport: Callable[[], httpx.AsyncBaseTransport]) -> Runner:
    return lambda case: asyncio.run(run_plain(case, settings, transport()))


def _langextract_runner(
    args: argparse.Namespace, settings: Settings, fake: Callable[[], httpx.MockTransport] | None
) -> Runner:
    try:
        from benchmarks.langextract_runner import run_langextract
    except ImportError as missing:
        raise SystemExit(
            f"LangExtract is not installed ({missing}); install the benchmark extra with "
            "`.venv/bin/pip install -e '.[bench]'` or run `make bench-quality`"
        ) from missing
    options = langextract_options(args)
    return lambda case: run_langextract(case, settings, options, fake() if fake else None)


def langextract_options(args: argparse.Namespace) -> LangExtractOptions:
    # Imported here so that the other systems run without LangExtract installed.
    from benchmarks.langextract_runner import LangExtractOptions

    return LangExtractOptions(
        max_char_buffer=args.lx_max_char_buffer,
        extraction_passes=args.lx_passes,
        context_window_chars=args.lx_context_window,
        constraint=args.lx_constraint,
    )
