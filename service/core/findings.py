"""What a strategy hands back: grounded findings, before ids, dedupe and linking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from service.core.span import Span


@dataclass(frozen=True)
class Attribution:
    """A grounded claim or denial."""

    kind: Literal["claim", "denial"]
    speaker: str
    speaker_role: str | None
    proposition: str
    quote: Span | None
    evidence: Span


@dataclass(frozen=True)
class Figure:
    """A grounded statistic."""

    value: float | int
    unit: str | None
    total: float | int | None
    measure: str
    source: str | None
    evidence: Span


@dataclass(frozen=True)
class Ungrounded:
    """A record the model returned that the article does not support, and why.

    `fields` are the record's fields as the model gave them, its evidence aside;
    `evidence` is where that evidence is in the text, or None if it is not there.
    """

    kind: Literal["claim", "denial", "statistic"]
    reason: str
    fields: dict[str, object]
    evidence: Span | None


@dataclass
class Findings:
    """Everything one strategy found in one article."""

    attributions: list[Attribution] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    ungrounded: list[Ungrounded] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What the strategy could not do (a question whose answer stayed invalid), for meta."""


@dataclass(frozen=True)
class Article:
    """The request as strategies see it."""

    text: str
    title: str | None
    published: str | None
