"""Score every system's outcomes with the evals scorer, and show them side by side."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.outcome import Outcome
from evals.cases import RECORD_TYPES, Case
from evals.scoring import CaseScore, score_case, summarise

COLUMNS = (
    "system",
    "articles",
    "micro-F1",
    "claims F1",
    "denials F1",
    "statistics F1",
    "wall s/article",
    "calls/article",
    "tokens/article (prompt+completion)",
    "errors",
)


@dataclass
class SystemResults:
    """One system's outcome and score for each article it ran on."""

    outcomes: dict[str, Outcome] = field(default_factory=dict)
    scores: dict[str, CaseScore] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def add(self, case: Case, outcome: Outcome) -> CaseScore:
        """Keep and score one article's outcome."""
        score = score_case(case.id, case.gold, outcome.predicted)
        self.outcomes[case.id] = outcome
        self.scores[case.id] = score
        return score

    def row(self, name: str) -> dict[str, Any]:
        """The table's numbers for this system, over the articles it ran on."""
        count = len(self.outcomes)
        summary = summarise(list(self.scores.values()))
        outcomes = list(self.outcomes.values())
        tokens_known = all(o.prompt_tokens is not None for o in outcomes)
        return {
            "system": name,
            "articles": count,
            "micro_f1": summary.micro.f1 if count else None,
            "f1": {kind: summary.types[kind].f1 for kind in RECORD_TYPES} if count else {},
            "wall_s_per_article": _mean([o.wall_s for o in outcomes]),
            "calls_per_article": _mean([float(o.calls) for o in outcomes]),
            "prompt_tokens_per_article": (
                _mean([float(o.prompt_tokens or 0) for o in outcomes]) if tokens_known else None
            ),
            "completion_tokens_per_article": (
                _mean([float(o.completion_tokens or 0) for o in outcomes]) if tokens_known else None
            ),
            "errors": sum(1 for o in outcomes if o.error),
        }

    def to_dict(self, name: str) -> dict[str, Any]:
        """Everything, for the results JSON."""
        return {
            "summary": self.row(name),
            "scores": summarise(list(self.scores.values())).to_dict(),
            "cases": {
                case_id: {**outcome.to_dict(), "score": self.scores[case_id].to_dict()}
                for case_id, outcome in self.outcomes.items()
            },
            "skipped": dict(self.skipped),
        }


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _cells(row: Mapping[str, Any]) -> list[str]:
    def number(value: float | None, digits: int) -> str:
        return "n/a" if value is None else f"{value:.{digits}f}"

    prompt, completion = row["prompt_tokens_per_article"], row["completion_tokens_per_article"]
    tokens = "n/a" if prompt is None else f"{prompt:.0f}+{completion:.0f}"
    return [
        row["system"],
        str(row["articles"]),
        number(row["micro_f1"], 3),
        *(number(row["f1"].get(kind), 3) for kind in RECORD_TYPES),
        number(row["wall_s_per_article"], 1),
        number(row["calls_per_article"], 1),
        tokens,
        str(row["errors"]),
    ]


def text_table(rows: list[dict[str, Any]]) -> str:
    """The comparison as aligned plain text."""
    lines = [list(COLUMNS), *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    shown = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    shown.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(shown)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """The comparison as a Markdown table."""
    head = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(COLUMNS))) + "|"
    body = ["| " + " | ".join(_cells(row)) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def markdown_report(run: Mapping[str, Any], systems: Mapping[str, SystemResults]) -> str:
    """The table, how it was made, per-article micro-F1, and every error and note."""
    rows = [results.row(name) for name, results in systems.items()]
    case_ids = list(run["cases"])
    lines = [
        f"# Quality benchmark, {run['started'][:10]}",
        "",
        f"Model `{run['model']}` at `{run['endpoint']}`; prompts `{run['prompt_version']}`; "
        f"{len(case_ids)} seed case(s); {'complete' if run['complete'] else 'partial'} run.",
        f"LangExtract options: `{json.dumps(run['langextract'])}`.",
        "",
        markdown_table(rows),
        "",
        "Wall time, calls and tokens are means per article the system ran on; a system that "
        "failed on an article is scored as having found nothing there.",
        "",
        "## Micro-F1 per article",
        "",
        "| case | " + " | ".join(systems) + " |",
        "|---|" + "---:|" * len(systems),
    ]
    for case_id in case_ids:
        cells = []
        for results in systems.values():
            score = results.scores.get(case_id)
            cells.append(f"{score.micro.f1:.3f}" if score else "-")
        lines.append(f"| {case_id} | " + " | ".join(cells) + " |")
    remarks = []
    for name, results in systems.items():
        for case_id, outcome in results.outcomes.items():
            for remark in ([f"error: {outcome.error}"] if outcome.error else []) + outcome.notes:
                remarks.append(f"- {name} on {case_id}: {remark}")
        for case_id, reason in results.skipped.items():
            remarks.append(f"- {name} skipped {case_id}: {reason}")
    if remarks:
        lines += ["", "## Errors and notes", "", *remarks]
    return "\n".join(lines) + "\n"


def write_results(
    stem: Path, run: Mapping[str, Any], systems: Mapping[str, SystemResults]
) -> tuple[Path, Path]:
    """Write `<stem>.json` (everything, to resume or inspect) and `<stem>.md` (the report)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "run": dict(run),
        "table": [results.row(name) for name, results in systems.items()],
        "systems": {name: results.to_dict(name) for name, results in systems.items()},
    }
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    for path, content in (
        (json_path, json.dumps(payload, indent=1, ensure_ascii=False) + "\n"),
        (md_path, markdown_report(run, systems)),
    ):
        partial = path.with_suffix(path.suffix + ".partial")
        partial.write_text(content, encoding="utf-8")
        partial.replace(path)
    return json_path, md_path


def load_outcomes(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Outcome]]]:
    """A previous run's settings and outcomes by system and case, to resume it."""
    payload = json.loads(path.read_text(encoding="utf-8"))
    outcomes = {
        name: {case_id: Outcome.from_dict(raw) for case_id, raw in system["cases"].items()}
        for name, system in payload["systems"].items()
    }
    return payload["run"], outcomes
