"""Scoring statistics: value tolerance, totals, and the reasons a figure misses."""

from __future__ import annotations

import pytest

from tests.support.scoring_records import Record, counts, score, stat


@pytest.mark.parametrize(
    ("gold_value", "predicted_value", "matched"),
    [
        pytest.param(1000, 1000.0, True, id="equal"),
        pytest.param(1000, 1004, True, id="0.4pct-above"),
        pytest.param(1000, 996, True, id="0.4pct-below"),
        pytest.param(1000, 1006, False, id="0.6pct-above"),
        pytest.param(1000, 994, False, id="0.6pct-below"),
        pytest.param(57, 57.2, True, id="57-vs-57.2"),
        pytest.param(57, 57.3, False, id="57-vs-57.3"),
        pytest.param(0, 0, True, id="zero"),
    ],
)
def test_statistic_value_tolerance(
    gold_value: float, predicted_value: float, matched: bool
) -> None:
    gold = {"statistics": [stat("s1", gold_value, 0, 30)]}
    result = score(gold, {"statistics": [stat("p1", predicted_value, 0, 30)]})
    assert counts(result, "statistics") == ((1, 0, 0) if matched else (0, 1, 1))


@pytest.mark.parametrize(
    ("gold_total", "predicted_total", "matched", "total_correct"),
    [
        pytest.param(57, 57, True, 1, id="equal"),
        pytest.param(57, 57.2, True, 1, id="within-tolerance"),
        pytest.param(57, 60, False, 0, id="disagree"),
        pytest.param(None, 57, True, 0, id="only-predicted"),
        pytest.param(57, None, True, 0, id="only-gold"),
        pytest.param(None, None, True, 1, id="neither"),
    ],
)
def test_statistic_totals(
    gold_total: float | None, predicted_total: float | None, matched: bool, total_correct: int
) -> None:
    gold = {"statistics": [stat("s1", 55, 0, 30, unit="air strikes", total=gold_total)]}
    pred = {"statistics": [stat("p1", 55, 0, 30, unit="air strikes", total=predicted_total)]}
    result = score(gold, pred)
    typed = result.types["statistics"]
    if matched:
        assert counts(result, "statistics") == (1, 0, 0)
        assert (typed.fields["total"].correct, typed.fields["total"].total) == (total_correct, 1)
    else:
        assert counts(result, "statistics") == (0, 1, 1)
        assert typed.misses == [
            "statistic 55 of 57 air strikes [s1]: "
            "prediction p1 overlaps but total 60 does not match 57"
        ]


@pytest.mark.parametrize(
    ("prediction", "miss", "false_positive"),
    [
        pytest.param(
            stat("p1", 3, 100, 120, unit="people"),
            "statistic 57 air strikes [s1]: no prediction with that value",
            "statistic 3 people [p1]: not in gold (no gold statistic overlaps)",
            id="no-value-no-overlap",
        ),
        pytest.param(
            stat("p1", 3, 10, 30, unit="people"),
            "statistic 57 air strikes [s1]: "
            "prediction p1 overlaps but value 3 is not within 0.5% of 57",
            "statistic 3 people [p1]: "
            "not in gold: overlaps gold s1 but value 3 is not within 0.5% of 57",
            id="overlap-wrong-value",
        ),
        pytest.param(
            stat("p1", 57, 100, 140, unit="strikes", text="57 strikes elsewhere"),
            "statistic 57 air strikes [s1]: no prediction overlaps its evidence; "
            'prediction p1 has that value but cites other text ("57 strikes elsewhere")',
            "statistic 57 strikes [p1]: not in gold (no gold statistic overlaps); "
            'gold s1 has that value at other text ("Turkish sources said 57 air strikes")',
            id="value-elsewhere",
        ),
    ],
)
def test_statistic_reasons(prediction: Record, miss: str, false_positive: str) -> None:
    gold = {
        "statistics": [
            stat("s1", 57, 0, 40, unit="air strikes", text="Turkish sources said 57 air strikes")
        ]
    }
    result = score(gold, {"statistics": [prediction]})
    assert result.types["statistics"].misses == [miss]
    assert result.types["statistics"].false_positives == [false_positive]


def test_repeated_value_already_paired_elsewhere_is_named() -> None:
    gold = {"statistics": [stat("s1", 2, 0, 20), stat("s2", 2, 100, 120)]}
    result = score(gold, {"statistics": [stat("p1", 2, 100, 120)]})
    assert result.types["statistics"].pairs == [("s2", "p1")]
    assert result.types["statistics"].misses == [
        "statistic 2 [s1]: no prediction overlaps its evidence; "
        "prediction p1 has that value but is paired with gold s2"
    ]
