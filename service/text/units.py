"""Read a figure's unit off the words around it, when the model left it out."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from service.text.number_words import (
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    UNIT_SCALE_WORDS,
    UNIT_STOPWORDS,
)
from service.text.numbers import SAME_NUMBER_TOLERANCE, parse_number

_NUMBER = re.compile(r"(?P<sign>[$€£¥])?\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<pct>\s?%)?")
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def unit_near(value: float | int, sentence: str) -> str | None:
    """The unit written next to `value` in `sentence` ("12 fishing boats" gives "fishing boats")."""
    return _units_in(sentence).near(value)


@dataclass(frozen=True)
class _Units:
    """Each number written in a sentence, with the unit after its first writing."""

    unit_of: dict[float | int, str | None]
    numbers: list[float | int]  # sorted

    def near(self, value: float | int) -> str | None:
        """The unit of `value` as written, else of the closest number within the tolerance."""
        if value in self.unit_of:
            return self.unit_of[value]
        at = bisect.bisect_left(self.numbers, value)
        around = self.numbers[max(at - 1, 0) : at + 1]
        close = [n for n in around if abs(n - value) <= SAME_NUMBER_TOLERANCE * max(abs(value), 1)]
        return self.unit_of[min(close, key=lambda n: abs(n - value))] if close else None


# A figure's unit is looked up once for each figure in a sentence: the sentence is read
# once, not once per figure (a list of numbers would cost its length squared).
@functools.lru_cache(maxsize=64)
def _units_in(sentence: str) -> _Units:
    unit_of: dict[float | int, str | None] = {}
    for match in _NUMBER.finditer(sentence):
        number, unit = _written(match, sentence)
        if number is not None:
            unit_of.setdefault(number, unit)
    return _Units(unit_of, sorted(unit_of))


def _written(match: re.Match[str], sentence: str) -> tuple[float | int | None, str | None]:
    """The number `match` writes, and the unit written after it."""
    number = parse_number(match["num"])
    words = _WORD.findall(sentence[match.end() : match.end() + 60])
    scale = words[0].lower() if words and words[0].lower() in UNIT_SCALE_WORDS else None
    if scale:
        number = parse_number(f"{match['num']} {scale}")
        words = words[1:]
    if match["sign"]:
        return number, CURRENCY_SIGNS[match["sign"]]
    if match["pct"] or (words[:1] and words[0].lower() in {"percent", "%"}):
        return number, "%"
    if [w.lower() for w in words[:2]] == ["per", "cent"]:
        return number, "%"
    if words and words[0].lower() in CURRENCY_WORDS:
        return number, CURRENCY_WORDS[words[0].lower()]
    noun: list[str] = []
    # "a 5-year sentence": the unit is the word joined to the number.
    limit = 1 if sentence[match.end() : match.end() + 1] == "-" else 2
    for word in words[:limit]:
        if word.lower() in UNIT_STOPWORDS or word[:1].isupper():
            break
        noun.append(word)
    return number, " ".join(noun) or None
