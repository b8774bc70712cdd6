"""Completion of statistics: the numbers a sentence writes, when the model skipped them."""

from __future__ import annotations

import pytest

from service.core.findings import Figure
from service.core.span import Span
from service.rules.completion import completed_figures
from service.text.passages import split_sentences
from tests.support.findings import span_of


def figures(text: str, found: list[Figure] | None = None) -> list[Figure]:
    return completed_figures(split_sentences(text), found or [])


def model_figure(value: float, sentence: str, text: str, total: float | None = None) -> Figure:
    return Figure(
        value=value,
        unit=None,
        total=total,
        measure="what the model measured",
        source=None,
        evidence=span_of(sentence, text),
    )


ARDAN = "Kemal Ardan said the talks would continue."

# Figures


def test_number_in_digits_with_its_unit_and_measure() -> None:
    sentence = "Russia carried out 55 air strikes on Tuesday."
    text = f"{ARDAN} {sentence}"
    assert figures(text) == [
        Figure(
            value=55,
            unit="air strikes",
            total=None,
            measure="air strikes on Tuesday",
            source=None,
            evidence=span_of(sentence, text),
        )
    ]


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        pytest.param("About 1,200 people were displaced.", 1200, "people", id="thousands"),
        pytest.param("The convoy stopped 3.5 km from the border.", 3.5, "km", id="decimal"),
        pytest.param("Turnout fell to 38 per cent last year.", 38, "%", id="per-cent"),
        pytest.param("Prices rose 20 percent in a year.", 20, "%", id="percent"),
        pytest.param("Unemployment reached 12.5% in March.", 12.5, "%", id="percent-sign"),
        pytest.param("The club lost \u00a34.2 million last season.", 4_200_000, "GBP", id="GBP"),
        pytest.param("Brussels pledged \u20ac340 million in aid.", 340_000_000, "EUR", id="EUR"),
        pytest.param("The deal is worth $1.2 billion.", 1_200_000_000, "USD", id="USD"),
        pytest.param("She received a 5-year sentence.", 5, "year", id="duration"),
        pytest.param("Two soldiers were killed.", 2, None, id="word"),
        pytest.param("Rescuers pulled fifteen survivors out.", 15, None, id="teen-word"),
        pytest.param("Rescuers pulled fourteen survivors out.", 14, None, id="other-teen-word"),
        pytest.param("The strikes killed fifty-five people.", 55, None, id="hyphenated-words"),
        pytest.param("Some twenty-one people were hurt.", 21, None, id="twenty-one"),
        pytest.param("About two hundred people gathered.", 200, None, id="word-and-scale"),
        pytest.param("Some three thousand troops moved in.", 3000, None, id="word-thousand"),
        pytest.param("On Tuesday, 12 people were killed.", 12, "people", id="after-a-comma"),
    ],
)
def test_written_number_is_a_figure(sentence: str, value: float, unit: str | None) -> None:
    (added,) = figures(sentence)
    assert (added.value, added.unit, added.total) == (value, unit, None)
    assert added.evidence == Span(0, len(sentence))


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        pytest.param("The strikes killed 3 marines.", 3, id="word-starting-mar"),
        pytest.param("As many as 200 may have died.", 200, id="may-the-verb"),
        pytest.param("Exports declined 5 percent.", 5, id="word-containing-dec"),
        pytest.param("The primary 40 candidates stood.", 40, id="word-containing-mar"),
        pytest.param("Thousands march 10 km to Ankara.", 10, id="march-the-verb"),
    ],
)
def test_month_lookalike_words_do_not_make_a_date(sentence: str, value: float) -> None:
    assert [f.value for f in figures(sentence)] == [value]


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The war in Syria began in 2011.", id="year"),
        pytest.param("A 54-year-old man was arrested.", id="year-old"),
        pytest.param("The man was 54 years old.", id="years-old"),
        pytest.param("The victim, aged 54, was a teacher.", id="aged"),
        pytest.param("Kemal Ardan, 54, leads the party.", id="age-between-commas"),
        pytest.param("The strikes began on Oct. 1 in Homs.", id="month-day"),
        pytest.param("The talks were held on 1 October in Ankara.", id="day-month"),
        pytest.param("The talks were held on October 1 in Ankara.", id="full-month-day"),
        pytest.param("The attack began at 10:30 on Tuesday.", id="clock-time"),
        pytest.param("The convoy left at 10 a.m. on Tuesday.", id="a.m."),
        pytest.param("The convoy left at 3pm on Tuesday.", id="pm"),
        pytest.param("The jets took off at 1400 GMT on Tuesday.", id="GMT"),
        pytest.param("A VH-150 helicopter crashed in Homs.", id="identifier-VH-150"),
        pytest.param("Turkey shot down a MIG-29 jet.", id="identifier-MIG-29"),
        pytest.param("He lives at No. 10 in Ankara.", id="No."),
        pytest.param("It was the 57th attack in Homs.", id="ordinal"),
        pytest.param("The 2nd battalion moved in.", id="ordinal-nd"),
        pytest.param("Nothing was counted here.", id="no-number"),
    ],
)
def test_not_a_figure(sentence: str) -> None:
    assert figures(sentence) == []


