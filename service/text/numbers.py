"""Turn the model's rendering of a number ("1.2 billion", "55%", "three") into a number."""

from __future__ import annotations

import bisect
import functools
import re

from service.text.number_words import (
    ABBREVIATED_SCALES,
    NUMBER_WORDS,
    NUMBER_WORDS_IN_MENTIONS,
    SCALES,
    SCALES_AFTER_DIGITS,
    TENS,
)

# Two renderings of a number are the same figure within half a percent
# ("1.2 billion" for 1,195,000,000); each rule keeps its own way of applying it.
SAME_NUMBER_TOLERANCE = 0.005
_DIGITS = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?|-?\.\d+")
_WORD = re.compile(r"[a-z]+")


def parse_number(rendering: str | float | int) -> float | int | None:
    """Return the number written in `rendering`, or None if it holds none.

    Handles digits with thousands separators, scale words ("1.2 billion"),
    and English number words ("fifty-five", "two hundred").
    """
    if isinstance(rendering, bool):
        return None
    if isinstance(rendering, int | float):
        return _tidy(float(rendering))
    lowered = rendering.strip().lower().replace("\u2212", "-")
    digits = _DIGITS.search(lowered)
    if digits:
        value = float(digits.group().replace(",", ""))
        after = _WORD.findall(lowered[digits.end() :])
        if after and after[0] in SCALES:
            value *= SCALES[after[0]]
        return _tidy(value)
    return _parse_words(_WORD.findall(lowered))


def _parse_words(words: list[str]) -> float | int | None:
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES and (seen or word not in ABBREVIATED_SCALES):
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1_000:
                total += current
                current = 0
        elif word == "and" and seen:
            continue
        elif seen:
            break
        else:
            continue
        seen = True
    return total + current if seen else None


def _tidy(value: float) -> float | int:
    """Whole numbers come back as int so that JSON shows 55, not 55.0."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


_MENTION = re.compile(
    rf"-?\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s*(?:{SCALES_AFTER_DIGITS})\b)?"
    rf"|\b(?:(?:{NUMBER_WORDS_IN_MENTIONS})\b"
    r"(?:[\s-]+(?:and[\s-]+)?)?)+",
    re.IGNORECASE,
)


def mentioned_numbers(text: str) -> list[float | int]:
    """Every number written in `text`, in digits or in words."""
    found: list[float | int] = []
    for match in _MENTION.finditer(text):
        number = parse_number(match.group())
        if number is not None:
            found.append(number)
    return found


def is_mentioned(value: float | int, text: str, tolerance: float = SAME_NUMBER_TOLERANCE) -> bool:
    """Is `value` (within a relative tolerance) one of the numbers written in `text`?"""
    numbers = _sorted_mentions(text)
    at = bisect.bisect_left(numbers, value)
    # The numbers within a relative tolerance of `value` are a run of the sorted list,
    # so if any is, one of the two beside where `value` would go is.
    return any(
        value == mentioned or abs(value - mentioned) <= tolerance * max(abs(value), abs(mentioned))
        for mentioned in numbers[max(at - 1, 0) : at + 1]
    )


# Grounding asks this once for each figure of a sentence: the sentence is read once.
@functools.lru_cache(maxsize=64)
def _sorted_mentions(text: str) -> list[float | int]:
    return sorted(mentioned_numbers(text))
