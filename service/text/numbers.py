"""Turn the model's rendering of a number ("1.2 billion", "55%", "three") into a number."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "single": 1,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
    "dozen": 12,
}
# Abbreviations scale a number ("48m") but are not numbers themselves ("I'm", "plan b").
_ABBREVIATED_SCALES = frozenset({"k", "m", "mn", "b", "bn", "tn"})
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
        if after and after[0] in _SCALES:
            value *= _SCALES[after[0]]
        return _tidy(value)
    return _parse_words(_WORD.findall(lowered))


def _parse_words(words: list[str]) -> float | int | None:
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES and (seen or word not in _ABBREVIATED_SCALES):
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1_000:
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
    r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:\s*(?:hundred|thousand|million|billion|trillion|bn|mn|m|k)\b)?"
    r"|\b(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|single|a|an)\b"
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


def is_mentioned(value: float | int, text: str, tolerance: float = 0.005) -> bool:
    """Is `value` (within a relative tolerance) one of the numbers written in `text`?"""
    for mentioned in mentioned_numbers(text):
        if value == mentioned or abs(value - mentioned) <= tolerance * max(
            abs(value), abs(mentioned)
        ):
            return True
    return False
