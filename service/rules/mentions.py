"""Which numbers written in a sentence are statistics, and their values.

LABELS.md leaves out dates, times, years, ages of people, ordinals,
identifiers and numbers inside names; a range counts once, at its lower bound;
the same figure written again (in another currency, in brackets) is one record.
Each rule below is one of those exclusions, read off the words around the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.text.number_words import (
    APPROXIMATORS,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    MONTHS_CAPITALISED,
    NUMBER_WORDS_FOR_FIGURES,
    ONES_AFTER_TENS,
    SCALES_AFTER_A_SPACE,
    SCALES_IN_FIGURES,
    TENS_FOR_FIGURES,
    YEAR_DIGITS,
)
from service.text.numbers import parse_number

_NEAR_CHARS = 120
"""The words that tell whether a number is a figure stand within this many characters of it."""
_SCALE = rf"(?:{SCALES_IN_FIGURES})"
_MENTION = re.compile(
    r"(?<![\w.,:/-])(?:[$€£¥]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?:\s?%|\s+(?:per cent|percent))?"
    rf"(?:\s+(?:{SCALES_AFTER_A_SPACE}))?(?![\w-]*\d)(?!/\d)"
    rf"|\b(?:{NUMBER_WORDS_FOR_FIGURES}"
    rf"|(?:{TENS_FOR_FIGURES})"
    rf"(?:-(?:{ONES_AFTER_TENS}))?"
    # "one" alone is an article as often as a count; "one million" is a figure.
    rf"|one(?=[\s-]+{_SCALE}))"
    rf"(?:[\s-]+{_SCALE})?\b",
    re.IGNORECASE,
)
# Case-sensitive whole words: "may" the verb, "marines" or "declined" are not months.
_MONTHS = rf"(?-i:\b(?:{MONTHS_CAPITALISED})\b)\.?"
_NOT_A_FIGURE_AFTER = re.compile(
    r"^(?:-?(?:year|month|week|day)-old|[\s-]?years?[\s-]old|st\b|nd\b|rd\b|th\b"
    # "747s", "the 1990s": a model or a decade, not a count.
    r"|s\b"
    r"|\s*(?:a\.m|p\.m|am\b|pm\b|GMT|UTC|:\d)|\s+" + _MONTHS + ")",
    re.IGNORECASE,
)
_NOT_A_FIGURE_BEFORE = re.compile(
    r"(?:" + _MONTHS + r"\s+|aged\s+|age\s+(?:of\s+)?|No\.\s*|number\s+|flight\s+|[A-Za-z]-)$",
    re.IGNORECASE,
)
# "the Avenir 310", "Route 9": a capitalised word that does not open the
# sentence, then the number, names a thing. Short all-capital currency codes
# ("USD 40") are the exception.
_IDENTIFIER_BEFORE = re.compile(r"(?<=\S\s)(?-i:[A-Z][a-z][\w-]*)\s+$")
# The upper end of "between 30 and 40" or "30 to 40": the range is one figure, at its lower bound.
_RANGE_END_BEFORE = re.compile(
    r"(?:\bbetween\s+[\w.,]+\s+and|\d[\d.,]*\s*(?:to|-|\u2013))\s*$", re.IGNORECASE
)
# "(£4,000)" after "€5,000", "(3 million pounds)" after "4 million euros": the
# same figure in another currency, when the bracketed figure is money too.
_CONVERSION_BEFORE = re.compile(
    r"\d[\d.,]*(?:\s+\w+){0,2}\s*\((?:[^()]*;)?\s*(?:[A-Z]{1,3})?[$€£¥]?\s?$"
)
_MONEY_WORD_AFTER = re.compile(rf"^\s+(?:{'|'.join(CURRENCY_WORDS)})\b", re.IGNORECASE)
# An age is set off by commas on both sides ("Mara Tellis, 54, said"); a
# count after one comma ("On Tuesday, 12 people died") is still a figure.
_AGE_CLOSED = re.compile(r"^(?:,|\.?$)")
# "the officers, 41 and 38, were": two ages between commas.
_FIRST_OF_TWO_AGES = re.compile(r"^\s+and\s+\d{1,3},")
_SECOND_OF_TWO_AGES = re.compile(r", \d{1,3} and $")
_YEAR = re.compile(rf"^{YEAR_DIGITS}$")
# "roughly 2000 stores": a year is never approximate.
_APPROXIMATE_BEFORE = re.compile(rf"\b(?:{APPROXIMATORS})\s+$", re.IGNORECASE)


def figure_mentions(sentence: str) -> Iterator[tuple[re.Match[str], float | int]]:
    """Each number in `sentence` that is a statistic, with its value."""
    for match in _MENTION.finditer(sentence):
        value = _figure_value(sentence, match)
        if value is not None:
            yield match, value


def _figure_value(sentence: str, match: re.Match[str]) -> float | int | None:
    text = match.group().strip()
    # Only the words near the number: each pattern looks no further, and reading the
    # whole sentence for each of its numbers would cost a list of numbers its length squared.
    before = sentence[max(match.start() - _NEAR_CHARS, 0) : match.start()]
    after = sentence[match.end() : match.end() + _NEAR_CHARS]
    digits = re.sub(r"[^\d.]", "", text.split()[0])
    is_year = _YEAR.match(digits) and "," not in text and not text.endswith("%")
    if is_year and not _APPROXIMATE_BEFORE.search(before):
        return None
    if _NOT_A_FIGURE_AFTER.match(after) or _NOT_A_FIGURE_BEFORE.search(before):
        return None
    if digits and text[:1].isdigit() and _IDENTIFIER_BEFORE.search(before):
        return None
    if _RANGE_END_BEFORE.search(before) or _converted(text, before, after):
        return None
    if _is_age(before, after):
        return None
    return parse_number(text)


def identifier_numbers(sentence: str) -> set[str]:
    """Numbers written as part of a name here ("the Avenir 310"): the same digits are a
    name elsewhere in the article too ("the 310 was grounded")."""
    return {
        match.group().strip()
        for match in _MENTION.finditer(sentence)
        if match.group()[:1].isdigit() and _IDENTIFIER_BEFORE.search(sentence[: match.start()])
    }


def _converted(text: str, before: str, after: str) -> bool:
    signed = text[:1] in CURRENCY_SIGNS or before.rstrip()[-1:] in CURRENCY_SIGNS
    is_money = signed or _MONEY_WORD_AFTER.match(after) is not None
    return is_money and _CONVERSION_BEFORE.search(before) is not None


def _is_age(before: str, after: str) -> bool:
    between_commas = before.endswith(", ") and _AGE_CLOSED.match(after)
    return bool(
        between_commas
        or (before.endswith(", ") and _FIRST_OF_TWO_AGES.match(after))
        or (_SECOND_OF_TWO_AGES.search(before) and after.startswith(","))
    )
