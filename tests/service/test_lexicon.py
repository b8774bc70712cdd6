"""The word lists' derived variants stay what their comments say they are."""

from __future__ import annotations

import re

from service.text.lexicon import COMMUNICATION_VERBS, PLURAL_REPORTING_VERBS
from service.text.number_words import FIRST_YEAR, LAST_YEAR, NUMBER_WORDS_FOR_FIGURES, YEAR_DIGITS
from service.text.numbers import parse_number


def test_year_digits_match_exactly_the_year_range() -> None:
    pattern = re.compile(rf"^{YEAR_DIGITS}$")
    read_as_years = {n for n in range(1000, 10_000) if pattern.match(str(n))}
    assert read_as_years == set(range(FIRST_YEAR, LAST_YEAR + 1))


def test_plural_reporting_verbs_are_verbs_of_communication() -> None:
    assert set(PLURAL_REPORTING_VERBS.split("|")) <= COMMUNICATION_VERBS


def test_number_words_for_figures_start_at_two() -> None:
    values = [parse_number(word) for word in NUMBER_WORDS_FOR_FIGURES.split("|")]
    assert all(value is not None and value >= 2 for value in values)
