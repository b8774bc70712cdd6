"""Capitalised names in a sentence that could speak, and a name as the article wrote it in full.

Names are runs of capitalised words, trimmed of what only looks like a name:
sentence openers, calendar words, places ("in Lyon"), addressees ("told Radio
Norte"), a people's adjective ("Iranian military"), a numbered thing ("Article 5").
"""

from __future__ import annotations

import re

from service.text.lexicon import (
    CAPITAL,
    INSTITUTION_HEADS,
    NAME_JOINERS,
    NAME_WORD_CHARACTERS,
    NOT_SPEAKER_WORDS,
    REPORTING_CUES,
)
from service.text.passages import Sentence

REPORTING_CUE = re.compile(rf"\b(?:{REPORTING_CUES})\b", re.IGNORECASE)
"""A word that may report speech, in any tense."""

_NAME_WORD = rf"{CAPITAL}[.&{NAME_WORD_CHARACTERS}]*"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:(?:\s+(?:{NAME_JOINERS})\s+|\s+){_NAME_WORD}){{0,6}}")
_JOINER_WORDS = frozenset(NAME_JOINERS.split("|"))
_POSSESSIVE = re.compile(r"['\u2019]s$")
# Names governed by these are where something happened or whom it was said to
# ("in Lyon", "told the Daily Post"), not who said it; "according to" is a source.
_PLACE_BEFORE = re.compile(
    r"(?<!according )\b(?:in|at|near|into|to|across|outside|inside|towards?|told)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Iranian military", "Polish stores": a people's adjective, not a speaker of its own.
_DEMONYM = re.compile(r"^[A-Z]\w+(?:ian|ish|ese|ean)$")
# "Denmark-based", "Lyon-born": a place made an adjective, not part of a name.
_PLACE_ADJECTIVE = re.compile(r"-(?:based|born|owned|led|backed|made)$")
_DESIGNATION = re.compile(r"\s+\d")
_LOWERCASE_WORD = re.compile(r"^\s+([a-z]+)")


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
            if _DESIGNATION.match(text, match.end()) and len(words) == 1:
                continue  # "Article 5", "Gate 12": a numbered thing, not a speaker
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
        and not REPORTING_CUE.fullmatch(after.group(1))
    )


def written_in_full(name: str, earlier: list[str]) -> str:
    """A one-word name ("Okafor", "Lena") as the one longer name written before it
    that holds it ("Lena Okafor"): the model then chooses among people, not words."""
    if " " in name:
        return name
    holders = {o for o in earlier if name in o.split() and " and " not in o}
    return holders.pop() if len(holders) == 1 else name


def names_inside_sentences(sentences: list[Sentence]) -> set[str]:
    """Capitalised words the article writes after a sentence's first word."""
    return {
        word.strip(".,;:\"'")
        for sentence in sentences
        for word in sentence.text.split()[1:]
        if word[:1].isupper()
    }


def only_a_sentence_opener(name: str, sentence: str, named_inside: set[str]) -> bool:
    """One capitalised word opening a sentence or a quotation ("Photographs show",
    "Deeply moved") that the article never capitalises elsewhere is an ordinary word,
    unless it speaks."""
    opens = sentence.lstrip("\"'\u201c\u2018").startswith(name) or re.search(
        rf"[\"\u201c]{re.escape(name)}\b", sentence
    )
    if " " in name or not opens:
        return False
    if name in named_inside:
        return False
    return not REPORTING_CUE.match(sentence.split(name, 1)[1].lstrip())


def _not_part_of_name(word: str) -> bool:
    bare = _POSSESSIVE.sub("", word.strip(".,;:"))
    return (
        not bare
        or bare in NOT_SPEAKER_WORDS
        or bare.lower() in _JOINER_WORDS
        or _PLACE_ADJECTIVE.search(bare) is not None
    )
