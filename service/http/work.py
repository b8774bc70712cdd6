"""What /structure did for one request, handed from the route to the access log and the metrics.

The route attaches it to the request's scope; the two middlewares, which wrap
the route and outlive it, read it back when the response has gone out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from litestar.types import Scope

from service.model.metering import Meter

_STATE_KEY = "structure_work"


@dataclass
class StructureWork:
    """The model's meter, the cache's answer and what grounding dropped, for one response."""

    meter: Meter = field(default_factory=Meter)
    cache: Literal["hit", "miss"] | None = None
    dropped_ungrounded: int = 0
    article_text: str | None = None

    def log_fields(self) -> dict[str, Any]:
        """The fields this work adds to the access log line."""
        fields: dict[str, Any] = {
            "llm_calls": self.meter.calls,
            "prompt_tokens": self.meter.prompt_tokens,
            "completion_tokens": self.meter.completion_tokens,
            "model_attempts": self.meter.attempts,
            "retries": self.meter.retries,
            "dropped_ungrounded": self.dropped_ungrounded,
        }
        if self.cache is not None:
            fields["cache"] = self.cache
        if self.article_text is not None:
            fields["article_text"] = self.article_text
        return fields


def attach(scope: Scope, work: StructureWork) -> None:
    """Keep `work` with the request, for the middlewares to read after the response."""
    scope.setdefault("state", {})[_STATE_KEY] = work


def work_of(scope: Scope) -> StructureWork | None:
    """The work the route attached to this request, if it got that far."""
    found = scope.get("state", {}).get(_STATE_KEY)
    return found if isinstance(found, StructureWork) else None
