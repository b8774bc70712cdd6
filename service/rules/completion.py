"""Records a small model skipped, completed from the sentence's own words.

A 1.5B model answering for a whole passage drops many sentences. Where a
sentence plainly reports speech ("X said", "according to X") or writes a
number, and the model returned nothing for it, these rules add the record.
They run after the model, add no model calls, and cite the sentence itself,
so everything they add is grounded by construction.
"""

from __future__ import annotations

import re

from service.core.findings import Attribution, Figure
from service.text.lexicon import (
    DENIAL_VERBS,
    MONTHS_CAPITALISED,
    NAME_PARTICLES_BETWEEN_CAPITALS,
    NOT_NAMES,
    NUMBER_WORDS_FOR_FIGURES,
    ONES_AFTER_TENS,
    REPORTING_VERBS,
    TENS_FOR_FIGURES,
    YEAR_DIGITS,
)
from service.text.numbers import SAME_NUMBER_TOLERANCE, parse_number
from service.text.passages import Sentence
from service.text.quotes import quoted_span
from service.text.units import unit_near

_CAPITALISED = r"[A-Z\u00c0-\u024f][\w'\u2019.-]+"
_PARTICLE = rf"(?:{NAME_PARTICLES_BETWEEN_CAPITALS})?"
_NAME = rf"(?:{_CAPITALISED}(?:\s+{_PARTICLE}\s*{_CAPITALISED}){{0,4}})"
_SPEAKER_FIRST = re.compile(
    rf"(?P<name>{_NAME})(?:,[^,]{{1,80}},)?\s+(?:also\s+|later\s+|then\s+)?"
    rf"(?:{REPORTING_VERBS})\b"
)
_SPEAKER_AFTER = re.compile(rf"[,\"\u201d]\s*(?:{REPORTING_VERBS})\s+(?P<name>{_NAME})")
_ACCORDING_TO = re.compile(rf"\baccording to (?:the )?(?P<name>{_NAME})")
_PRONOUN = re.compile(
    rf"\b(?:he|she|they)\s+(?:also\s+)?(?:{REPORTING_VERBS})\b"
    rf"|[,\"\u201d]\s*(?:{REPORTING_VERBS})\s+(?:he|she)\b",
    re.I,
)
_DENIAL = re.compile(rf"\b(?:{DENIAL_VERBS})\b", re.I)

_MENTION = re.compile(
    r"(?<![\w.,:-])(?:[$€£¥]\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?:\s?%|\s+(?:per cent|percent))?"
    r"(?:\s+(?:hundred|thousand|million|billion|trillion|bn|mn))?(?![\w-]*\d)"
    rf"|\b(?:{NUMBER_WORDS_FOR_FIGURES}"
    rf"|(?:{TENS_FOR_FIGURES})"
    rf"(?:-(?:{ONES_AFTER_TENS}))?)"
    r"(?:[\s-]+(?:hundred|thousand|million|billion))?\b",
    re.IGNORECASE,
)
# Case-sensitive whole words: "may" the verb, "marines" or "declined" are not months.
_MONTHS = rf"(?-i:\b(?:{MONTHS_CAPITALISED})\b)\.?"
_NOT_A_FIGURE_AFTER = re.compile(
    r"^(?:-?year-old|[\s-]?years?[\s-]old|st\b|nd\b|rd\b|th\b"
    r"|\s*(?:a\.m|p\.m|am\b|pm\b|GMT|UTC|:\d)|\s+" + _MONTHS + ")",
    re.IGNORECASE,
)
_NOT_A_FIGURE_BEFORE = re.compile(
    r"(?:" + _MONTHS + r"\s+|aged\s+|age\s+of\s+|No\.\s*|number\s+|[A-Za-z]-)$", re.IGNORECASE
)
# An age is set off by commas on both sides ("Mara Tellis, 54, said"); a
# count after one comma ("On Tuesday, 12 people died") is still a figure.
_AGE_CLOSED = re.compile(r"^(?:,|\.?$)")
_YEAR = re.compile(rf"^{YEAR_DIGITS}$")


def completed_attributions(
    sentences: list[Sentence], found: list[Attribution]
) -> list[Attribution]:
    """Claims for reporting sentences the model left without any record."""
    covered = {(a.evidence.start, a.evidence.end) for a in found}
    added: list[Attribution] = []
    last_speaker: str | None = None
    known = {a.evidence.start: a.speaker for a in found}
    for sentence in sentences:
        name = _speaker(sentence.text)
        if name is None and _PRONOUN.search(sentence.text):
            name = last_speaker
        if (sentence.start, sentence.end) not in covered and name:
            added.append(
                Attribution(
                    kind="denial" if _DENIAL.search(sentence.text) else "claim",
                    speaker=name,
                    speaker_role=None,
                    proposition=sentence.text,
                    quote=quoted_span(sentence.text, sentence.start),
                    evidence=sentence.span,
                )
            )
        last_speaker = known.get(sentence.start) or name or last_speaker
    return added


def completed_figures(sentences: list[Sentence], found: list[Figure]) -> list[Figure]:
    """Statistics for numbers written in the article that no model figure accounts for.

    A figure repeated anywhere in the article is one record (LABELS.md), so a
    number already taken, as a value or as a whole, is not added again.
    """
    added: list[Figure] = []
    taken = [f.value for f in found] + [f.total for f in found if f.total is not None]
    for sentence in sentences:
        for match in _MENTION.finditer(sentence.text):
            value = _figure_value(sentence.text, match)
            if value is None or any(_close(value, t) for t in taken):
                continue
            whole = _whole_after(sentence.text, match.end())
            taken.extend([value] if whole is None else [value, whole])
            unit = unit_near(value, sentence.text)
            added.append(
                Figure(
                    value=value,
                    unit=unit,
                    total=whole,
                    measure=_measure(sentence.text, match.end(), unit),
                    source=None,
                    evidence=sentence.span,
                )
            )
    return added


def _speaker(sentence: str) -> str | None:
    for pattern in (_ACCORDING_TO, _SPEAKER_AFTER, _SPEAKER_FIRST):
        match = pattern.search(sentence)
        if match and match["name"].split()[0] not in NOT_NAMES:
            return match["name"].strip(" ,.")
    return None


def _figure_value(sentence: str, match: re.Match[str]) -> float | int | None:
    text = match.group().strip()
    digits = re.sub(r"[^\d.]", "", text.split()[0])
    if _YEAR.match(digits) and "," not in text and not text.endswith("%"):
        return None
    if _NOT_A_FIGURE_AFTER.match(sentence[match.end() :]):
        return None
    if _NOT_A_FIGURE_BEFORE.search(sentence[: match.start()]):
        return None
    if sentence[: match.start()].endswith(", ") and _AGE_CLOSED.match(sentence[match.end() :]):
        return None
    return parse_number(text)


_WHOLE = re.compile(r"^\s+(?:out of|of)\s+(?:a total of\s+|the\s+|their\s+)*(?P<whole>[\w,.]+)")


def _whole_after(sentence: str, end: int) -> float | int | None:
    """The Y of "X out of Y" / "X of Y", when Y is a number."""
    match = _WHOLE.match(sentence[end:])
    return parse_number(match["whole"]) if match else None


def _measure(sentence: str, after: int, unit: str | None) -> str:
    words = sentence[after:].split()[:8]
    phrase = " ".join(words).strip(' ,.;:"\u201d')
    return phrase or unit or "figure in the sentence"


def _close(first: float | int, second: float | int) -> bool:
    return abs(first - second) <= SAME_NUMBER_TOLERANCE * max(abs(first), abs(second), 1)
