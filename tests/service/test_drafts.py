"""Validating what the model returns before grounding: numbers, sentence numbers, required text."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from service.model.drafts import (
    AttributionDraft,
    Attributions,
    FigureDraft,
    Figures,
    PassageRecords,
    StatisticDraft,
    as_number,
)

PASSAGE = {"sentence_numbers": {3, 4, 5}}


def statistic(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "value": 55,
        "unit": "air strikes",
        "total": 57,
        "measure": "Russian air strikes against moderate groups",
        "source": None,
        "evidence": "Turkish sources said 55 of 57 air strikes hit moderate groups.",
    }
    return record | changes


def figure(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "sentence": 4,
        "value": 55,
        "unit": "air strikes",
        "total": None,
        "measure": "Russian air strikes against moderate groups",
        "source": None,
    }
    return record | changes


def attribution(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "sentence": 3,
        "kind": "claim",
        "speaker": "Pavel Oranov",
        "speaker_role": "spokesman",
        "statement": "Turkey proposed a working group.",
    }
    return record | changes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("1.2 billion", 1_200_000_000, id="scale-word"),
        pytest.param("fifty-five", 55, id="words"),
        pytest.param("12,400", 12_400, id="separator-string"),
        pytest.param("55%", 55, id="percent-string"),
        pytest.param("6.1", 6.1, id="decimal-string"),
        pytest.param(6.1, 6.1, id="float"),
        pytest.param(55.0, 55, id="whole-float"),
        pytest.param(12400, 12_400, id="int"),
    ],
)
def test_values_become_numbers(value: Any, expected: float) -> None:
    for model in (
        StatisticDraft.model_validate(statistic(value=value)),
        FigureDraft.model_validate(figure(value=value)),
    ):
        assert model.value == expected
        assert not isinstance(model.value, str)


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        pytest.param("57", 57, id="string"),
        pytest.param("fifty-seven", 57, id="words"),
        pytest.param(57, 57, id="int"),
        pytest.param(None, None, id="null"),
        pytest.param("", None, id="empty-string"),
        pytest.param("  ", None, id="blank-string"),
    ],
)
def test_totals_become_numbers_or_null(total: Any, expected: float | None) -> None:
    assert StatisticDraft.model_validate(statistic(total=total)).total == expected
    assert FigureDraft.model_validate(figure(total=total)).total == expected


def test_total_may_be_omitted() -> None:
    record = statistic()
    del record["total"]
    assert StatisticDraft.model_validate(record).total is None


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("", id="empty"),
        pytest.param("n/a", id="n-a"),
        pytest.param("unknown", id="unknown"),
        pytest.param("several", id="vague"),
        pytest.param("I'm not sure", id="prose"),
        pytest.param(None, id="null"),
    ],
)
def test_invalid_values_are_rejected(value: Any) -> None:
    with pytest.raises(ValidationError):
        StatisticDraft.model_validate(statistic(value=value))
    with pytest.raises(ValidationError):
        FigureDraft.model_validate(figure(value=value))


def test_invalid_value_message_asks_for_digits() -> None:
    with pytest.raises(ValidationError) as caught:
        StatisticDraft.model_validate(statistic(value="unknown"))
    assert "'unknown' is not a number; write it in digits" in str(caught.value)


def test_invalid_total_is_rejected() -> None:
    with pytest.raises(ValidationError):
        StatisticDraft.model_validate(statistic(total="most of them"))


@pytest.mark.parametrize(
    ("model", "record", "field"),
    [
        pytest.param(StatisticDraft, statistic(measure=""), "measure", id="statistic-measure"),
        pytest.param(StatisticDraft, statistic(evidence=""), "evidence", id="statistic-evidence"),
        pytest.param(FigureDraft, figure(measure=""), "measure", id="figure-measure"),
        pytest.param(AttributionDraft, attribution(speaker=""), "speaker", id="speaker"),
        pytest.param(AttributionDraft, attribution(statement=""), "statement", id="statement"),
        pytest.param(AttributionDraft, attribution(kind="opinion"), "kind", id="kind"),
    ],
)
def test_required_text_and_kinds(model: Any, record: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(record)
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]


@pytest.mark.parametrize("sentence", [3, 4, 5])
def test_sentence_inside_the_passage_is_accepted(sentence: int) -> None:
    claim = AttributionDraft.model_validate(attribution(sentence=sentence), context=PASSAGE)
    statistic = FigureDraft.model_validate(figure(sentence=sentence), context=PASSAGE)
    assert (claim.sentence, statistic.sentence) == (sentence, sentence)


@pytest.mark.parametrize(
    "sentence",
    [pytest.param(2, id="before"), pytest.param(6, id="after"), pytest.param(0, id="zero")],
)
def test_sentence_outside_the_passage_is_rejected(sentence: int) -> None:
    for model, record in ((AttributionDraft, attribution), (FigureDraft, figure)):
        with pytest.raises(ValidationError) as caught:
            model.model_validate(record(sentence=sentence), context=PASSAGE)
        assert f"sentence {sentence} is not in this passage; use 3 to 5" in str(caught.value)


def test_sentence_check_reaches_nested_records() -> None:
    good, bad = attribution(sentence=3), attribution(sentence=9)
    with pytest.raises(ValidationError) as caught:
        Attributions.model_validate({"records": [good, bad]}, context=PASSAGE)
    assert [error["loc"] for error in caught.value.errors()] == [("records", 1, "sentence")]
    with pytest.raises(ValidationError):
        Figures.model_validate({"statistics": [figure(sentence=1)]}, context=PASSAGE)


def test_sentence_check_from_json() -> None:
    payload = '{"statistics": [{"sentence": 7, "value": "12,400", "measure": "jobs"}]}'
    with pytest.raises(ValidationError):
        Figures.model_validate_json(payload, context=PASSAGE)
    parsed = Figures.model_validate_json(payload.replace("7", "5"), context=PASSAGE)
    assert (parsed.statistics[0].sentence, parsed.statistics[0].value) == (5, 12_400)


def test_without_context_any_sentence_number_is_accepted() -> None:
    assert AttributionDraft.model_validate(attribution(sentence=99)).sentence == 99
    assert FigureDraft.model_validate(figure(sentence=99)).sentence == 99


def test_lists_default_to_empty() -> None:
    assert PassageRecords.model_validate({}).model_dump() == {
        "claims": [],
        "denials": [],
        "statistics": [],
    }
    assert Attributions.model_validate({}).records == []
    assert Figures.model_validate({}).statistics == []


def test_as_number() -> None:
    assert as_number(12) == 12
    assert as_number(6.1) == 6.1
    with pytest.raises(TypeError):
        as_number("12")
