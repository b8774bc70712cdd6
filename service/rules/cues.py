"""Which sentences are worth a model call, and which model figures are only years.

The focused strategy asks the model about a passage only when one of its
sentences could hold a record: a reporting word or a quotation mark for claims
and denials, a number other than a year for statistics.
"""

from __future__ import annotations

import re

from service.text.lexicon import (
    FIRST_YEAR,
    LAST_YEAR,
    NUMBER_WORDS_AS_CUES,
    REPORTING_CUES,
    YEAR_DIGITS,
)

_REPORTING = re.compile(
    rf"\b(?:{REPORTING_CUES})\b"
    r"|[\"\u201c\u201d\u00ab\u00bb]",
    re.IGNORECASE,
)
_NUMBER = re.compile(rf"\d|\b(?:{NUMBER_WORDS_AS_CUES})\b", re.IGNORECASE)
_ONLY_YEARS = re.compile(rf"\b{YEAR_DIGITS}\b")


def has_reporting_cue(sentence: str) -> bool:
    """Could this sentence attribute something to a source?"""
    return _REPORTING.search(sentence) is not None


def looks_like_year(value: float | int, sentence: str) -> bool:
    """Years are not statistics (LABELS.md); small models report them anyway."""
    return (
        isinstance(value, int)
        and FIRST_YEAR <= value <= LAST_YEAR
        and re.search(rf"(?<![\d,.]){value}(?![\d,])", sentence) is not None
        and re.search(rf"{value}\s*(?:people|%|percent|per cent)", sentence) is None
    )


def has_number(sentence: str) -> bool:
    """Does this sentence hold a number other than a year?"""
    return _NUMBER.search(_ONLY_YEARS.sub("", sentence)) is not None
