"""Which sentences are worth a model call, and which model figures are only years.

The focused strategy asks the model about a passage only when one of its
sentences could hold a record: a reporting word or a quotation mark for claims
and denials, a number other than a year for statistics.
"""

from __future__ import annotations

import re

from service.text.lexicon import (
    BELIEF_VERBS,
    DENIAL_VERBS,
    QUOTE_MARKS,
    QUOTE_PAIRS,
    REPORTING_CUES,
    SPEECH_VERBS_TO_ASK,
)
from service.text.number_words import FIRST_YEAR, LAST_YEAR, NUMBER_WORDS_AS_CUES, YEAR_DIGITS

_REPORTING = re.compile(
    rf"\b(?:{REPORTING_CUES})\b"
    rf"|[{QUOTE_MARKS}]",
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


# The guided strategy's narrower net: a verb of speech written as a verb, in
# lower case ("the Federated States" holds no "states") and not after an article
# or a determiner ("the state", "the reported toll"); or "According to"; or a
# quotation of a few words at least (a quoted name or title is not speech).
# Verbs of stance or description (SPEECH_VERBS_TO_ASK) are asked about too.
# Beliefs and hopes ("believe", "expect") are left out: LABELS.md does not count
# beliefs nobody voiced, and "reports" or "reportedly" alone are agentless.
_SPEECH_VERB = re.compile(
    r"(?<!\b[Tt]he )(?<!\b[Aa] )(?<!\b[Aa]n )(?<!\b[Tt]otal )(?<!\b[Ee]arly )"
    r"(?<!\b[Bb]y )(?<!\b[Ww]ith )"
    rf"\b(?!(?:{BELIEF_VERBS})\b)(?:{REPORTING_CUES}|{SPEECH_VERBS_TO_ASK})\b|\bAccording to\b"
)
# Straight quotes pair up in order; curly ones open and close; one left open runs to the end.
_QUOTED = re.compile(
    "|".join(f"{opening}([^{closing}]*)(?:{closing}|$)" for opening, closing in QUOTE_PAIRS)
)
QUOTATION_WORDS = 4
"""Fewer quoted words are a name, a title or a scare quote, not someone's words."""


# "was reported", "were widely reported", "was on Monday reported"
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|is|are|been|be|being)\s+(?:\w+ly\s+|(?:on|in|at|by)\s+\w+\s+)?$", re.I
)
_BY_AFTER = re.compile(r"\s+by\b")
# "Reports said", "early reports indicate": reports that nobody is named for are
# agentless too, whatever their verb (LABELS.md); "media reports" name a source.
_BEFORE_AGENTLESS = (
    r"(?:^|[,;:\u2014]\s*|\b(?i:the|some|other|early|earlier|initial|unconfirmed|several|many)\s+)"
)
_AGENTLESS_SUBJECT_BEFORE = re.compile(
    rf"{_BEFORE_AGENTLESS}(?i:reports|rumou?rs)\s+(?:\w+ly\s+)?$"
)
_AGENTLESS_SUBJECT = re.compile(rf"{_BEFORE_AGENTLESS}$")


def may_report_speech(sentence: str) -> bool:
    """Is this sentence worth asking who speaks in it? (A verb of speech, or a quotation.)

    A verb of speech in the passive with no "by" ("was reported", "were found
    guilty"), or with reports for its subject ("reports said"), has no speaker:
    LABELS.md counts agentless reports as no claim.
    """
    for verb in _SPEECH_VERB.finditer(sentence):
        before = sentence[: verb.start()]
        if _AGENTLESS_SUBJECT_BEFORE.search(before) or (
            # "reports" with no subject of its own is the noun ("reports said").
            verb.group() == "reports" and _AGENTLESS_SUBJECT.search(before)
        ):
            continue
        passive = _PASSIVE_BEFORE.search(before)
        if passive is None or _BY_AFTER.match(sentence[verb.end() :]):
            return True
    return any(
        len("".join(part for part in quoted.groups() if part).split()) >= QUOTATION_WORDS
        for quoted in _QUOTED.finditer(sentence)
    )


_DENIAL_VERB = re.compile(rf"\b(?:{DENIAL_VERBS})\b", re.IGNORECASE)


def uses_a_denial_verb(sentence: str) -> bool:
    """Does the sentence deny with its verb ("denied", "refuted", "rejected")?

    The rules give such a sentence a denial rather than a claim.
    """
    return _DENIAL_VERB.search(sentence) is not None
