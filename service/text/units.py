"""Read a figure's unit off the words around it, when the model left it out."""

from __future__ import annotations

import re

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
    for match in _NUMBER.finditer(sentence):
        number = parse_number(match["num"])
        words = _WORD.findall(sentence[match.end() : match.end() + 60])
        scale = words[0].lower() if words and words[0].lower() in UNIT_SCALE_WORDS else None
        if scale:
            number = parse_number(f"{match['num']} {scale}")
            words = words[1:]
        if number is None or abs(number - value) > SAME_NUMBER_TOLERANCE * max(abs(value), 1):
            continue
        if match["sign"]:
            return CURRENCY_SIGNS[match["sign"]]
        if match["pct"] or (words[:1] and words[0].lower() in {"percent", "%"}):
            return "%"
        if [w.lower() for w in words[:2]] == ["per", "cent"]:
            return "%"
        if words and words[0].lower() in CURRENCY_WORDS:
            return CURRENCY_WORDS[words[0].lower()]
        noun: list[str] = []
        # "a 5-year sentence": the unit is the word joined to the number.
        limit = 1 if sentence[match.end() : match.end() + 1] == "-" else 2
        for word in words[:limit]:
            if word.lower() in UNIT_STOPWORDS or word[:1].isupper():
                break
            noun.append(word)
        return " ".join(noun) or None
    return None
