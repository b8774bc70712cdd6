"""What code proposes before the model is asked: who may be speaking in a sentence.

Code is exhaustive and cheap; the model only chooses among what is listed
here, so it cannot invent a speaker. A sentence gets as options the names and
explicit sources it holds, and, when it leans on an earlier sentence (a
pronoun, or no name of its own), the names mentioned last before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.text.lexicon import (
    NAME_JOINERS,
    NOT_SPEAKER_WORDS,
    REPORTING_CUES,
    SOURCE_NOUNS,
    SOURCE_QUALIFIERS,
)
from service.text.passages import Sentence

_CAPITALISED = r"[A-Z\u00c0-\u024f][\w'\u2019.&-]*"
_NAME_RUN = re.compile(rf"{_CAPITALISED}(?:(?:\s+(?:{NAME_JOINERS})\s+|\s+){_CAPITALISED}){{0,6}}")
_JOINER_WORDS = frozenset(NAME_JOINERS.split("|"))
# "the harbour union", "a senior fire officer", "state media": after an article,
# any two lowercase words may qualify the noun; without one, only known qualifiers.
_SOURCE_PHRASE = re.compile(
    rf"\b(?:(?:the|a|an)\s+(?:[a-z-]+\s+){{0,2}}|(?:(?:{SOURCE_QUALIFIERS})\s+){{1,2}})?"
    rf"(?:{SOURCE_NOUNS})\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_LEANS_BACK = re.compile(r"\b(?:he|she|they|it|his|her|their|the \w+)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s$")
_CUE = re.compile(rf"\b(?:{REPORTING_CUES})\b", re.IGNORECASE)
MAX_OPTIONS = 8
"""Enough for the sentence's own names and the few before it; more only dilutes the choice."""
RECENT_NAMES = 4


@dataclass(frozen=True)
class SpeakerOptions:
    """A sentence that may attribute something, and who may be its source."""

    sentence: Sentence
    options: tuple[str, ...]


def names_in(text: str) -> list[str]:
    """Capitalised names in `text`, trimmed of sentence-opening and calendar words."""
    found: list[str] = []
    for match in _NAME_RUN.finditer(text):
        words = match.group().split()
        while words and _not_part_of_name(words[0]):
            words = words[1:]
        while words and _not_part_of_name(words[-1]):
            words = words[:-1]
        name = _POSSESSIVE.sub("", " ".join(words)).strip(" .,")
        if name and name not in found:
            found.append(name)
    return found


def source_phrases(text: str) -> list[str]:
    """Unnamed but explicit sources in `text`: "officials", "local media", "fire officer"."""
    found: list[str] = []
    for match in _SOURCE_PHRASE.finditer(text):
        phrase = _ARTICLE.sub("", match.group())
        if phrase not in found:
            found.append(phrase)
    return found


def speaker_options(sentences: list[Sentence], asked: list[Sentence]) -> list[SpeakerOptions]:
    """For each sentence of `asked`, the speakers the model may choose among, its own first."""
    wanted = {sentence.number for sentence in asked}
    recent: list[str] = []
    proposed: list[SpeakerOptions] = []
    for sentence in sentences:
        own = names_in(sentence.text)
        if sentence.number in wanted:
            mine = own + [p for p in source_phrases(sentence.text) if p not in own]
            options = nearest_the_verb_first(sentence.text, mine)
            if _LEANS_BACK.search(sentence.text) or not options:
                options += [name for name in reversed(recent) if name not in options]
            proposed.append(SpeakerOptions(sentence, tuple(options[:MAX_OPTIONS])))
        for name in own:
            if name in recent:
                recent.remove(name)
            recent.append(name)
        del recent[:-RECENT_NAMES]
    return proposed


def nearest_the_verb_first(text: str, options: list[str]) -> list[str]:
    """The sentence's own candidates, the one written closest to its reporting word first.

    The speaker of "..., the minister told reporters" or "According to the
    agency, ..." stands next to the verb; the other names are what it is about.
    """
    cue = _CUE.search(text)
    if cue is None:
        return options
    where = cue.start()

    def distance(option: str) -> int:
        at = text.find(option)
        return abs(at - where) if at >= 0 else len(text)

    return sorted(options, key=distance)


def _not_part_of_name(word: str) -> bool:
    bare = word.strip(".,;:")
    return not bare or bare in NOT_SPEAKER_WORDS or bare.lower() in _JOINER_WORDS
