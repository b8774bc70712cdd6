"""Reading a figure's unit off the words written next to it."""

from __future__ import annotations

import pytest

from service.text.units import unit_near


@pytest.mark.parametrize(
    ("value", "sentence", "unit"),
    [
        pytest.param(55, "Russia carried out 55 air strikes on Tuesday.", "air strikes", id="noun"),
        pytest.param(
            1200, "About 1,200 people were displaced.", "people", id="thousands-separator"
        ),
        pytest.param(3, "The convoy stopped 3 km from the border.", "km", id="abbreviation"),
        pytest.param(38, "Turnout fell to 38 per cent.", "%", id="per-cent"),
        pytest.param(20, "Prices rose 20 percent in a year.", "%", id="percent"),
        pytest.param(12.5, "Unemployment reached 12.5% in March.", "%", id="percent-sign"),
        pytest.param(7, "Support dropped by 7 % overall.", "%", id="spaced-percent-sign"),
        pytest.param(4_200_000, "The club lost \u00a34.2 million last season.", "GBP", id="pound"),
        pytest.param(340_000_000, "Brussels pledged \u20ac340 million in aid.", "EUR", id="euro"),
        pytest.param(1_200_000_000, "The deal is worth $1.2 billion.", "USD", id="dollar"),
        pytest.param(
            48_000_000, "The stadium cost \u00a348m to build.", "GBP", id="abbreviated-scale"
        ),
        pytest.param(300, "He was fined 300 dollars.", "USD", id="currency-word"),
        pytest.param(5_000_000, "The fund holds 5 million euros.", "EUR", id="scale-then-currency"),
        pytest.param(5, "She received a 5-year sentence.", "year", id="hyphenated-duration"),
    ],
)
def test_unit_written_next_to_the_value(value: float, sentence: str, unit: str) -> None:
    assert unit_near(value, sentence) == unit


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        pytest.param(60, "Russia carried out 55 air strikes on Tuesday.", id="value-not-written"),
        pytest.param(4.2, "The club lost \u00a34.2 million last season.", id="unscaled-value"),
        pytest.param(40, "The death toll rose to 40.", id="nothing-after"),
        pytest.param(55, "Of 57 strikes, 55 of them hit rebels.", id="stopword-after"),
        pytest.param(12, "Officials counted 12 Russian jets.", id="capitalised-word-after"),
        pytest.param(3, "Three air strikes hit the town.", id="number-in-words"),
        pytest.param(7, "Nothing here is counted.", id="no-number"),
    ],
)
def test_no_unit(value: float, sentence: str) -> None:
    assert unit_near(value, sentence) is None


def test_unit_is_at_most_two_words() -> None:
    assert unit_near(9, "Crews found 9 survivors trapped underground.") == "survivors trapped"


def test_unit_stops_at_a_stopword() -> None:
    assert unit_near(10, "Some 10 soldiers were wounded.") == "soldiers"


def test_the_mention_with_the_value_wins_over_earlier_numbers() -> None:
    sentence = "Of the 57 air strikes, 55 targets were moderate groups."
    assert unit_near(57, sentence) == "air strikes"
    assert unit_near(55, sentence) == "targets"


def test_value_within_half_a_percent_matches() -> None:
    assert unit_near(1_201_000_000, "The deal is worth $1.2 billion.") == "USD"
    assert unit_near(1_300_000_000, "The deal is worth $1.2 billion.") is None
