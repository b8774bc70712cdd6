"""One-line reasons for each missed gold record and each false positive."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from evals.equivalence import (
    Record,
    content_mismatch,
    is_number,
    mismatch,
    overlap,
    show_number,
    span,
    speaker,
)

SINGULAR: Final[Mapping[str, str]] = {
    "claims": "claim",
    "denials": "denial",
    "statistics": "statistic",
}
# Claims and denials are easily confused, so a miss checks the other type too.
_RIVAL: Final[Mapping[str, str]] = {"claims": "denials", "denials": "claims"}
_CLIP: Final = 50


def describe(kind: str, record: Record) -> str:
    """How a reason names a record: type, who or what, a hint of content, and its id."""
    if kind == "statistics":
        what = show_number(record.get("value"))
        if record.get("total") is not None:
            what += f" of {show_number(record.get('total'))}"
        if record.get("unit"):
            what += f" {record.get('unit')}"
        label = f"statistic {what}"
    else:
        label = f"{SINGULAR[kind]} by {speaker(record) or '(no speaker)'}"
        content = record.get("statement" if kind == "claims" else "denied")
        if isinstance(content, str) and content:
            label += f' ("{clip(content)}")'
    return f"{label} [{record_id(record)}]"


def record_id(record: Record) -> str:
    """A record's id as text; '?' when the record has none."""
    return str(record.get("id") or "?")


def clip(text: str, limit: int = _CLIP) -> str:
    """Shorten text to about `limit` characters at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:") + "..."


def explain_miss(
    kind: str,
    gold: Record,
    predicted: Sequence[Record],
    partner_of: Mapping[int, Record],
    rivals: Sequence[Record] = (),
) -> str:
    """Why a gold record went unmatched; `partner_of` maps a prediction index to its gold."""
    return f"{describe(kind, gold)}: {_miss_cause(kind, gold, predicted, partner_of, rivals)}"


def explain_false_positive(
    kind: str,
    pred: Record,
    gold: Sequence[Record],
    partner_of: Mapping[int, Record],
    rivals: Sequence[Record] = (),
) -> str:
    """Why a prediction went unmatched; `partner_of` maps a gold index to its prediction."""
    return f"{describe(kind, pred)}: {_false_positive_cause(kind, pred, gold, partner_of, rivals)}"


def _miss_cause(
    kind: str,
    gold: Record,
    predicted: Sequence[Record],
    partner_of: Mapping[int, Record],
    rivals: Sequence[Record],
) -> str:
    for index, pred in enumerate(predicted):
        if mismatch(kind, gold, pred) is None and index in partner_of:
            return (
                f"its matching prediction {record_id(pred)} was paired with gold "
                f"{record_id(partner_of[index])}"
            )
    if kind in _RIVAL:
        for rival in rivals:
            if mismatch(kind, gold, rival) is None:
                return f"predicted as a {SINGULAR[_RIVAL[kind]]} instead ({record_id(rival)})"
    return _content_miss_cause(kind, gold, predicted, partner_of)


def _content_miss_cause(
    kind: str, gold: Record, predicted: Sequence[Record], partner_of: Mapping[int, Record]
) -> str:
    """No prediction matches in full: the nearest one, or one citing other text, says why."""
    near = _nearest(kind, gold, predicted)
    free = [pred for index, pred in enumerate(predicted) if index not in partner_of]
    elsewhere = _agreeing_elsewhere(kind, gold, free, gold_side=True)
    hint = (
        f"prediction {record_id(elsewhere)} {_agreement(kind)} but cites other text "
        f'("{clip(_evidence(elsewhere))}")'
        if elsewhere is not None
        else ""
    )
    if near is not None:
        cause = f"prediction {record_id(near)} overlaps but {content_mismatch(kind, gold, near)}"
        # A value found elsewhere is a strong lead; a speaker's other claims are not.
        return f"{cause}; {hint}" if hint and kind == "statistics" else cause
    if hint:
        return f"no prediction overlaps its evidence; {hint}"
    if kind != "statistics":
        return "no prediction overlaps its evidence"
    for index, pred in enumerate(predicted):
        if index in partner_of and content_mismatch(kind, gold, pred) is None:
            return (
                f"no prediction overlaps its evidence; prediction {record_id(pred)} has that "
                f"value but is paired with gold {record_id(partner_of[index])}"
            )
    return "no prediction with that value"


def _false_positive_cause(
    kind: str,
    pred: Record,
    gold: Sequence[Record],
    partner_of: Mapping[int, Record],
    rivals: Sequence[Record],
) -> str:
    for index, wanted in enumerate(gold):
        if mismatch(kind, wanted, pred) is None and index in partner_of:
            return (
                f"duplicate: gold {record_id(wanted)} is already matched to prediction "
                f"{record_id(partner_of[index])}"
            )
    if kind in _RIVAL:
        for rival in rivals:
            if mismatch(kind, rival, pred) is None:
                return (
                    f"not in gold: gold labels it a {SINGULAR[_RIVAL[kind]]} ({record_id(rival)})"
                )
    near = _nearest(kind, pred, gold)
    free = [wanted for index, wanted in enumerate(gold) if index not in partner_of]
    elsewhere = _agreeing_elsewhere(kind, pred, free, gold_side=False)
    hint = (
        f"gold {record_id(elsewhere)} {_agreement(kind)} at other text "
        f'("{clip(_evidence(elsewhere))}")'
        if elsewhere is not None
        else ""
    )
    if near is not None:
        cause = (
            f"not in gold: overlaps gold {record_id(near)} but {content_mismatch(kind, near, pred)}"
        )
        return f"{cause}; {hint}" if hint and kind == "statistics" else cause
    reason = f"not in gold (no gold {SINGULAR[kind]} overlaps)"
    return f"{reason}; {hint}" if hint else reason


def _nearest(kind: str, anchor: Record, candidates: Sequence[Record]) -> Record | None:
    """The overlapping candidate most like the anchor: closest value, then largest overlap."""
    overlapping = [c for c in candidates if overlap(span(anchor), span(c)) > 0.0]
    if not overlapping:
        return None
    return min(
        overlapping,
        key=lambda c: (
            _value_gap(anchor, c) if kind == "statistics" else 0.0,
            -overlap(span(anchor), span(c)),
        ),
    )


def _agreeing_elsewhere(
    kind: str, anchor: Record, candidates: Sequence[Record], *, gold_side: bool
) -> Record | None:
    """The first candidate that agrees on speaker or value, wherever its evidence lies."""
    for candidate in candidates:
        gold, pred = (anchor, candidate) if gold_side else (candidate, anchor)
        if content_mismatch(kind, gold, pred) is None:
            return candidate
    return None


def _value_gap(a: Record, b: Record) -> float:
    x, y = a.get("value"), b.get("value")
    if not is_number(x) or not is_number(y):
        return float("inf")
    return abs(x - y) / max(abs(x), abs(y), 1e-9)


def _agreement(kind: str) -> str:
    return "has that value" if kind == "statistics" else "names the same speaker"


def _evidence(record: Record) -> str:
    evidence = record.get("evidence")
    text = evidence.get("text") if isinstance(evidence, Mapping) else None
    return text if isinstance(text, str) else ""
