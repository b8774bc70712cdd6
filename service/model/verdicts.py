"""The guided strategy's answer schema, built per sentence from the speakers code found.

Every choice is an enum of the candidates themselves: the sentence's speaker,
one of those listed for it (or none), and its kind (claim, denial, none).
Under llama.cpp's JSON-schema decoding the model cannot answer outside them,
and it writes a few tokens per sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, create_model

Kind = Literal["claim", "denial", "none"]
NO_SPEAKER = "-"
"""The speaker to give with "none"; a claim or denial given with it is dropped."""


def verdict_type(speakers: Sequence[str]) -> type[BaseModel]:
    """For one sentence: which of its speakers, if any, and whether a claim or a denial.

    The speaker comes first, so the model weighs who speaks before it judges.
    """
    # A Literal over values known only at run time: the schema's enum.
    choice = Literal[(*speakers, NO_SPEAKER)]  # type: ignore[valid-type]
    return create_model("SentenceVerdict", speaker=(choice, ...), kind=(Kind, ...))


def sample_schemas() -> list[dict[str, Any]]:
    """The schema's shape on made-up speakers, for the prompt version to follow."""
    return [verdict_type(("A Person", "an agency")).model_json_schema()]
