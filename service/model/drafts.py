"""What the model is asked to return: records before the service grounds them.

These are not the contract (that is `records.py`); they are shaped for the
model: no ids, no offsets, evidence as the model's copy of the words or as a
sentence number. Validators reject what can be checked without the article's
meaning, so that instructor re-asks instead of the service guessing.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo, field_validator

from service.text.numbers import parse_number

NumberLike = float | int | str
SHORT_TEXT = 80
STATEMENT_TEXT = 140


def _required_number(rendering: NumberLike) -> float | int:
    """Numbers are numbers: "1.2 billion" becomes 1200000000."""
    number = parse_number(rendering)
    if number is None:
        raise ValueError(f"{rendering!r} is not a number; write it in digits, e.g. 1200000")
    return number


def _optional_number(rendering: NumberLike | None) -> float | int | None:
    if rendering is None or (isinstance(rendering, str) and not rendering.strip()):
        return None
    return _required_number(rendering)


def as_number(validated: NumberLike) -> float | int:
    """Narrow a validated Number field for the type checker (validation already parsed it)."""
    if isinstance(validated, str):
        raise TypeError("a Number field was not validated")
    return validated


Number = Annotated[NumberLike, AfterValidator(_required_number)]
OptionalNumber = Annotated[NumberLike | None, AfterValidator(_optional_number)]


class ClaimDraft(BaseModel):
    """A claim as the model reports it for one passage."""

    speaker: str = Field(min_length=1)
    speaker_role: str | None = None
    statement: str = Field(min_length=1)
    quote: str | None = None
    evidence: str = Field(min_length=1)


class DenialDraft(BaseModel):
    """A denial as the model reports it for one passage."""

    speaker: str = Field(min_length=1)
    speaker_role: str | None = None
    denied: str = Field(min_length=1)
    quote: str | None = None
    evidence: str = Field(min_length=1)


class StatisticDraft(BaseModel):
    """A statistic as the model reports it for one passage."""

    value: Number
    unit: str | None = None
    total: OptionalNumber = None
    measure: str = Field(min_length=1)
    source: str | None = None
    evidence: str = Field(min_length=1)


class PassageRecords(BaseModel):
    """Everything the model found in one passage (the single-call strategy)."""

    claims: list[ClaimDraft] = Field(default_factory=list)
    denials: list[DenialDraft] = Field(default_factory=list)
    statistics: list[StatisticDraft] = Field(default_factory=list)


def _check_sentence(number: int, info: ValidationInfo) -> int:
    """A sentence number must name a sentence of the passage the model was shown."""
    context: dict[str, Any] = info.context or {}
    allowed = context.get("sentence_numbers")
    if allowed is not None and number not in allowed:
        low, high = min(allowed), max(allowed)
        raise ValueError(f"sentence {number} is not in this passage; use {low} to {high}")
    return number


class AttributionDraft(BaseModel):
    """A claim or denial pointing at the numbered sentence it comes from (focused strategy)."""

    # Length caps become grammar limits on llama.cpp: a 1.5B model otherwise
    # copies whole sentences, and every generated token costs ~0.1 s on 2 cores.
    sentence: int
    kind: Literal["claim", "denial"]
    speaker: str = Field(min_length=1, max_length=SHORT_TEXT)
    speaker_role: str | None = Field(default=None, max_length=SHORT_TEXT)
    statement: str = Field(min_length=1, max_length=STATEMENT_TEXT)

    @field_validator("sentence")
    @classmethod
    def sentence_in_passage(cls, number: int, info: ValidationInfo) -> int:
        """Reject sentence numbers outside the passage, so instructor re-asks."""
        return _check_sentence(number, info)


class Attributions(BaseModel):
    """Claims and denials of one passage."""

    records: list[AttributionDraft] = Field(default_factory=list)


class FigureDraft(BaseModel):
    """A statistic pointing at its numbered sentence (focused strategy)."""

    sentence: int
    value: Number
    unit: str | None = Field(default=None, max_length=SHORT_TEXT)
    total: OptionalNumber = None
    measure: str = Field(min_length=1, max_length=STATEMENT_TEXT)
    source: str | None = Field(default=None, max_length=SHORT_TEXT)

    @field_validator("sentence")
    @classmethod
    def sentence_in_passage(cls, number: int, info: ValidationInfo) -> int:
        """Reject sentence numbers outside the passage, so instructor re-asks."""
        return _check_sentence(number, info)


class Figures(BaseModel):
    """Statistics of one passage."""

    statistics: list[FigureDraft] = Field(default_factory=list)