def test_year_with_a_thousands_separator_is_a_count() -> None:
    (added,) = figures("The fund paid 2,015 families.")
    assert (added.value, added.unit) == (2015, "families")


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Sources said 55 out of 57 Russian air strikes hit rebels.", id="out-of"),
        pytest.param("Sources said 55 of 57 Russian air strikes hit rebels.", id="of"),
        pytest.param("Sources said 55 out of a total of 57 strikes hit rebels.", id="a-total-of"),
    ],
)
def test_part_of_a_whole_is_one_figure_with_a_total(sentence: str) -> None:
    (added,) = figures(sentence)
    assert (added.value, added.total, added.unit) == (55, 57, None)


def test_number_word_part_of_a_whole() -> None:
    (added,) = figures("Only two of the 57 strikes targeted DAESH.")
    assert (added.value, added.total) == (2, 57)


def test_numbers_the_model_took_are_not_added_anywhere_in_the_article() -> None:
    first = "Turkish military sources said 55 of 57 Russian air strikes hit moderate groups."
    second = "Only 55 strikes hit moderate groups, while 57 were flown and 2 hit DAESH."
    text = f"{first} {second}"
    found = [model_figure(55, first, text, total=57)]
    added = figures(text, found)
    assert [(f.value, f.evidence) for f in added] == [(2, span_of(second, text))]


def test_number_the_model_took_as_a_total_is_not_added() -> None:
    first = "Turkish military sources said 55 of 57 Russian air strikes hit moderate groups."
    second = "Russia flew 57 sorties in all."
    text = f"{first} {second}"
    assert figures(text, [model_figure(55, first, text, total=57)]) == []


def test_number_within_half_a_percent_of_a_model_value_is_taken() -> None:
    sentence = "The deal is worth $1.2 billion."
    assert figures(sentence, [model_figure(1_201_000_000, sentence, sentence)]) == []


def test_repeated_number_is_one_figure_at_its_first_mention() -> None:
    first = "Rescuers found 12 survivors on Monday."
    second = "The 12 survivors were taken to hospital."
    text = f"{first} {second}"
    assert [(f.value, f.evidence) for f in figures(text)] == [(12, span_of(first, text))]


def test_several_numbers_in_one_sentence_in_order() -> None:
    sentence = "The attack killed 12 people and wounded 40 others."
    added = figures(sentence)
    assert [(f.value, f.unit) for f in added] == [(12, "people"), (40, "others")]


def test_number_ending_the_sentence_has_a_placeholder_measure() -> None:
    (added,) = figures("The death toll rose to 40.")
    assert (added.unit, added.measure) == (None, "figure in the sentence")


def test_percent_ending_the_sentence_is_measured_by_its_unit() -> None:
    (added,) = figures("Turnout fell to 38 per cent.")
    assert (added.value, added.unit, added.measure) == (38, "%", "%")


# What LABELS.md leaves out of statistics, and how it counts a figure once


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The ferry Nordlys 214 ran aground off the cape.", id="number-in-a-name"),
        pytest.param("Traffic on Route 9 was halted for hours.", id="road-number"),
        pytest.param("The airline flies Avenir 310s on short routes.", id="plural-model"),
        pytest.param("Passengers on flight 4471 were delayed.", id="flight-number"),
        pytest.param("The clinic is open 24/7 for walk-ins.", id="slash-pair"),
        pytest.param("In the 2023/24 season the club lost money.", id="season"),
        pytest.param("She left school at age 15 to work.", id="at-age"),
        pytest.param("An eight-month-old girl was rescued.", id="month-old"),
        pytest.param("The guards, 31 and 47, were both charged.", id="two-ages"),
    ],
)
def test_identifiers_codes_and_ages_are_not_statistics(sentence: str) -> None:
    assert figures(sentence) == []


def test_a_range_is_one_figure_at_its_lower_bound() -> None:
    for sentence in (
        "Crews found between 30 and 45 hikers on the ridge.",
        "Crews found 30 to 45 hikers on the ridge.",
    ):
        assert [f.value for f in figures(sentence)] == [30]


def test_the_same_sum_in_another_currency_in_brackets_is_not_a_second_figure() -> None:
    signed = figures("The club was fined €50,000 (£43,000; US$54,000) for the fans' conduct.")
    worded = figures("The harbour cost 400 million kroner (36 million euros) to build.")
    assert [f.value for f in signed] == [50000]
    assert [f.value for f in worded] == [400_000_000]


def test_an_approximate_year_like_number_is_a_count() -> None:
    (added,) = figures("The chain closed roughly 1900 kiosks.")
    assert (added.value, added.unit) == (1900, "kiosks")


def test_one_with_a_scale_word_is_a_figure() -> None:
    (added,) = figures("The dam will cost one billion pesos over ten years.")[:1]
    assert added.value == 1_000_000_000


def test_digits_written_as_a_name_once_are_a_name_everywhere() -> None:
    text = "The Avenir 310 lost an engine. Later the 310 landed safely and 12 people were checked."
    assert [f.value for f in figures(text)] == [12]


def test_the_same_number_counting_different_things_is_two_figures() -> None:
    text = "Rescuers found 4 boats. Divers recovered 4 engines from the boats."
    assert [(f.value, f.unit) for f in figures(text)] == [(4, "boats"), (4, "engines")]
