"""Speaker names as the guide wants them: the name alone, in full, with the role beside it."""

from __future__ import annotations

import re
from dataclasses import replace

from service.core.findings import Attribution

_WORD = re.compile(r"[^\W_]+")


def _name_tokens(name: str) -> set[str]:
    return set(_WORD.findall(name.casefold()))


_NAME_PARTICLES = frozenset(
    "de da del della der den van von bin ibn al el la le di du dos das of the and y".split()
)


def role_out_of_name(found: Attribution) -> Attribution:
    """Split "Russian Defence Ministry spokesman Igor Konashenkov" into role and name.

    Small models fold the title into the name; the guide wants the name alone.
    The name is the run of capitalised words after the last lowercase word.
    """
    words = found.speaker.split()
    lowercase = [
        i
        for i, word in enumerate(words)
        if word[:1].islower() and word.lower() not in _NAME_PARTICLES
    ]
    if not lowercase or lowercase[-1] >= len(words) - 1:
        return found
    cut = lowercase[-1] + 1
    # "officials of Valmora" or "officials in Ankara" is a group, not a title before a name.
    if words[cut].lower() in _NAME_PARTICLES or any(w.lower() in _GROUPS for w in words[:cut]):
        return found
    name = " ".join(words[cut:])
    role = found.speaker_role or " ".join(words[:cut]).strip(" ,")
    return replace(found, speaker=name, speaker_role=role)


_GROUPS = frozenset(
    "officials sources residents analysts police witnesses experts authorities people "
    "investigators prosecutors lawyers doctors diplomats members workers officers".split()
)
_HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame judge".split())


def full_names(names: list[str]) -> dict[str, str]:
    """Map "Konashenkov" to "Igor Konashenkov" when the article gave the full name."""
    mapping: dict[str, str] = {}
    for name in names:
        tokens = _name_tokens(name) - _HONORIFICS
        longer = [
            other
            for other in names
            if len(other) > len(name) and tokens and tokens <= _name_tokens(other)
        ]
        mapping[name] = max(longer, key=len) if longer else name
    return mapping


def known_roles(found: list[Attribution], full_names: dict[str, str]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for attribution in found:
        if attribution.speaker_role:
            roles.setdefault(full_names[attribution.speaker], attribution.speaker_role)
    return roles
