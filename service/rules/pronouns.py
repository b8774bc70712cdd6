"""Whom "he" and "she" can stand for: the article's own words tell a person's gender.

Asked who "she" is, the small model gave "she" to a man four times in one
recording of the real articles. The article usually says which people are women
and which are men: an honorific ("Mme Ortiz"), a noun beside the name ("the
actress Lena Ortiz", "Lena Ortiz, fiancee of ..."), or the pronoun that follows
the name within its sentence ("Lena Ortiz, 40, gave up her seat"). Code reads
that, and then neither the rules nor the options give "she" a man or "he" a woman.
A person the article says nothing about stays possible for both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable

from service.text.lexicon import INSTITUTION_HEADS, MEN_WORDS, WOMEN_WORDS

HE, SHE = "he", "she"
HE_OR_SHE = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
"""A pronoun that stands for one person, whose gender it tells."""
_PRONOUN_GENDER = {"he": HE, "his": HE, "him": HE, "she": SHE, "her": SHE, "hers": SHE}
_PRONOUN = re.compile(r"\b(?:he|his|him|she|her|hers)\b", re.IGNORECASE)
_WORD_GENDER = {word: SHE for word in WOMEN_WORDS.split("|")} | {
    word: HE for word in MEN_WORDS.split("|")
}
_GENDERED_WORD = re.compile(rf"\b(?:{WOMEN_WORDS}|{MEN_WORDS})\b", re.IGNORECASE)
CLEAR_MAJORITY = 2
"""A gender is the article's when its signs outnumber the other's this many times:
a pronoun after a name is sometimes someone else's ("Ana met Rui; he ...")."""
_KIN_AFTER = re.compile(rf"\s+(?:{WOMEN_WORDS}|{MEN_WORDS})\b", re.IGNORECASE)
NEAR_WORDS = 4
"""A gendered noun this many words before a name, or right after it, describes it."""
_WORDS = re.compile(r"\w+")
_PHRASE_BREAK = re.compile(r"[,;:()]|\b(?:of|and|to|with|by|for)\b")


def is_a_person(name: str, people_words: Collection[str] = ()) -> bool:
    """Whether a name may be a person's: two words or more with no word of an
    institution ("Lena Okafor", not "Harbour Council"), or one word of such a name
    written before it ("Okafor"), one of `people_words` (see `words_of_people`).
    "Reuters" alone is no one to call "she"."""
    words = name.split()
    if "'" in name or "\u2019" in name:
        return False  # "Lena Ortiz's Harbour Fund" is what she owns
    if len(words) > 1:
        return not INSTITUTION_HEADS & set(words)
    return name in people_words


def words_of_people(names: Iterable[str]) -> set[str]:
    """The words of those of `names` that are people's full names: a set to keep as the
    article is read, so that a surname alone is one look-up, not a pass over every name."""
    return {word for name in names if " " in name and is_a_person(name) for word in name.split()}


def genders(texts: list[str], people: list[str]) -> dict[str, str]:
    """The gender the article shows for each of `people` (full names), where it shows one.

    `texts` are the article's sentences in order. A person's mentions are their
    full name or any one of its words ("Okafor").
    """
    votes: dict[str, Counter[str]] = {person: Counter() for person in people}
    mentions = {person: _mention_of(person) for person in people}
    # Each sentence is searched only for the people one of whose words it holds: not
    # every person in every sentence, which would cost a long article its length squared.
    by_word: dict[str, list[str]] = {}
    for person in people:
        for word in {w for name_word in _capitalised(person) for w in _WORDS.findall(name_word)}:
            by_word.setdefault(word, []).append(person)
    for text in texts:
        maybe = {person for word in set(_WORDS.findall(text)) for person in by_word.get(word, [])}
        mentioned = sorted(
            (found.start(), person)
            for person in maybe
            if (found := mentions[person].search(text)) is not None
        )
        first = mentioned[0][0] if mentioned else None
        for where, person in mentioned:
            for word in _GENDERED_WORD.findall(_described_by(text, where)):
                votes[person][_WORD_GENDER[word.casefold()]] += 1
            if where != first or _PRONOUN.search(text, 0, where):
                continue  # "He met Lena Ortiz": the pronoun after her may well be his
            # The first pronoun after the sentence's first name, before anyone else
            # is named, is that person's ("Lena Ortiz, 40, who gave up her seat").
            # Not the next sentence's: that is the pronoun this module helps resolve.
            upto = min((w for w, _ in mentioned if w > where), default=len(text))
            pronoun = _own_pronoun(text, where, upto)
            if pronoun:
                votes[person][_PRONOUN_GENDER[pronoun.group().casefold()]] += 1
    return {
        person: gender
        for person, count in votes.items()
        for gender, times in count.most_common(1)
        if times >= CLEAR_MAJORITY * (count.total() - times)
    }


def could_be(pronoun: str, person: str, known: dict[str, str]) -> bool:
    """Whether "he" or "she" may stand for `person`, given the genders the article shows."""
    wanted = _PRONOUN_GENDER.get(pronoun.casefold())
    shown = gender_of(person, known)
    return wanted is None or shown is None or shown == wanted


def gender_of(person: str, known: dict[str, str]) -> str | None:
    """The gender the article shows for `person`, however long the name is written
    ("Lena Ortiz", "Mayor Lena Ortiz"); None if it shows none or both."""
    words = set(person.split())
    shown = {
        gender
        for name, gender in known.items()
        if words <= set(name.split()) or set(name.split()) <= words
    }
    return shown.pop() if len(shown) == 1 else None


def people_in(names: list[str]) -> list[str]:
    """The names of `names` that may be people's, each once; a pair ("Ana Ruiz and
    Rui Matos") is its two people."""
    singles = [single for name in names for single in name.split(" and ")]
    return [name for name in dict.fromkeys(singles) if " " in name and is_a_person(name, [])]


def _own_pronoun(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first pronoun in text[start:end] that is not someone else's kin ("her husband")."""
    for pronoun in _PRONOUN.finditer(text, start, end):
        if not _KIN_AFTER.match(text, pronoun.end()):
            return pronoun
    return None


def _capitalised(person: str) -> list[str]:
    return [w for w in person.split() if w[:1].isupper()]


def _mention_of(person: str) -> re.Pattern[str]:
    """The full name or any one of its capitalised words, as a whole word."""
    pattern = "|".join(re.escape(w) for w in [person, *_capitalised(person)])
    return re.compile(rf"\b(?:{pattern})\b")


def _described_by(text: str, where: int) -> str:
    """The words that describe a name at `where`: the few just before it, back to the
    last comma or preposition ("the actress", "Crown Prince"), and the apposition
    after it ("Lena Ortiz, fiancee of ...")."""
    before = _PHRASE_BREAK.split(text[:where])[-1].split()[-NEAR_WORDS:]
    rest = text[where:].split(",")
    after = rest[1] if len(rest) > 2 else ""
    return " ".join([*before, after])
