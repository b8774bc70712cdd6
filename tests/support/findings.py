"""Findings written by hand for the rules' tests: a span found by its words, a record said."""

from __future__ import annotations

from typing import Literal

from service.core.findings import Attribution
from service.core.span import Span


def span_of(words: str, text: str) -> Span:
    """Where `words` first stand in `text`."""
    start = text.index(words)
    return Span(start, start + len(words))


def said(
    speaker: str,
    sentence: str,
    text: str,
    *,
    proposition: str = "Turkey proposed a working group with Russia.",
    role: str | None = None,
    kind: Literal["claim", "denial"] = "claim",
    quote: str | None = None,
) -> Attribution:
    """A record of `sentence` in `text`, as a strategy would hand it to assembly."""
    return Attribution(
        kind=kind,
        speaker=speaker,
        speaker_role=role,
        proposition=proposition,
        quote=span_of(quote, text) if quote else None,
        evidence=span_of(sentence, text),
    )
