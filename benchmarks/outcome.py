"""What one system produced for one article, and what it cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from benchmarks.wire import WireCount

Records = dict[str, list[dict[str, Any]]]


def no_records() -> Records:
    """An empty prediction: what a system that failed on an article is scored as."""
    return {"claims": [], "denials": [], "statistics": []}


@dataclass
class Outcome:
    """Records in the API's shape (so the evals scorer applies), wall time, calls and tokens.

    Tokens are None when the server did not report usage for every call. `unreachable`
    marks a failure to reach the model at all, which says nothing about the system.
    """

    predicted: Records
    wall_s: float
    calls: int
    prompt_tokens: int | None
    completion_tokens: int | None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    unreachable: bool = False

    @classmethod
    def metered(
        cls,
        predicted: Records,
        wall_s: float,
        wire: WireCount,
        error: str | None = None,
        notes: list[str] | None = None,
        unreachable: bool = False,
    ) -> Outcome:
        """An outcome whose calls and tokens were counted on the wire."""
        known = wire.tokens_known
        return cls(
            predicted=predicted,
            wall_s=wall_s,
            calls=wire.calls,
            prompt_tokens=wire.prompt_tokens if known else None,
            completion_tokens=wire.completion_tokens if known else None,
            error=error,
            notes=list(notes or []),
            unreachable=unreachable,
        )

    def to_dict(self) -> dict[str, Any]:
        """Everything, for the results JSON."""
        return {
            "wall_s": round(self.wall_s, 3),
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "error": self.error,
            "notes": self.notes,
            "predicted": self.predicted,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Outcome:
        """Read back what `to_dict` wrote (to resume a run)."""
        return cls(
            predicted=raw["predicted"],
            wall_s=float(raw["wall_s"]),
            calls=int(raw["calls"]),
            prompt_tokens=raw["prompt_tokens"],
            completion_tokens=raw["completion_tokens"],
            error=raw.get("error"),
            notes=list(raw.get("notes") or []),
        )
