"""The one span type: where a record's words are in the article.

Grounding returns it, sentences carry it, findings hold it, and the contract's
`Evidence` is built from it with the words it covers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A half-open [start, end) range of the original text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """The words this span covers in `text`."""
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """Do the two spans share at least one character?"""
        return self.start < other.end and other.start < self.end
