"""The model benchmarks read llama.cpp's counters right, and speeds from their differences."""

from __future__ import annotations

import pytest

from benchmarks.model_service import ModelCounters, parse_counters

# The shape of llama.cpp's /metrics (Prometheus text), written for this test.
METRICS = """\
# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
# TYPE llamacpp:prompt_tokens_total counter
llamacpp:prompt_tokens_total 1200
# HELP llamacpp:prompt_seconds_total Prompt process time
# TYPE llamacpp:prompt_seconds_total counter
llamacpp:prompt_seconds_total 24.5
# HELP llamacpp:tokens_predicted_total Number of generation tokens processed.
# TYPE llamacpp:tokens_predicted_total counter
llamacpp:tokens_predicted_total 300
# HELP llamacpp:tokens_predicted_seconds_total Predict process time
# TYPE llamacpp:tokens_predicted_seconds_total counter
llamacpp:tokens_predicted_seconds_total 15
# HELP llamacpp:predicted_tokens_seconds Average generation throughput in tokens/s.
# TYPE llamacpp:predicted_tokens_seconds gauge
llamacpp:predicted_tokens_seconds 20
"""


def test_the_four_totals_are_read_by_name_and_gauges_are_ignored() -> None:
    assert parse_counters(METRICS) == ModelCounters(1200, 24.5, 300, 15)


def test_speeds_come_from_the_difference_between_two_readings() -> None:
    before = ModelCounters(1000, 20.0, 100, 10.0)
    after = parse_counters(METRICS)
    done = after.since(before)
    assert done.generation_per_s() == pytest.approx(200 / 5)
    assert done.prompt_per_s() == pytest.approx(200 / 4.5)


def test_no_time_spent_gives_no_speed_rather_than_a_division_by_zero() -> None:
    reading = ModelCounters(5, 1.0, 7, 2.0)
    assert reading.since(reading).generation_per_s() is None
    assert reading.since(reading).prompt_per_s() is None


def test_a_metrics_page_without_the_counters_is_an_error_not_zeros() -> None:
    with pytest.raises(KeyError):
        parse_counters("# nothing here\n")
