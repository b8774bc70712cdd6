"""`factstructure structure articles.jsonl --output out.jsonl`: a corpus, with progress and resume.

With `--url` each article goes to the service as a one-article job (so a
slow model never holds a connection past a proxy's timeout, and a restarted
run finds its unfinished articles' jobs again); without it the pipeline runs
in this process on the model the STRUCTURE_* settings name.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from service.client.clients import AsyncClient, ServiceError
from service.client.corpus import Line, finished_ids, read_articles, write_line
from service.core.errors import StructureError
from service.core.problems import Problem
from service.core.records import StructureRequest
from service.settings import Settings

Outcome = tuple[str, Any]  # ("result", StructureResponse JSON) or ("error", problem+json)
Backend = Callable[[Line], Awaitable[Outcome]]


def _problem(line: Line, status: int, title: str, detail: str, request_id: str = "") -> Outcome:
    """A problem document for the output line: its instance is the article's id."""
    problem = Problem(
        title=title,
        status=status,
        detail=detail,
        instance=line.id,
        request_id=request_id or f"cli-{time.time_ns()}",
    )
    return "error", problem.document()


def _invalid(line: Line, detail: str) -> Outcome:
    return _problem(line, 422, "Invalid article", detail)


def remote(client: AsyncClient) -> Backend:
    """Each article as a one-article job on the service, waited for."""

    async def structure(line: Line) -> Outcome:
        assert line.body is not None
        try:
            accepted = await client.submit(line.body)
            view = await client.wait(accepted.id)
        except ValidationError as error:
            return _invalid(line, _first_error(error))
        except ServiceError as error:
            return "error", error.problem
        result = view.results[0] if view.results else None
        if result is None:
            return _problem(line, 409, "Job " + view.status, view.id)
        return ("result" if "claims" in result else "error"), result

    return structure


def local(settings: Settings) -> tuple[Backend, Callable[[], Awaitable[None]]]:
    """The pipeline in this process, and how to close it."""
    from service.pipeline.wiring import build_structurer, close_structurer

    structurer = build_structurer(settings)

    async def structure(line: Line) -> Outcome:
        assert line.body is not None
        request_id = f"cli-{time.time_ns()}"
        try:
            request = StructureRequest.model_validate(line.body)
            structured = await structurer.structure(request, request_id)
        except ValidationError as error:
            return _invalid(line, _first_error(error))
        except StructureError as error:
            return _problem(line, error.status_code, error.title, error.detail, request_id)
        return "result", structured.response.model_dump(mode="json")

    return structure, lambda: close_structurer(structurer)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"


async def structure_corpus(
    source: Path, output: Path, backend: Backend, concurrency: int, console: Console
) -> dict[str, int]:
    """Structure every article of `source` not yet in `output`; counts of what happened."""
    lines = read_articles(source)
    already = finished_ids(output)
    todo: list[Line] = []
    for line in lines:
        if line.id not in already:
            already.add(line.id)  # a repeated id in the input runs once
            todo.append(line)
    counts = {"total": len(lines), "skipped": len(lines) - len(todo), "result": 0, "error": 0}
    durations: list[float] = []
    slots = asyncio.Semaphore(concurrency)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[per_article]} per article"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with output.open("a", encoding="utf-8") as sink, Progress(*columns, console=console) as bar:
        task = bar.add_task(
            "articles", total=len(lines), completed=counts["skipped"], per_article="-"
        )

        async def one(line: Line) -> None:
            async with slots:
                began = time.perf_counter()
                if line.body is None:
                    key, value = _invalid(line, line.problem or "not an article")
                else:
                    key, value = await backend(line)
                durations.append(time.perf_counter() - began)
                write_line(sink, line.id, key, value)
                counts[key] += 1
                mean = sum(durations) / len(durations)
                bar.update(task, advance=1, per_article=f"{mean:.1f} s")

        await asyncio.gather(*(one(line) for line in todo))
    return counts


def main(argv: list[str] | None = None) -> int:
    """The `factstructure` console script."""
    parser = argparse.ArgumentParser(prog="factstructure", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("structure", help="structure every article of a JSONL file")
    run.add_argument("input", type=Path, help="JSONL: id, text, title?, published? (or date)")
    run.add_argument("--output", "-o", type=Path, required=True, help="JSONL, appended to")
    run.add_argument("--url", help="the service (e.g. http://127.0.0.1:8000); else in-process")
    run.add_argument("--concurrency", type=int, default=4, help="articles in flight (4)")
    run.add_argument(
        "--api-key",
        default=os.environ.get("FACTSTRUCTURE_API_KEY"),
        help="the service's API key (default: $FACTSTRUCTURE_API_KEY)",
    )
    run.add_argument("--poll-s", type=float, default=2.0, help="seconds between job polls (2)")
    args = parser.parse_args(argv)
    if not args.input.exists():
        parser.error(f"no such file: {args.input}")
    console = Console(stderr=True)
    began = time.perf_counter()
    try:
        counts = asyncio.run(_run(args, console))
    except KeyboardInterrupt:
        console.print(f"interrupted: run the same command again to resume into {args.output}")
        return 130
    elapsed = time.perf_counter() - began
    ran = counts["result"] + counts["error"]
    rate = f", {ran / elapsed * 3600:.0f} articles/hour" if ran else ""
    console.print(
        f"{counts['result']} structured, {counts['error']} errors, {counts['skipped']} already "
        f"in {args.output}; {elapsed:.1f} s{rate}"
    )
    return 0


async def _run(args: argparse.Namespace, console: Console) -> dict[str, int]:
    if args.url:
        async with AsyncClient(
            args.url, api_key=args.api_key, poll_interval_s=args.poll_s, timeout_s=120.0
        ) as client:
            return await structure_corpus(
                args.input, args.output, remote(client), args.concurrency, console
            )
    backend, close = local(Settings())
    try:
        return await structure_corpus(args.input, args.output, backend, args.concurrency, console)
    finally:
        await close()


if __name__ == "__main__":
    sys.exit(main())
