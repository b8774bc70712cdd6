"""Speaker names as the guide wants them: the name alone, in full, with the role beside it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from service.core.findings import Attribution
from service.rules.names import names_in
from service.text.lexicon import (
    CAPITALISED_WITHOUT_STOPS,
    GROUP_NOUNS,
    HONORIFICS,
    NAME_PARTICLES,
    NAME_PARTICLES_BETWEEN_CAPITALS,
)

_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _name_tokens(name: str) -> set[str]:
    return set(_WORD.findall(name.casefold()))


def role_out_of_name(found: Attribution) -> Attribution:
    """Split "Harbour Authority spokeswoman Lena Ortiz" into role and name.

    Small models fold the title into the name; the guide wants the name alone.
    The name is the run of capitalised words after the last lowercase word.
    """
    words = found.speaker.split()
    lowercase = [
        i
        for i, word in enumerate(words)
        if word[:1].islower() and word.lower() not in NAME_PARTICLES
    ]
    if not lowercase or lowercase[-1] >= len(words) - 1:
        return found
    cut = lowercase[-1] + 1
    # "officials of Tarvel" or "officials in Brno" is a group, not a title before a name.
    if words[cut].lower() in NAME_PARTICLES or any(w.lower() in GROUP_NOUNS for w in words[:cut]):
        return found
    name = " ".join(words[cut:])
    role = found.speaker_role or " ".join(words[:cut]).strip(" ,")
    return replace(found, speaker=name, speaker_role=role)


def full_names(names: list[str], article_names: Sequence[str] = ()) -> dict[str, str]:
    """Map "Ortiz" to "Lena Ortiz" when the article gave the full name.

    A longer speaker name wins; failing that, a surname alone ("Ortiz", "Mme
    Ortiz") takes the shortest name the article writes that ends with it.
    """
    mapping: dict[str, str] = {}
    for name in names:
        tokens = _name_tokens(name) - HONORIFICS
        # "Ana Ruiz and Rui Matos" is two people, not a longer name for either.
        longer = [
            other
            for other in names
            if len(other) > len(name)
            and " and " not in other
            # "Ortiz's foundation" is what she owns, not a longer name for her.
            and not _POSSESSIVE.search(other)
            and tokens
            and tokens < _name_tokens(other) - HONORIFICS
        ]
        mapping[name] = max(longer, key=len) if longer else _surname_owner(name, article_names)
    return mapping


def _surname_owner(name: str, article_names: Sequence[str]) -> str:
    surname = [t for t in _WORD.findall(name.casefold()) if t not in HONORIFICS]
    if len(surname) != 1:
        return name
    owners = [
        other
        for other in article_names
        if len(set(_WORD.findall(other.casefold())) - HONORIFICS) > 1
        and " and " not in other
        and _WORD.findall(other.casefold())[-1] == surname[0]
    ]
    return min(owners, key=len) if owners else name


_NAME = (
    rf"{CAPITALISED_WITHOUT_STOPS}"
    rf"(?:\s+(?:(?:{NAME_PARTICLES_BETWEEN_CAPITALS})\s+)?{CAPITALISED_WITHOUT_STOPS})+"
)
# "Deputy Governor Ada Brandt" or "the former governor" does not hold the title "governor".
_LESSER = r"deputy|vice|former|assistant"
_NOT_AFTER_LESSER = "".join(rf"(?<!\b{w}\s)(?<!\b{w.title()}\s)" for w in _LESSER.split("|"))
ROLE_WORDS = 4
"""A speaker of more words than this is a description, not a title to look up."""


def person_holding(role: str, text: str) -> str | None:
    """The one person the article names with the title `role`, if it names exactly one.

    A small model may answer "governor" where the article names the governor
    elsewhere ("Regional governor Ada Brandt", "Ada Brandt, the governor"); the
    guide wants the person. Plural or group roles ("officials") name no one.
    """
    words = role.split()
    if (
        not words
        or len(words) > ROLE_WORDS
        or any(word[:1].isupper() for word in words)
        or words[-1].casefold() in GROUP_NOUNS
    ):
        return None
    title = r"\s+".join(re.escape(word) for word in words)
    written = re.compile(
        rf"{_NOT_AFTER_LESSER}(?i:\b{title})\s+(?P<after>{_NAME})"
        rf"|(?P<before>{_NAME}),\s+(?:(?i:the|an?)\s+)?"
        rf"(?:(?!(?i:{_LESSER})\b)[\w'\u2019-]+\s+){{0,3}}(?i:{title})\b"
    )
    people = {
        person
        for match in written.finditer(text)
        for person in [match["after"] or match["before"]]
        if person in names_in(person)
    }
    return people.pop() if len(people) == 1 else None


def known_roles(found: list[Attribution], full_names: dict[str, str]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for attribution in found:
        if attribution.speaker_role:
            roles.setdefault(full_names[attribution.speaker], attribution.speaker_role)
    return roles
