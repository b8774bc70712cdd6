"""Which language an article is written in: the rules and prompts read English only.

Detection is CLD2 (Chromium's compact language detector) through `pycld2`: one
self-contained wheel (C++, no runtime dependencies, no model to download), fast
enough to run on every article, and reliable on a single sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycld2

COVERED_LANGUAGES = frozenset({"en"})
"""ISO 639-1 codes of the languages the rules, word lists and prompts are written for."""

# CLD2 refuses C0/C1 control characters, lone surrogates and Unicode non-characters
# as "invalid UTF-8"; none of them carries language, so they are blanked first.
_UNREADABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


@dataclass(frozen=True)
class Language:
    """The article's main language, as CLD2 reads it."""

    code: str
    """ISO 639-1 code ("en", "de"), or CLD2's own code for a language without one."""
    name: str
    """CLD2's name for it, capitalised ("German")."""
    reliable: bool
    """CLD2's verdict: enough text, and one language clearly ahead."""

    @property
    def covered(self) -> bool:
        """Do the rules and prompts cover this language?"""
        return self.code in COVERED_LANGUAGES


def detect_language(text: str) -> Language | None:
    """The main language of `text`, or None where CLD2 finds none (numbers, symbols)."""
    try:
        reliable, _, found = pycld2.detect(_UNREADABLE.sub(" ", text))
    except pycld2.error:
        return None
    name, code, _, _ = found[0]
    if code == "un":
        return None
    return Language(code=code, name=name.capitalize(), reliable=bool(reliable))


def uncovered_language_warning(language: Language | None) -> str | None:
    """The meta.warnings entry for an article the rules cannot read, or None."""
    if language is None or language.covered or not language.reliable:
        return None
    return (
        f"The article is in {language.name} ({language.code}); the rules and prompts cover "
        "English only, so its claims, denials and statistics are likely missed."
    )
