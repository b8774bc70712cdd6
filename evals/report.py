"""Evaluation reports: a terminal table, a JSON document and Markdown (the diff: compare.py).

Each function takes `(CaseScore, meta)` pairs, where meta may hold `latency_ms`,
`llm_calls`, `prompt_tokens`, `completion_tokens` and `dropped_ungrounded`. An
optional second list, `ungrounded`, scores the same cases without the grounding
step and adds a "Without grounding" section showing what grounding changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from evals.cases import RECORD_TYPES
from evals.equivalence import is_number
from evals.fields import FIELDS
from evals.scoring import CaseScore, Counts, Summary, summarise
from evals.tables import (
    Notes,
    Section,
    Table,
    amount,
    change_cells,
    rate,
    render_markdown,
    render_text,
    signed,
    whole,
)

Meta = Mapping[str, Any]
Result = tuple[CaseScore, Meta]
META_KEYS: Final = (
    "llm_calls",
    "prompt_tokens",
    "completion_tokens",
    "latency_ms",
    "dropped_ungrounded",
)
_TITLE: Final = "Evaluation report"
_EFFECT_NOTE: Final = (
    "The same cases scored without grounding. Each change is with grounding minus "
    "without: a negative FP change counts false positives that grounding removed, "
    "a negative TP change counts true matches it lost."
)


def json_report(
    results: Sequence[Result], ungrounded: Sequence[Result] | None = None
) -> dict[str, Any]:
    """Everything, machine-readable: pooled scores, totals and every case in full."""
    report = _scores_json(results)
    report["totals"] = _totals(results)
    report["ungrounded"] = None
    if ungrounded is not None:
        report["ungrounded"] = {
            **_scores_json(ungrounded),
            "grounding_effect": _effect(_summary(results), _summary(ungrounded)),
        }
    return report


def text_report(results: Sequence[Result], ungrounded: Sequence[Result] | None = None) -> str:
    """A plain-text report for the terminal."""
    return render_text(_TITLE, _sections(results, ungrounded))


def markdown_report(results: Sequence[Result], ungrounded: Sequence[Result] | None = None) -> str:
    """The same report as Markdown, for a pull request or a file."""
    return render_markdown(_TITLE, _sections(results, ungrounded))


def _summary(results: Sequence[Result]) -> Summary:
    return summarise([score for score, _ in results])


def _scores_json(results: Sequence[Result]) -> dict[str, Any]:
    return {
        **_summary(results).to_dict(),
        "cases": {
            score.case_id: {**score.to_dict(), "meta": dict(meta)} for score, meta in results
        },
    }


def _effect(grounded: Summary, ungrounded: Summary) -> dict[str, Any]:
    rows = {**grounded.types, "micro": grounded.micro}
    before = {**ungrounded.types, "micro": ungrounded.micro}
    return {name: _counts_change(rows[name], before[name]) for name in rows}


def _counts_change(after: Counts, before: Counts) -> dict[str, Any]:
    return {
        "tp": after.tp - before.tp,
        "fp": after.fp - before.fp,
        "fn": after.fn - before.fn,
        "f1": after.f1 - before.f1,
    }


def _totals(results: Sequence[Result]) -> dict[str, Any]:
    totals: dict[str, Any] = {"cases": len(results)}
    for key in META_KEYS:
        values = [meta[key] for _, meta in results if is_number(meta.get(key))]
        totals[key] = round(sum(values)) if values else None
        if key == "latency_ms":
            totals["latency_ms_mean"] = round(sum(values) / len(values)) if values else None
    return totals


def _sections(results: Sequence[Result], ungrounded: Sequence[Result] | None) -> list[Section]:
    summary = _summary(results)
    sections = [
        Section(
            "Scores by record type",
            (
                _type_table(summary),
                f"Mean per-case micro F1: {rate(summary.mean_case_f1)} over {len(results)} cases.",
            ),
        ),
        Section("Cases", (_case_table(results),)),
        Section("Field accuracy over matched pairs", (_field_table(summary),)),
        Section("Misses and false positives", _explanations(results)),
        Section("Totals", (_totals_table(_totals(results)),)),
    ]
    if ungrounded is not None:
        sections.append(_ungrounded_section(results, ungrounded))
    return sections


def _type_table(summary: Summary) -> Table:
    rows = [*summary.types.items(), ("micro", summary.micro)]
    return Table(
        ("type", "P", "R", "F1", "TP", "FP", "FN"),
        tuple((name, *_rates(counts), *_tallies(counts)) for name, counts in rows),
    )


def _case_table(results: Sequence[Result]) -> Table:
    header = (
        *("case", "F1", "TP", "FP", "FN"),
        *("calls", "tokens in", "tokens out", "latency ms", "dropped"),
    )
    rows = tuple(
        (
            score.case_id,
            rate(score.micro.f1),
            *_tallies(score.micro),
            *(whole(meta.get(key)) for key in META_KEYS),
        )
        for score, meta in results
    )
    return Table(header, rows)


def _field_table(summary: Summary) -> Table:
    rows = tuple(
        (kind, name, str(tally.correct), str(tally.total), rate(tally.accuracy))
        for kind in RECORD_TYPES
        for name in FIELDS[kind]
        for tally in [summary.fields[kind][name]]
    )
    return Table(("type", "field", "correct", "total", "accuracy"), rows)


def _explanations(results: Sequence[Result]) -> tuple[Notes | str, ...]:
    notes = tuple(
        Notes(score.case_id, lines)
        for score, _ in results
        if (
            lines := tuple(
                [f"miss: {m}" for t in score.types.values() for m in t.misses]
                + [f"false positive: {f}" for t in score.types.values() for f in t.false_positives]
            )
        )
    )
    return notes or ("None: every gold record was found and every prediction matched.",)


def _totals_table(totals: Mapping[str, Any]) -> Table:
    return Table(("total", "value"), tuple((key, amount(value)) for key, value in totals.items()))


def _ungrounded_section(results: Sequence[Result], ungrounded: Sequence[Result]) -> Section:
    grounded, before = _summary(results), _summary(ungrounded)
    effect = _effect(grounded, before)
    rows = [*before.types.items(), ("micro", before.micro)]
    types = Table(
        ("type", "P", "R", "F1", "TP", "FP", "FN", "F1 change", "TP change", "FP change"),
        tuple(
            (
                name,
                *_rates(counts),
                *_tallies(counts),
                signed(effect[name]["f1"]),
                signed(effect[name]["tp"]),
                signed(effect[name]["fp"]),
            )
            for name, counts in rows
        ),
    )
    with_f1 = {score.case_id: score.micro.f1 for score, _ in results}
    without_f1 = {score.case_id: score.micro.f1 for score, _ in ungrounded}
    cases = Table(
        ("case", "F1 without", "F1 with", "change"),
        tuple(
            (case_id, *change_cells(without_f1.get(case_id), with_f1.get(case_id), ("-", "-")))
            for case_id in sorted(with_f1.keys() | without_f1.keys())
        ),
    )
    return Section("Without grounding", (_EFFECT_NOTE, types, cases))


def _rates(counts: Counts) -> tuple[str, str, str]:
    return rate(counts.precision), rate(counts.recall), rate(counts.f1)


def _tallies(counts: Counts) -> tuple[str, str, str]:
    return str(counts.tp), str(counts.fp), str(counts.fn)
