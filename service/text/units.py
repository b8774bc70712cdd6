"""Read a figure's unit off the words around it, when the model left it out."""

from __future__ import annotations

import re

from service.text.numbers import parse_number

_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollars": "USD",
    "dollar": "USD",
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "pounds": "GBP",
    "pound": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
}
_SCALE = {"hundred", "thousand", "million", "billion", "trillion", "bn", "mn", "m", "k"}
_STOP = frozenset(
    "of in on at to and from for the a an were was have has had is are be by with as than "
    "or but that this since over under per more less out".split()
)
_NUMBER = re.compile(r"(?P<sign>[$€£¥])?\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<pct>\s?%)?")
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def unit_near(value: float | int, sentence: str) -> str | None:
    """The unit written next to `value` in `sentence` ("55 air strikes" gives "air strikes")."""
    for match in _NUMBER.finditer(sentence):
        number = parse_number(match["num"])
        words = _WORD.findall(sentence[match.end() : match.end() + 60])
        scale = words[0].lower() if words and words[0].lower() in _SCALE else None
        if scale:
            number = parse_number(f"{match['num']} {scale}")
            words = words[1:]
        if number is None or abs(number - value) > 0.005 * max(abs(value), 1):
            continue
        if match["sign"]:
            return _CURRENCY_SIGNS[match["sign"]]
        if match["pct"] or (words[:1] and words[0].lower() in {"percent", "%"}):
            return "%"
        if [w.lower() for w in words[:2]] == ["per", "cent"]:
            return "%"
        if words and words[0].lower() in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[words[0].lower()]
        noun: list[str] = []
        # "a 5-year sentence": the unit is the word joined to the number.
        limit = 1 if sentence[match.end() : match.end() + 1] == "-" else 2
        for word in words[:limit]:
            if word.lower() in _STOP or word[:1].isupper():
                break
            noun.append(word)
        return " ".join(noun) or None
    return None
