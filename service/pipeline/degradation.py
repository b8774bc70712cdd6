"""Why the rules answered an article alone: the reason and detail in the response's meta."""

from __future__ import annotations

from dataclasses import dataclass

from service.core.errors import (
    DeadlinePassed,
    ModelError,
    ModelOutputInvalid,
    ModelTimeout,
    Overloaded,
    QueueDeadline,
)
from service.core.records import DegradedReason


@dataclass(frozen=True)
class Degraded:
    """Why the rules answered alone, for the response's meta."""

    reason: DegradedReason
    detail: str


def degradation(failure: ModelError | Overloaded) -> Degraded | None:
    """Why the model gave nothing, or None for a full queue (shed load, not a failure)."""
    reason: DegradedReason
    if isinstance(failure, QueueDeadline | DeadlinePassed):
        reason = "deadline"
    elif isinstance(failure, Overloaded):
        return None
    elif isinstance(failure, ModelTimeout):
        reason = "model_timeout"
    elif isinstance(failure, ModelOutputInvalid):
        reason = "model_output_invalid"
    else:
        reason = "model_unavailable"
    return Degraded(reason, failure.detail)
