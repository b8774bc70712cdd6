"""How fast the configured model server runs the service's own calls, on three seed articles.

`make bench-engine` (the embedded model unless STRUCTURE_MODEL_BASE_URL is set);
`BENCH_ARGS="--cases-dir ../shared/corpus/cases --all"` runs every article of
the real-news corpus instead, and prints the medians the speed target is set on.
Each article goes through the service's real path (strategy, prompts, schemas),
one after another, and then two articles are sent at once. Per article it
prints what the server reports in each answer's `timings` (llama.cpp's
server does; other servers leave those columns empty):

- prompt tokens/s and generated tokens/s, over the tokens the server evaluated;
- the time in neither: wall time of the calls minus prompt and generation time
  (sampling under the JSON grammar, HTTP, queueing in the server);
- prefix-cache hits: prompt tokens served from the cache, of all prompt tokens;
- wall time per article, and for two articles sent at once against one by one;
- the article's own tokens (the server's /tokenize) and the evaluated tokens per
  article token: how often the article was, in effect, read.

A performance claim, so a script that prints figures, never a timed test.
Results go to var/bench/engine-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from evals.cases import Case, load_cases
from evals.run import structure_case
from service.model.prompts import PromptSet, load_prompts
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASES = ("000_1ecf1f70c603a687", "002_pronoun_speakers", "013_economic_report")
WARM_UP_CASE = "001_denial_answers_claim"
"""A seed outside DEFAULT_CASES, run first and not counted, so the server holds the instructions."""


@dataclass
class EngineCall:
    """One chat completion as the server timed it."""

    wall_s: float
    prompt_tokens: int
    cached_tokens: int
    evaluated_tokens: int
    prompt_ms: float | None
    generated_tokens: int
    generation_ms: float | None


@dataclass
class ArticleRun:
    """One article's calls and wall time."""

    case_id: str
    wall_s: float = 0.0
    calls: list[EngineCall] = field(default_factory=list)
    error: str | None = None
    article_tokens: int | None = None

    def summary(self) -> dict[str, Any]:
        """The figures printed for this article."""
        timed = [call for call in self.calls if call.prompt_ms is not None]
        evaluated = sum(call.evaluated_tokens for call in timed)
        prompt_s = sum(call.prompt_ms or 0.0 for call in timed) / 1000
        generated = sum(call.generated_tokens for call in timed)
        generation_s = sum(call.generation_ms or 0.0 for call in timed) / 1000
        calls_s = sum(call.wall_s for call in self.calls)
        prompt_tokens = sum(call.prompt_tokens for call in self.calls)
        cached = sum(call.cached_tokens for call in self.calls)
        return {
            "case": self.case_id,
            "calls": len(self.calls),
            "wall_s": round(self.wall_s, 1),
            "prompt_tokens": prompt_tokens,
            "evaluated_tokens": evaluated if timed else None,
            "cached_tokens": cached,
            "cache_hit": round(cached / prompt_tokens, 3) if prompt_tokens else None,
            "prompt_tok_s": round(evaluated / prompt_s, 1) if timed and prompt_s else None,
            "generated_tokens": sum(call.generated_tokens for call in self.calls),
            "gen_tok_s": round(generated / generation_s, 1) if timed and generation_s else None,
            "neither_s": round(calls_s - prompt_s - generation_s, 1) if timed else None,
            "article_tokens": self.article_tokens,
            "reads": (
                round(evaluated / self.article_tokens, 2) if timed and self.article_tokens else None
            ),
            "error": self.error,
        }


