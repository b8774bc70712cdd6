"""Records a small model skipped, completed from the sentence's own words.

A 1.5B model answering for a whole passage drops many sentences. Where a
sentence plainly reports speech ("X said", "according to X") or writes a
number, and the model returned nothing for it, these rules add the record.
They run after the model, add no model calls, and cite the sentence itself,
so everything they add is grounded by construction.
"""

from __future__ import annotations

import bisect
import re

from service.core.findings import Attribution, Figure
from service.rules.cues import uses_a_denial_verb
from service.rules.mentions import figure_mentions, identifier_numbers
from service.rules.names import names_in
from service.rules.pronouns import (
    HE_OR_SHE,
    could_be,
    genders,
    is_a_person,
    people_in,
    words_of_people,
)
from service.text.lexicon import (
    CAPITALISED_WORD,
    NAME_PARTICLES_BETWEEN_CAPITALS,
    NOT_NAMES,
    PLURAL_REPORTING_VERBS,
    REPORTING_VERBS,
    SOURCE_NOUNS,
    SPEAKING_GROUPS,
)
from service.text.numbers import SAME_NUMBER_TOLERANCE, parse_number
from service.text.passages import Sentence
from service.text.quotes import quoted_span
from service.text.units import unit_near

_PARTICLE = rf"(?:{NAME_PARTICLES_BETWEEN_CAPITALS})?"
_NAME = rf"(?:{CAPITALISED_WORD}(?:\s+{_PARTICLE}\s*{CAPITALISED_WORD}){{0,4}})"
_SPEAKER_FIRST = re.compile(
    rf"(?P<name>{_NAME})(?:,[^,]{{1,80}},)?\s+(?:also\s+|later\s+|then\s+|further\s+|[a-z]+ly\s+)?"
    rf"(?:{REPORTING_VERBS})\b"
)
_SPEAKER_AFTER = re.compile(rf"[,\"\u201d]\s*(?:{REPORTING_VERBS})\s+(?P<name>{_NAME})")
# "according to the Harbour Office", "According to a report by the Harbour
# Office", "figures published on Friday by the Harbour Office", "reported by ...".
# Not "according to Danish state media": a name followed by a noun is an adjective
# (and a name is taken whole, never the first words of a longer one).
_ACCORDING_TO = re.compile(
    r"\b(?:[Aa]ccording to|(?:reported|published|released) by)\s+"
    r"(?:(?:(?:an?|the)\s+)?(?:[a-z]+\s+){0,2}?"
    r"(?:report|reports|figures|numbers|data|statement|study|survey|analysis)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:by|from)\s+)?"
    rf"(?:[Tt]he )?(?P<name>{_NAME})\b"
    r"(?!\s+(?:[A-Z]|(?!(?:in|on|at|from|of|and|as|for|to|that|which|who)\b)[a-z]))"
)

# "according to officials", "according to the fire service", "according to state
# media", "according to Danish state media": an explicit unnamed source is a
# speaker too (LABELS.md), when no name is.
_ACCORDING_TO_SOURCE = re.compile(
    rf"\b[Aa]ccording to\s+(?:(?:the|an?|our)\s+)?"
    rf"(?P<name>(?:[A-Za-z-]+\s+){{0,2}}(?:{SOURCE_NOUNS}))\b(?![\w-])"
)
# "Officials said", "Hospital officials warned": a sentence that opens on a group
# of sources and its verb of speech; "Some officials said" leaves open which ones.
# The strict twin of candidates' _SOURCE_OPENS, which offers any source noun with
# any cue to the model; this one decides alone, so it takes only plain verbs.
_GROUP_SPEAKS = re.compile(
    rf"^(?P<name>(?:[A-Z][a-z-]+\s+)?(?i:{SPEAKING_GROUPS}))\s+(?:also\s+|[a-z]+ly\s+)?"
    rf"(?:{REPORTING_VERBS}|{PLURAL_REPORTING_VERBS})\b"
)
_NOT_QUALIFIERS = frozenset("Some Many Several Other Most Few Both All No The These Those".split())
_THE = re.compile(r"^The\s+(?=[A-Z])")
_AGENTLESS = frozenset({"report", "reports"})
_PRONOUN = re.compile(
    rf"\b(?:he|she|they)\s+(?:also\s+)?(?:{REPORTING_VERBS})\b"
    rf"|[,\"\u201d]\s*(?:{REPORTING_VERBS})\s+(?:he|she)\b",
    re.I,
)
_PERSON_OF = re.compile(
    rf"(?P<name>{CAPITALISED_WORD}\s+{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD})?)\s+of\s+(?:the\s+)?"
    r"(?:[a-z][\w'-]*\s+){0,3}$"
)


