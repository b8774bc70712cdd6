"""Reading numbers written in digits, scale words and English words."""

from __future__ import annotations

import pytest

from service.text.numbers import is_mentioned, mentioned_numbers, parse_number


@pytest.mark.parametrize(
    ("rendering", "expected"),
    [
        pytest.param("55", 55, id="digits"),
        pytest.param("12,400", 12400, id="thousands-separator"),
        pytest.param("1,234,567", 1234567, id="two-separators"),
        pytest.param("6.1", 6.1, id="decimal"),
        pytest.param(".5", 0.5, id="leading-point"),
        pytest.param("-3.5", -3.5, id="negative"),
        pytest.param("\u22124", -4, id="unicode-minus"),
        pytest.param("55%", 55, id="percent"),
        pytest.param("  57 air strikes ", 57, id="with-unit-and-spaces"),
        pytest.param("55 out of 57", 55, id="first-number-wins"),
        pytest.param("1.2 billion", 1_200_000_000, id="billion"),
        pytest.param("\u20ac48 million", 48_000_000, id="currency-million"),
        pytest.param("$1.5bn", 1_500_000_000, id="bn"),
        pytest.param("2.5m", 2_500_000, id="m-suffix"),
        pytest.param("48 mn", 48_000_000, id="mn"),
        pytest.param("3k", 3000, id="k"),
        pytest.param("2 trillion", 2_000_000_000_000, id="trillion"),
        pytest.param("2 dozen", 24, id="digit-dozen"),
        pytest.param("Three", 3, id="word"),
        pytest.param("fifty-five", 55, id="hyphenated-words"),
        pytest.param("twenty one", 21, id="spaced-words"),
        pytest.param("two hundred", 200, id="hundred"),
        pytest.param("two hundred and fifty thousand", 250_000, id="hundred-and-thousand"),
        pytest.param("one million two hundred thousand", 1_200_000, id="million-and-thousands"),
        pytest.param("a dozen", 12, id="a-dozen"),
        pytest.param("a million", 1_000_000, id="a-million"),
        pytest.param("hundred", 100, id="bare-scale-word"),
        pytest.param("single", 1, id="single"),
        pytest.param("zero", 0, id="zero-is-a-number"),
        pytest.param("ten thousand people", 10_000, id="words-then-unit"),
        pytest.param("about fourteen people", 14, id="leading-non-number-word"),
        pytest.param(55, 55, id="int"),
        pytest.param(6.1, 6.1, id="float"),
    ],
)
def test_parse_number(rendering: str | float, expected: float) -> None:
    assert parse_number(rendering) == expected


@pytest.mark.parametrize(
    "rendering",
    [
        pytest.param("55", id="digits"),
        pytest.param("1.2 billion", id="scaled-decimal"),
        pytest.param(55.0, id="whole-float"),
        pytest.param("fifty-five", id="words"),
    ],
)
def test_whole_numbers_come_back_as_int(rendering: str | float) -> None:
    assert type(parse_number(rendering)) is int


@pytest.mark.parametrize(
    "rendering",
    [
        pytest.param("", id="empty"),
        pytest.param("n/a", id="n-a"),
        pytest.param("unknown", id="unknown"),
        pytest.param("several", id="vague"),
        pytest.param("I'm not sure", id="m-of-im-is-not-a-million"),
        pytest.param("plan b", id="b-alone-is-not-a-billion"),
        pytest.param(True, id="bool"),
    ],
)
def test_parse_number_none(rendering: str | bool) -> None:
    assert parse_number(rendering) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Turkish sources said 55 of 57 air strikes hit moderate groups.",
            [55, 57],
            id="two-numbers-in-order",
        ),
        pytest.param("The bridge cost \u20ac48 million.", [48_000_000], id="scaled"),
        pytest.param("Some 12,400 people found work.", [12_400], id="separator"),
        pytest.param("The rate fell to 6.1% from 6.4%.", [6.1, 6.4], id="percentages"),
        pytest.param("Fourteen people died.", [14], id="teen-word-not-its-prefix"),
        pytest.param("Sixty-five were hurt.", [65], id="compound-not-split"),
        pytest.param("Seventy homes and eighteen schools", [70, 18], id="two-word-numbers"),
        pytest.param("two hundred and fifty thousand", [250_000], id="long-words"),
        pytest.param("a dozen survivors", [12], id="a-dozen"),
        pytest.param("They tend to agree in Tennessee.", [], id="no-number-inside-words"),
        pytest.param("I'm sure that an answer will come.", [], id="articles-alone"),
        pytest.param("No figures were given.", [], id="none"),
    ],
)
def test_mentioned_numbers(text: str, expected: list[float]) -> None:
    assert mentioned_numbers(text) == expected


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        pytest.param(55, "55 of 57 air strikes", True, id="first"),
        pytest.param(57, "55 of 57 air strikes", True, id="second"),
        pytest.param(56, "55 of 57 air strikes", False, id="between"),
        pytest.param(1_200_000_000, "a 1.2 billion loan", True, id="scaled"),
        pytest.param(1_195_000_000, "a 1.2 billion loan", True, id="within-half-percent"),
        pytest.param(1_190_000_000, "a 1.2 billion loan", False, id="beyond-half-percent"),
        pytest.param(14, "Fourteen people died.", True, id="word"),
        pytest.param(4, "Fourteen people died.", False, id="prefix-of-word"),
        pytest.param(10, "They tend to agree.", False, id="ten-inside-tend"),
        pytest.param(1_000_000, "I'm sure.", False, id="m-inside-im"),
        pytest.param(0, "There were zero casualties.", True, id="zero"),
        pytest.param(6.1, "unemployment fell to 6.1%", True, id="decimal"),
        pytest.param(3, "", False, id="empty-text"),
    ],
)
def test_is_mentioned(value: float, text: str, expected: bool) -> None:
    assert is_mentioned(value, text) is expected


def test_is_mentioned_tolerance_is_configurable() -> None:
    # 100.4 is 0.4% away from 100: inside the default 0.5%, outside an exact match.
    assert is_mentioned(100.4, "100 people")
    assert not is_mentioned(100.4, "100 people", tolerance=0.0)