class TimingsTransport(httpx.AsyncBaseTransport):
    """Passes every call through and keeps what the server says it spent on it."""

    def __init__(self, run: ArticleRun) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._run = run

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward one request; note the timings of a chat completion."""
        began = time.perf_counter()
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        if request.url.path.endswith("/chat/completions") and response.status_code == 200:
            self._run.calls.append(_engine_call(json.loads(body), time.perf_counter() - began))
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-encoding"]
        return httpx.Response(response.status_code, headers=headers, content=body)

    async def aclose(self) -> None:
        """Close the real transport."""
        await self._inner.aclose()


def _engine_call(body: dict[str, Any], wall_s: float) -> EngineCall:
    usage = body.get("usage") or {}
    timings = body.get("timings") or {}
    prompt_tokens = int(usage.get("prompt_tokens") or 0)
    cached = int(
        timings.get("cache_n")
        or (usage.get("prompt_tokens_details") or {}).get("cached_tokens")
        or 0
    )
    return EngineCall(
        wall_s=wall_s,
        prompt_tokens=prompt_tokens,
        cached_tokens=cached,
        evaluated_tokens=int(timings.get("prompt_n", prompt_tokens - cached)),
        prompt_ms=timings.get("prompt_ms"),
        generated_tokens=int(usage.get("completion_tokens") or 0),
        generation_ms=timings.get("predicted_ms"),
    )


async def article_tokens(case: Case, settings: Settings) -> int | None:
    """The article's own tokens, counted by the server's tokenizer (llama.cpp's /tokenize)."""
    root = settings.model_base_url.rstrip("/").removesuffix("/v1")
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            answer = await client.post(f"{root}/tokenize", json={"content": case.text})
            answer.raise_for_status()
            return len(answer.json()["tokens"])
    except (httpx.HTTPError, KeyError, ValueError):
        return None  # a server without /tokenize: the column stays empty


async def structure_one(case: Case, settings: Settings, prompts: PromptSet) -> ArticleRun:
    """Run one article through the service's path, timing each model call."""
    run = ArticleRun(case.id, article_tokens=await article_tokens(case, settings))
    began = time.perf_counter()
    outcome = await structure_case(case, settings, prompts, TimingsTransport(run), case.id)
    run.wall_s = time.perf_counter() - began
    run.error = outcome.error
    return run


async def bench(
    cases: list[Case], settings: Settings, pair: bool = True, warm_up: Case | None = None
) -> dict[str, Any]:
    """One by one, then the first two at once; `warm_up` first, left out of the figures."""
    prompts = load_prompts()
    if warm_up is not None:
        # Every article's prompt opens with the same instructions, so a running
        # server holds them in its cache after its first request. Measuring from
        # a cold start would charge them to whichever article came first.
        run = await structure_one(warm_up, settings, prompts)
        print(f"warm-up on {warm_up.id} (not counted): {run.summary()['evaluated_tokens']} "
              f"tokens evaluated, {run.wall_s:.1f} s\n")  # fmt: skip
    sequential = []
    for case in cases:
        run = await structure_one(case, settings, prompts)
        sequential.append(run)
        _print_row(run.summary())
    medians = _medians([run.summary() for run in sequential])
    print(f"\nmedian over {len(sequential)} articles: {medians}")
    if not pair:
        return {"sequential": [run.summary() for run in sequential], "medians": medians}
    pair_cases = cases[:2]
    began = time.perf_counter()
    together = await asyncio.gather(
        *(structure_one(case, settings, prompts) for case in pair_cases)
    )
    together_s = time.perf_counter() - began
    one_by_one_s = sum(run.wall_s for run in sequential[: len(pair_cases)])
    print(
        f"\ntwo articles at once ({', '.join(c.id for c in pair_cases)}): {together_s:.1f} s, "
        f"one after the other: {one_by_one_s:.1f} s ({together_s / one_by_one_s:.2f}x)"
    )
    return {
        "sequential": [run.summary() for run in sequential],
        "medians": medians,
        "sequential_calls": [[asdict(call) for call in run.calls] for run in sequential],
        "together": {
            "cases": [case.id for case in pair_cases],
            "wall_s": round(together_s, 1),
            "one_by_one_s": round(one_by_one_s, 1),
            "runs": [run.summary() for run in together],
        },
    }


COLUMNS = ("case", "calls", "wall_s", "prompt_tokens", "evaluated_tokens", "cache_hit",
           "prompt_tok_s", "generated_tokens", "gen_tok_s", "neither_s", "article_tokens",
           "reads", "error")  # fmt: skip


def _medians(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    def median(column: str) -> float | None:
        values = [row[column] for row in rows if row[column] is not None]
        return round(statistics.median(values), 2) if values else None

    return {column: median(column) for column in ("wall_s", "evaluated_tokens", "reads")}


def _print_row(row: dict[str, Any]) -> None:
    if not getattr(_print_row, "header_done", False):
        print("  ".join(COLUMNS))
        _print_row.header_done = True  # type: ignore[attr-defined]
    print("  ".join("-" if row[column] is None else str(row[column]) for column in COLUMNS),
          flush=True)  # fmt: skip


def _model(settings: Settings) -> AbstractContextManager[object]:
    from service.embedded.launch import embedded_model, endpoint_configured

    return nullcontext() if endpoint_configured(settings) else embedded_model(settings)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its figures under var/bench/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=list(DEFAULT_CASES), help="case ids")
    parser.add_argument("--cases-dir", default=str(ROOT / "seeds"), help="folder of cases")
    parser.add_argument("--all", action="store_true", help="every case in --cases-dir")
    parser.add_argument("--label", default="", help="a name for this engine in the output file")
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up: the first article reads the instructions"
    )
    args = parser.parse_args(argv)
    cases = load_cases(Path(args.cases_dir), only=None if args.all else args.cases)
    with _model(Settings()):
        settings = Settings()  # after the embedded model wrote its endpoint
        print(f"engine at {settings.model_base_url}, model {settings.model_name}, "
              f"strategy {settings.resolved_strategy()}\n")  # fmt: skip
        warm_up = None if args.cold else load_cases(ROOT / "seeds", only=[WARM_UP_CASE])[0]
        result = asyncio.run(bench(cases, settings, pair=not args.all, warm_up=warm_up))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = ROOT / "var" / "bench" / f"engine-{args.label or 'run'}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    run_info = {"label": args.label, "model": settings.model_name, "date": time.ctime()}
    out.write_text(json.dumps({"run": run_info, **result}, indent=2))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
