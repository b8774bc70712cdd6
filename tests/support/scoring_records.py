"""Hand-made gold and predicted records for the scoring tests, and a case scored from them."""

from __future__ import annotations

from typing import Any

from evals.scoring import CaseScore, score_case

Record = dict[str, Any]


def evidence(start: int, end: int, text: str | None = None) -> dict[str, Any]:
    return {"text": text if text is not None else "x" * (end - start), "start": start, "end": end}


def claim(
    rid: str,
    name: str | None,
    start: int,
    end: int,
    *,
    statement: str = "It happened.",
    **extra: Any,
) -> Record:
    return {
        "id": rid,
        "speaker": {"name": name, "role": extra.pop("role", None)},
        "statement": statement,
        "quote": extra.pop("quote", None),
        "date": extra.pop("date", None),
        "evidence": evidence(start, end, extra.pop("text", None)),
        **extra,
    }


def denial(rid: str, name: str, start: int, end: int, rebuts: str | None = None) -> Record:
    record = claim(rid, name, start, end)
    del record["statement"]
    return {**record, "denied": "It happened.", "rebuts": rebuts}


def stat(
    rid: str, value: float, start: int, end: int, *, unit: str | None = None, **extra: Any
) -> Record:
    return {
        "id": rid,
        "value": value,
        "unit": unit,
        "total": extra.pop("total", None),
        "measure": "something counted",
        "source": extra.pop("source", None),
        "date": extra.pop("date", None),
        "evidence": evidence(start, end, extra.pop("text", None)),
    }


def score(gold: dict[str, list[Record]], predicted: dict[str, Any]) -> CaseScore:
    return score_case("case", gold, predicted)


def counts(result: CaseScore, kind: str) -> tuple[int, int, int]:
    c = result.types[kind].counts
    return (c.tp, c.fp, c.fn)
