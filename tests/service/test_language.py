"""Language detection: short texts in German, French and English are told apart."""

from __future__ import annotations

import pytest

from service.text.language import detect_language, uncovered_language_warning

# Written for these tests: one short news-like paragraph per language.
GERMAN = (
    "Die Bürgermeisterin sagte am Dienstag, die neue Brücke werde im Frühjahr eröffnet. "
    "Der Bauunternehmer bestritt, mehr Geld von der Stadt verlangt zu haben."
)
FRENCH = (
    "La maire a déclaré mardi que le nouveau pont ouvrirait au printemps. "
    "L'entreprise a nié avoir demandé davantage d'argent à la ville."
)
ENGLISH = (
    "The mayor said on Tuesday that the new bridge would open in the spring. "
    "The builder denied that it had asked the city for more money."
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [(GERMAN, "de", "German"), (FRENCH, "fr", "French"), (ENGLISH, "en", "English")],
)
def test_short_articles_are_told_apart_by_language(text: str, code: str, name: str) -> None:
    language = detect_language(text)
    assert language is not None
    assert (language.code, language.name, language.reliable) == (code, name, True)


def test_only_an_uncovered_language_is_warned_about() -> None:
    assert uncovered_language_warning(detect_language(ENGLISH)) is None
    warning = uncovered_language_warning(detect_language(GERMAN))
    assert warning is not None
    assert "German (de)" in warning
    assert "English only" in warning


def test_text_without_words_has_no_language_and_no_warning() -> None:
    assert detect_language("12 34 56 -- 7.5 %") is None
    assert uncovered_language_warning(None) is None


def test_characters_the_detector_refuses_are_read_past() -> None:
    # C0/C1 controls and a lone surrogate make CLD2 itself raise "invalid UTF-8".
    language = detect_language(f"\x00{GERMAN}\x85\udce9")
    assert language is not None
    assert language.code == "de"

