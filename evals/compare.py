"""How two JSON evaluation reports differ, metric by metric and case by case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evals.cases import RECORD_TYPES
from evals.fields import FIELDS
from evals.report import META_KEYS
from evals.tables import Section, Table, change_cells, render_markdown, render_text


def compare(old: Mapping[str, Any], new: Mapping[str, Any], *, markdown: bool = False) -> str:
    """How two JSON reports differ, metric by metric and case by case, as signed changes."""
    header = ("metric", "old", "new", "change")
    metrics = _changes(old, new, _metric_paths(old, new))
    cases = _changes(
        old, new, [(case_id, ("cases", case_id, "micro_f1")) for case_id in _case_ids(old, new)]
    )
    totals = _changes(old, new, [(key, ("totals", key)) for key in (*META_KEYS, "latency_ms_mean")])
    sections = [
        Section("Scores", (Table(header, metrics),)),
        Section("Cases (micro F1)", (Table(("case", "old", "new", "change"), cases),)),
        Section("Totals", (Table(header, totals),)),
    ]
    render = render_markdown if markdown else render_text
    return render("Comparison (new against old)", sections)


def _metric_paths(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[tuple[str, tuple[str, ...]]]:
    paths: list[tuple[str, tuple[str, ...]]] = []
    for name in ("micro", *RECORD_TYPES):
        where = ("micro",) if name == "micro" else ("types", name)
        for label, key in (("P", "precision"), ("R", "recall"), ("F1", "f1")):
            paths.append((f"{name} {label}", (*where, key)))
    paths.append(("mean case F1", ("mean_case_f1",)))
    for kind in RECORD_TYPES:
        names = {*_keys(old, "fields", kind), *_keys(new, "fields", kind)}
        ordered = [n for n in FIELDS[kind] if n in names] + sorted(names - set(FIELDS[kind]))
        paths += [(f"{kind}.{n} accuracy", ("fields", kind, n, "accuracy")) for n in ordered]
    paths.append(("without grounding micro F1", ("ungrounded", "micro_f1")))
    return paths


def _changes(
    old: Mapping[str, Any], new: Mapping[str, Any], paths: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[tuple[str, ...], ...]:
    rows = []
    for label, path in paths:
        before, after = _dig(old, path), _dig(new, path)
        if before is not None or after is not None:
            rows.append((label, *change_cells(before, after)))
    return tuple(rows)


def _case_ids(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return sorted({*_keys(old, "cases"), *_keys(new, "cases")})


def _keys(report: Mapping[str, Any], *path: str) -> list[str]:
    found = _dig(report, path)
    return list(found) if isinstance(found, Mapping) else []


def _dig(report: Mapping[str, Any], path: Sequence[str]) -> Any:
    found: Any = report
    for key in path:
        if not isinstance(found, Mapping):
            return None
        found = found.get(key)
    return found
