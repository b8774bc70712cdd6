"""Score predicted records against gold: pairing, counts, reasons and field accuracy.

Records of one type pair one-to-one so that the number of matches is as large as
possible; among those, the pairing with the largest summed evidence overlap
(intersection over union) wins. A pair
is eligible when the evidence spans overlap and the speakers match (claims,
denials) or the values, and totals when both are given, agree within 0.5%
(statistics); see `evals.equivalence` and `evals.fields` for the exact rules.

Empty sets: precision is 1 when nothing was predicted and recall is 1 when there
was nothing to find, so an empty gold with an empty prediction scores F1 = 1, and
either side empty against a non-empty other scores F1 = 0. Field accuracy over no
matched pairs is None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.cases import RECORD_TYPES
from evals.equivalence import Record, mismatch, overlap, span
from evals.explain import explain_false_positive, explain_miss, record_id
from evals.fields import FIELDS, agrees
from evals.matching import assign

_RIVAL = {"claims": "denials", "denials": "claims"}


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one or more record sets."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """Share of predictions that matched; 1 when nothing was predicted."""
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of gold records found; 1 when there was nothing to find."""
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0 when both are 0."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Counts and the rates derived from them, for JSON."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class Tally:
    """How many matched pairs agree on one field, out of how many."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.correct + other.correct, self.total + other.total)

    @property
    def accuracy(self) -> float | None:
        """Share of pairs that agree; None when no pair was matched."""
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        """Counts and accuracy, for JSON."""
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


@dataclass(frozen=True)
class TypeScore:
    """The outcome for one record type in one case."""

    counts: Counts
    pairs: list[tuple[str, str]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    fields: dict[str, Tally] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Everything, for JSON; pairs are [gold id, predicted id]."""
        return {
            **self.counts.to_dict(),
            "pairs": [list(pair) for pair in self.pairs],
            "misses": list(self.misses),
            "false_positives": list(self.false_positives),
            "fields": {name: tally.to_dict() for name, tally in self.fields.items()},
        }


@dataclass(frozen=True)
class CaseScore:
    """The outcome for one article, by record type."""

    case_id: str
    types: dict[str, TypeScore]

    @property
    def micro(self) -> Counts:
        """Counts pooled over the three record types."""
        return sum((score.counts for score in self.types.values()), Counts())

    def to_dict(self) -> dict[str, Any]:
        """Everything, for JSON."""
        return {
            "id": self.case_id,
            "micro_f1": self.micro.f1,
            "micro": self.micro.to_dict(),
            "types": {kind: score.to_dict() for kind, score in self.types.items()},
        }


@dataclass(frozen=True)
class Summary:
    """Scores pooled over a set of cases."""

    types: dict[str, Counts]
    micro: Counts
    fields: dict[str, dict[str, Tally]]
    case_f1: dict[str, float]

    @property
    def mean_case_f1(self) -> float:
        """Unweighted mean of the per-case micro F1; 1 over no cases, like an empty gold."""
        return sum(self.case_f1.values()) / len(self.case_f1) if self.case_f1 else 1.0

    def to_dict(self) -> dict[str, Any]:
        """Everything, for JSON."""
        return {
            "micro_f1": self.micro.f1,
            "micro": self.micro.to_dict(),
            "types": {kind: counts.to_dict() for kind, counts in self.types.items()},
            "fields": {
                kind: {name: tally.to_dict() for name, tally in tallies.items()}
                for kind, tallies in self.fields.items()
            },
            "mean_case_f1": self.mean_case_f1,
            "case_f1": dict(self.case_f1),
        }


def score_case(
    case_id: str,
    gold: Mapping[str, Sequence[Record]],
    predicted: Mapping[str, Any],
) -> CaseScore:
    """Score one article's predictions (an API response body) against its gold records."""
    golds = {kind: list(gold.get(kind) or []) for kind in RECORD_TYPES}
    preds = {kind: list(predicted.get(kind) or []) for kind in RECORD_TYPES}
    pairings = {kind: pair_records(kind, golds[kind], preds[kind]) for kind in RECORD_TYPES}
    claim_pairs = {
        record_id(golds["claims"][g]): record_id(preds["claims"][p]) for g, p in pairings["claims"]
    }
    types = {
        kind: _type_score(kind, golds, preds, pairings[kind], claim_pairs) for kind in RECORD_TYPES
    }
    return CaseScore(case_id, types)


def pair_records(
    kind: str, gold: Sequence[Record], predicted: Sequence[Record]
) -> list[tuple[int, int]]:
    """Optimal one-to-one (gold index, predicted index) pairs of eligible records."""
    preference = [
        [overlap(span(g), span(p)) if mismatch(kind, g, p) is None else None for p in predicted]
        for g in gold
    ]
    return assign(preference)


def summarise(scores: Sequence[CaseScore]) -> Summary:
    """Pool counts and field tallies over cases."""
    types = {
        kind: sum((score.types[kind].counts for score in scores), Counts()) for kind in RECORD_TYPES
    }
    fields = {
        kind: {
            name: sum((score.types[kind].fields.get(name, Tally()) for score in scores), Tally())
            for name in FIELDS[kind]
        }
        for kind in RECORD_TYPES
    }
    return Summary(
        types=types,
        micro=sum(types.values(), Counts()),
        fields=fields,
        case_f1={score.case_id: score.micro.f1 for score in scores},
    )


def _type_score(
    kind: str,
    golds: Mapping[str, list[Record]],
    preds: Mapping[str, list[Record]],
    pairs: list[tuple[int, int]],
    claim_pairs: Mapping[str, str],
) -> TypeScore:
    gold, pred = golds[kind], preds[kind]
    gold_of = {p: gold[g] for g, p in pairs}
    pred_of = {g: pred[p] for g, p in pairs}
    rival = _RIVAL.get(kind)
    misses = [
        explain_miss(kind, record, pred, gold_of, preds[rival] if rival else ())
        for index, record in enumerate(gold)
        if index not in pred_of
    ]
    false_positives = [
        explain_false_positive(kind, record, gold, pred_of, golds[rival] if rival else ())
        for index, record in enumerate(pred)
        if index not in gold_of
    ]
    tallies = {
        name: Tally(
            correct=sum(agrees(name, gold[g], pred[p], claim_pairs) for g, p in pairs),
            total=len(pairs),
        )
        for name in FIELDS[kind]
    }
    return TypeScore(
        counts=Counts(tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs)),
        pairs=[(record_id(gold[g]), record_id(pred[p])) for g, p in pairs],
        misses=misses,
        false_positives=false_positives,
        fields=tallies,
    )
