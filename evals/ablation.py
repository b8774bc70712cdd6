"""What the model adds: one pipeline scored with the model, and with one that answers nothing.

`full` is the service as configured. `rules` runs the same strategy, rules and
assembly on a model that answers every question with an empty JSON object
(`service.model.silent`, which the service also answers with when its model
fails and STRUCTURE_ON_MODEL_FAILURE=rules): the strategy's own fallbacks
decide, so the score is what code alone gives. It needs no recordings and no
model, so it runs anywhere, in CI too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from evals.scoring import Counts, Summary, Tally
from evals.tables import Section, Table, render_text

SYSTEMS: Final = ("full", "rules")
_TYPES: Final = ("claims", "denials", "statistics")


def ablation_json(summaries: Mapping[str, Summary]) -> dict[str, Any]:
    """Per system and record type: P, R, F1; and what `full` adds over `rules`."""
    table: dict[str, Any] = {
        name: {
            "micro": _prf(summary.micro),
            **{kind: _prf(summary.types[kind]) for kind in _TYPES},
            "denial_recall": summary.types["denials"].recall,
            "rebuts": _rebuts(summary).to_dict(),
        }
        for name, summary in summaries.items()
    }
    if "full" in summaries and "rules" in summaries:
        table["model_adds_f1"] = {
            kind: summaries["full"].types[kind].f1 - summaries["rules"].types[kind].f1
            for kind in _TYPES
        } | {"micro": summaries["full"].micro.f1 - summaries["rules"].micro.f1}
    return table


def ablation_text(summaries: Mapping[str, Summary]) -> str:
    """The side-by-side table for the terminal."""
    header = ("system", "micro F1", *(f"{kind} P/R/F1" for kind in _TYPES), "denial R", "rebuts")
    rows = []
    for name, summary in summaries.items():
        rebuts = _rebuts(summary)
        rows.append(
            (
                name,
                f"{summary.micro.f1:.3f}",
                *(_cell(summary, kind) for kind in _TYPES),
                f"{summary.types['denials'].recall:.3f}",
                f"{rebuts.correct}/{rebuts.total}",
            )
        )
    if "full" in summaries and "rules" in summaries:
        full, rules = summaries["full"], summaries["rules"]
        rows.append(
            (
                "model adds (F1)",
                f"{full.micro.f1 - rules.micro.f1:+.3f}",
                *(f"{full.types[k].f1 - rules.types[k].f1:+.3f}" for k in _TYPES),
                f"{full.types['denials'].recall - rules.types['denials'].recall:+.3f}",
                "",
            )
        )
    section = Section("What the model adds", (Table(header, tuple(rows)),))
    return render_text("Ablation", [section])


def _rebuts(summary: Summary) -> Tally:
    """Matched denials whose `rebuts` is right, of all matched denials."""
    return summary.fields.get("denials", {}).get("rebuts", Tally())


def _cell(summary: Summary, kind: str) -> str:
    counts = summary.types[kind]
    return f"{counts.precision:.2f}/{counts.recall:.2f}/{counts.f1:.3f}"


def _prf(counts: Counts) -> dict[str, float]:
    return {"precision": counts.precision, "recall": counts.recall, "f1": counts.f1}
