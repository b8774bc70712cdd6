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
    INSTITUTION_HEADS,
    NAME_JOINERS,
    NOT_SPEAKER_WORDS,
    REPORTING_CUES,
    SOURCE_NOUNS,
    SOURCE_QUALIFIERS,
    SPEECH_VERBS_TO_ASK,
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
# "he said", "she told reporters", "said she": the speaker is someone named before.
_SPEECH = rf"(?:{REPORTING_CUES}|{SPEECH_VERBS_TO_ASK})"
_PRONOUN_SPEAKS = re.compile(
    rf"\b(?:he|she|they)\s+(?:\w+\s+)?{_SPEECH}\b|\b(?:{REPORTING_CUES})\s+(?:he|she)\b",
    re.IGNORECASE,
)
# Names governed by these are where something happened or whom it was said to
# ("in Lyon", "told the Daily Post"), not who said it; "according to" is a source.
_PLACE_BEFORE = re.compile(
    r"(?<!according )\b(?:in|at|near|into|to|across|outside|inside|towards?|told)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ADDRESSEE_BEFORE = re.compile(r"(?<![Aa]ccording )\b(?:told|to)\s+$")
# "Iranian military", "Polish stores": a people's adjective, not a speaker of its own.
_DEMONYM = re.compile(r"^[A-Z]\w+(?:ian|ish|ese|ean)$")
_LOWERCASE_WORD = re.compile(r"^\s+([a-z]+)")
# "the central bank denied", "a spokeswoman for the fund said": lower-case words
# after an article, right before the verb, are who speaks when no name does.
_SUBJECT_BEFORE_CUE = re.compile(
    rf"\b(?i:the|a|an)\s+(?P<subject>(?:[a-z][\w'-]*\s+){{0,3}}[a-z][\w'-]*)\s+"
    rf"(?:has\s+|have\s+|had\s+|also\s+)?{_SPEECH}\b"
)
# "Hospital officials said", "Emergency workers have indicated": a sentence that
# opens on an unnamed source, with no article before it.
_SOURCE_OPENS = re.compile(
    rf"^(?P<subject>(?:[A-Za-z][\w-]*\s+){{0,2}}?(?:{SOURCE_NOUNS}))\s+"
    rf"(?:has\s+|have\s+|had\s+|also\s+)?{_SPEECH}\b"
)
_FUNCTION_WORDS = frozenset("that which who whom and or but if when as than it they".split())
MAX_OPTIONS = 6
"""Enough for the sentence's own names and the few before it; more only dilutes the choice."""
RECENT_NAMES = 4


@dataclass(frozen=True)
class SpeakerOptions:
    """A sentence that may attribute something, and who may be its source."""

    sentence: Sentence
    options: tuple[str, ...]


def names_in(text: str) -> list[str]:
    """Capitalised names in `text` that could speak.

    Trimmed of sentence-opening and calendar words, cut at a possessive
    ("the Lisbon Port's new chief" names "Lisbon Port"), and without places
    ("in Lyon"), addressees ("to Radio Norte") and adjectives of a people.
    """
    found: list[str] = []
    for match in _NAME_RUN.finditer(text):
        if _PLACE_BEFORE.search(text[: match.start()]):
            continue
        for words in _cut_at_possessives(match.group().split()):
            while words and _not_part_of_name(words[0]):
                words = words[1:]
            while words and _not_part_of_name(words[-1]):
                words = words[:-1]
            name = _POSSESSIVE.sub("", " ".join(words)).strip(" .,")
            if name and name not in found and not _adjective_of_a_people(name, text, match):
                found.append(name)
    return found


def _cut_at_possessives(words: list[str]) -> list[list[str]]:
    """The owner of a possessive and one word after it is the owner ("Lisbon Port's new
    chief"); two words or more after it make one name ("the Fishers' Rights League"),
    and so does a word that heads an institution ("the Sheriff's Office")."""
    for at, word in enumerate(words[:-1]):
        if (
            _POSSESSIVE.search(word)
            and len(words) - at - 1 == 1
            and words[-1] not in INSTITUTION_HEADS
        ):
            return [[*words[:at], _POSSESSIVE.sub("", word)]]
    return [words]


def _adjective_of_a_people(name: str, text: str, match: re.Match[str]) -> bool:
    after = _LOWERCASE_WORD.match(text[match.end() :])
    return (
        _DEMONYM.match(name) is not None
        and after is not None
        and not _CUE.fullmatch(after.group(1))
    )


def source_phrases(text: str) -> list[str]:
    """Unnamed but explicit sources in `text`: "officials", "local media", "fire officer"."""
    found: list[str] = []
    for match in _SOURCE_PHRASE.finditer(text):
        if _ADDRESSEE_BEFORE.search(text[: match.start()]):
            continue  # "officials told local media": media heard it, officials said it
        phrase = _ARTICLE.sub("", match.group())
        if phrase not in found:
            found.append(phrase)
    return found


def subject_of_speech(text: str) -> str | None:
    """The unnamed subject of a verb of speech: "the central bank denied" gives "central bank"."""
    match = _SUBJECT_BEFORE_CUE.search(text) or _SOURCE_OPENS.match(text)
    if match is None or _FUNCTION_WORDS & set(match["subject"].casefold().split()):
        return None
    return match["subject"]


def speaker_options(sentences: list[Sentence], asked: list[Sentence]) -> list[SpeakerOptions]:
    """For each sentence of `asked`, the speakers the model may choose among, its own first."""
    wanted = {sentence.number for sentence in asked}
    named_inside = _names_inside_sentences(sentences)
    recent: list[str] = []
    proposed: list[SpeakerOptions] = []
    for sentence in sentences:
        own = [
            name
            for name in names_in(sentence.text)
            if not _only_a_sentence_opener(name, sentence.text, named_inside)
        ]
        if sentence.number in wanted:
            subject = subject_of_speech(sentence.text)
            unnamed = [p for p in [subject, *source_phrases(sentence.text)] if p]
            # "the region's governor said": the governor speaks, not the region.
            own = [n for n in own if not any(_owns(n, p, sentence.text) for p in unnamed)]
            mine = own + [p for p in source_phrases(sentence.text) if p not in own]
            if subject and not any(subject in option for option in mine):
                # The subject in full ("hospital officials") stands for the words of it
                # offered on their own ("officials", "Hospital").
                mine = [option for option in mine if option not in subject] + [subject]
            options = nearest_the_verb_first(sentence.text, mine)
            earlier = [name for name in reversed(recent) if name not in options]
            if _PRONOUN_SPEAKS.search(sentence.text):
                options = earlier + options
            elif _LEANS_BACK.search(sentence.text) or not options:
                options += earlier
            proposed.append(SpeakerOptions(sentence, tuple(options[:MAX_OPTIONS])))
        for name in own:
            if name in recent:
                recent.remove(name)
            recent.append(name)
        del recent[:-RECENT_NAMES]
    return proposed


def _owns(name: str, subject: str, text: str) -> bool:
    return re.search(rf"{re.escape(name)}['\u2019]s? {re.escape(subject)}\b", text) is not None


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


def _names_inside_sentences(sentences: list[Sentence]) -> set[str]:
    """Capitalised words the article writes after a sentence's first word."""
    return {
        word.strip(".,;:\"'")
        for sentence in sentences
        for word in sentence.text.split()[1:]
        if word[:1].isupper()
    }


def _only_a_sentence_opener(name: str, sentence: str, named_inside: set[str]) -> bool:
    """One capitalised word opening a sentence ("Photographs show", "Deeply moved")
    that the article never capitalises elsewhere is an ordinary word, unless it speaks."""
    if " " in name or not sentence.lstrip("\"'\u201c\u2018").startswith(name):
        return False
    if name in named_inside:
        return False
    return not _CUE.match(sentence.split(name, 1)[1].lstrip())


def _not_part_of_name(word: str) -> bool:
    bare = _POSSESSIVE.sub("", word.strip(".,;:"))
    return not bare or bare in NOT_SPEAKER_WORDS or bare.lower() in _JOINER_WORDS