def completed_attributions(
    sentences: list[Sentence], found: list[Attribution]
) -> list[Attribution]:
    """Claims for reporting sentences the model left without any record."""
    covered = {(a.evidence.start, a.evidence.end) for a in found}
    added: list[Attribution] = []
    last_speaker: str | None = None
    # People named since the last speaker spoke: while there are any, "he" or
    # "she" may be one of them, and code cannot tell which.
    named_since: set[str] = set()
    people_words: set[str] = set()  # of the people named so far: "Okafor" after "Lena Okafor"
    known = {a.evidence.start: a.speaker for a in found}
    texts = [sentence.text for sentence in sentences]
    shown = genders(texts, people_in([n for text in texts for n in names_in(text)]))
    for sentence in sentences:
        name = speaker_named_in(sentence.text)
        pronoun = _PRONOUN.search(sentence.text)
        if name is None and pronoun and last_speaker and not named_since:
            word = HE_OR_SHE.search(pronoun.group())
            if word is None or (
                is_a_person(last_speaker, people_words)
                and could_be(word.group(), last_speaker, shown)
            ):
                name = last_speaker
        if (sentence.start, sentence.end) not in covered and name:
            added.append(
                Attribution(
                    kind="denial" if uses_a_denial_verb(sentence.text) else "claim",
                    speaker=name,
                    speaker_role=None,
                    proposition=sentence.text,
                    quote=quoted_span(sentence.text, sentence.start),
                    evidence=sentence.span,
                )
            )
        named = names_in(sentence.text)
        people = [n for n in named if is_a_person(n, people_words)]
        people_words |= words_of_people(named)
        speaker = known.get(sentence.start) or name
        if speaker:
            last_speaker = speaker
            named_since = set()
        named_since |= {p for p in people if not last_speaker or not _same_person(p, last_speaker)}
    return added


def _same_person(name: str, other: str) -> bool:
    return bool(set(name.split()) & set(other.split()))


def completed_figures(sentences: list[Sentence], found: list[Figure]) -> list[Figure]:
    """Statistics for numbers written in the article that no model figure accounts for.

    A figure repeated anywhere in the article is one record (LABELS.md), so a
    number already taken, as a value or as a whole, is not added again, unless
    both times name what they count and the names differ ("two trucks" and
    "two pieces" are two figures).
    """
    added: list[Figure] = []
    taken = _Taken()
    for figure in found:
        taken.add(figure.value, figure.unit)
        if figure.total is not None:
            taken.add(figure.total, figure.unit)
    names = {digits for sentence in sentences for digits in identifier_numbers(sentence.text)}
    for sentence in sentences:
        for match, value in figure_mentions(sentence.text):
            unit = unit_near(value, sentence.text)
            if match.group().strip() in names or taken.repeats(value, unit):
                continue
            whole = _whole_after(sentence.text, match.end())
            taken.add(value, unit)
            if whole is not None:
                taken.add(whole, unit)
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


def speaker_named_in(sentence: str) -> str | None:
    """The speaker a sentence names by its frame: "X said", "..., said X", "according to X"."""
    for pattern in (_ACCORDING_TO, _SPEAKER_AFTER, _SPEAKER_FIRST):
        match = pattern.search(sentence)
        if match is None:
            continue
        # "The Harbour Gazette said" names the Harbour Gazette; "The" alone is no name.
        name = _THE.sub("", match["name"])
        if name.split()[0] not in NOT_NAMES:
            person = _PERSON_OF.search(sentence[: match.start("name")])
            # "Ana Ruiz of the dockers' union said": the person, not the union (LABELS.md).
            return (person["name"] if person else name).strip(" ,.")
    group = _GROUP_SPEAKS.match(sentence)
    if group and group["name"].split()[0] not in _NOT_QUALIFIERS:
        return group["name"]
    unnamed = _ACCORDING_TO_SOURCE.search(sentence)
    # "according to reports" names no one: an agentless report is no claim.
    if unnamed is None or unnamed["name"].split()[-1] in _AGENTLESS:
        return None
    return unnamed["name"]


_WHOLE = re.compile(r"^\s+(?:out of|of)\s+(?:a total of\s+|the\s+|their\s+)*(?P<whole>[\w,.]+)")


def _whole_after(sentence: str, end: int) -> float | int | None:
    """The Y of "X out of Y" / "X of Y", when Y is a number."""
    match = _WHOLE.match(sentence[end:])
    return parse_number(match["whole"]) if match else None


def _measure(sentence: str, after: int, unit: str | None) -> str:
    words = sentence[after:].split()[:8]
    phrase = " ".join(words).strip(' ,.;:"\u201d')
    return phrase or unit or "figure in the sentence"


class _Taken:
    """The figures recorded so far, by value and unit, sorted: whether a number repeats one
    is two look-ups, not a pass over them all (a list of numbers would cost its length
    squared)."""

    def __init__(self) -> None:
        self._values: list[float | int] = []
        self._unitless: list[float | int] = []
        self._by_unit: dict[str, list[float | int]] = {}

    def add(self, value: float | int, unit: str | None) -> None:
        """Record `value` in `unit`."""
        _insert(self._values, value)
        _insert(self._unitless if unit is None else self._by_unit.setdefault(unit, []), value)

    def repeats(self, value: float | int, unit: str | None) -> bool:
        """Whether a recorded figure is `value` again, in the same unit or where either has none."""
        if unit is None:
            return _has_close(self._values, value)
        return _has_close(self._unitless, value) or _has_close(self._by_unit.get(unit, []), value)


def _insert(values: list[float | int], value: float | int) -> None:
    at = bisect.bisect_left(values, value)
    if values[at : at + 1] != [value]:
        values.insert(at, value)


def _has_close(values: list[float | int], value: float | int) -> bool:
    # The values close to `value` are a run of the sorted list: if any is, one of the
    # two beside where `value` would go is.
    at = bisect.bisect_left(values, value)
    return any(_close(value, other) for other in values[max(at - 1, 0) : at + 1])


def _close(first: float | int, second: float | int) -> bool:
    return abs(first - second) <= SAME_NUMBER_TOLERANCE * max(abs(first), abs(second), 1)
