"""The contract's types (API.md v1): what callers send and what they get back."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

ArticleText = Annotated[str, StringConstraints(min_length=1)]
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
"""Characters that show nothing and are not whitespace: the soft hyphen, zero-width spaces
and joiners, direction marks, the word joiner and invisible operators, the BOM. Text of
only these and whitespace is as empty as blank text."""
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Whitespace spelled out rather than \s, whose members differ between pydantic's regex
# engine (Rust: U+0085 is one, U+FEFF not) and the JSON Schema (ECMA-262) a client reads
# (the other way round): schemathesis found a URL with U+0085 valid there and refused here.
_NO_SPACE = r"[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
HTTP_URL = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#]" + _NO_SPACE + r"*)?$"
"""An absolute http(s) URL: a scheme, a host name or IPv4 address, a port, then no space."""


class StrictModel(BaseModel):
    """Rejects unknown fields, so a caller's typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class StructureRequest(StrictModel):
    """An article to structure."""

    text: ArticleText = Field(description="The article body, plain text, 1 to 100,000 characters.")
    title: str | None = Field(default=None, description="Headline: context, never evidence.")
    published: dt.date | None = Field(
        default=None, description="Publication date; relative dates are resolved against it."
    )
    url: str | None = Field(
        default=None,
        pattern=HTTP_URL,
        description="An absolute http(s) URL, echoed back in meta, never fetched.",
    )

    @field_validator("published", mode="before")
    @classmethod
    def published_is_iso_date(cls, value: object) -> object:
        """Only YYYY-MM-DD: pydantic would otherwise read 0 or "0" as a Unix time."""
        if value is None or isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError("published must be a date written YYYY-MM-DD")
        return value

    @field_validator("text")
    @classmethod
    def text_has_content(cls, text: str) -> str:
        """Text of only whitespace and invisible characters has nothing to structure."""
        if not text.translate(_DROP_INVISIBLE).strip():
            raise ValueError("text is empty after trimming whitespace and invisible characters")
        if "\x00" in text:
            raise ValueError("text contains a NUL character")
        return text


class Speaker(StrictModel):
    """Who made a claim or denial."""

    name: str = Field(description="Full name as the article first gives it; pronouns resolved.")
    role: str | None = Field(
        default=None, description="Title or affiliation, if the article gives one."
    )


class Evidence(StrictModel):
    """A verbatim span of the request text: text == request.text[start:end]."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Claim(StrictModel):
    """An assertion the article attributes to an identifiable source."""

    id: str
    speaker: Speaker
    statement: str = Field(description="One self-contained sentence stating the proposition.")
    quote: str | None = Field(description="The directly quoted words, verbatim, or null.")
    date: dt.date | None = Field(description="When the claim was made, if the article says.")
    evidence: Evidence


class Denial(StrictModel):
    """An attributed statement that something is not true or did not happen."""

    id: str
    speaker: Speaker
    denied: str = Field(description="The proposition being denied, stated positively.")
    rebuts: str | None = Field(description="Id of the claim in this response that it answers.")
    quote: str | None
    date: dt.date | None
    evidence: Evidence


class Statistic(StrictModel):
    """A number that quantifies something in the world."""

    id: str
    value: float | int = Field(description="The number itself; a range gives its lower bound.")
    unit: str | None = Field(description="What one unit is (people, %, USD), or null if bare.")
    total: float | int | None = Field(description="The whole the value is part of, or null.")
    measure: str = Field(description="What is counted or measured, self-contained.")
    source: str | None = Field(description="Who the number is attributed to, or null.")
    date: dt.date | None = Field(description="The day the figure refers to, or null.")
    evidence: Evidence


class Usage(StrictModel):
    """Tokens the model spent on this request, over every call and retry."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


DegradedReason = Literal["deadline", "model_timeout", "model_unavailable", "model_output_invalid"]


class Meta(StrictModel):
    """How the response was produced."""

    model: str
    prompt_version: str
    latency_ms: int
    usage: Usage
    llm_calls: int
    cache: Literal["hit", "miss"]
    dropped_ungrounded: int = Field(description="Records dropped because the text lacks them.")
    url: str | None
    request_id: str
    strategy: str
    warnings: list[str] = Field(
        default_factory=list,
        description="What could not be done for this article, e.g. a question left to the rules.",
    )
    degraded: bool = Field(
        default=False,
        description="True when the model failed or the deadline passed and the records are what "
        "the rules alone find (STRUCTURE_ON_MODEL_FAILURE=rules).",
    )
    degraded_reason: DegradedReason | None = Field(
        default=None, description="Why the response is degraded; null when it is not."
    )
    language: str | None = Field(
        default=None,
        description="The article's main language as detected (ISO 639-1, e.g. 'en', 'de'), or "
        "null where none is found. Only English is covered: another language adds a warning.",
    )


class StructureResponse(StrictModel):
    """Every record the article supports, each tied to its exact words."""

    claims: list[Claim]
    denials: list[Denial]
    statistics: list[Statistic]
    meta: Meta
