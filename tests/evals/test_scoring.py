"""Scoring on small hand-made record sets whose outcomes were worked out by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest

from evals.equivalence import names_match
from evals.explain import clip
from evals.fields import agrees
from evals.matching import assign
from evals.scoring import CaseScore, Counts, score_case, summarise

Record = dict[str, Any]


def evidence(start: int, end: int, text: str | None = None) -> dict[str, Any]:
    return {"text": text if text is not None else "x" * (end - start), "start": start, "end": end}


def claim(
    rid: str,
    name: str | None,
    start: int,
    end: int,
    *,
    statement: str = "It happened.",
    **extra: Any,
) -> Record:
    return {
        "id": rid,
        "speaker": {"name": name, "role": extra.pop("role", None)},
        "statement": statement,
        "quote": extra.pop("quote", None),
        "date": extra.pop("date", None),
        "evidence": evidence(start, end, extra.pop("text", None)),
        **extra,
    }


def denial(rid: str, name: str, start: int, end: int, rebuts: str | None = None) -> Record:
    record = claim(rid, name, start, end)
    del record["statement"]
    return {**record, "denied": "It happened.", "rebuts": rebuts}


def stat(
    rid: str, value: float, start: int, end: int, *, unit: str | None = None, **extra: Any
) -> Record:
    return {
        "id": rid,
        "value": value,
        "unit": unit,
        "total": extra.pop("total", None),
        "measure": "something counted",
        "source": extra.pop("source", None),
        "date": extra.pop("date", None),
        "evidence": evidence(start, end, extra.pop("text", None)),
    }


def score(gold: dict[str, list[Record]], predicted: dict[str, Any]) -> CaseScore:
    return score_case("case", gold, predicted)


def counts(result: CaseScore, kind: str) -> tuple[int, int, int]:
    c = result.types[kind].counts
    return (c.tp, c.fp, c.fn)


def test_exact_match_is_one_true_positive() -> None:
    gold = {"claims": [claim("c1", "Igor Konashenkov", 0, 50)]}
    result = score(gold, {"claims": [claim("p1", "Igor Konashenkov", 0, 50)]})
    assert counts(result, "claims") == (1, 0, 0)
    assert result.types["claims"].pairs == [("c1", "p1")]
    assert result.types["claims"].misses == []
    assert result.types["claims"].false_positives == []
    assert result.micro.f1 == 1.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("Davutoglu", "Ahmet Davutoglu", True, id="surname-only"),
        pytest.param("AHMET DAVUTOGLU", "ahmet davutoglu", True, id="case"),
        pytest.param("Ahmet Davutoğlu", "Ahmet Davutoglu", True, id="diacritics"),
        pytest.param("Tanju Bilg\u0131\u00e7", "Tanju Bilgic", True, id="dotless-i"),
        pytest.param("Davutoglu, Ahmet", "Ahmet Davutoglu", True, id="punctuation-and-order"),
        pytest.param(
            "NDRRMC",
            "National Disaster Risk Reduction and Management Council (NDRRMC)",
            True,
            id="acronym-in-parentheses",
        ),
        pytest.param("Russia", "Igor Konashenkov", False, id="different-speaker"),
        pytest.param("Mehmet Davutoglu", "Ahmet Davutoglu", False, id="same-surname-other-name"),
        pytest.param(None, "Ahmet Davutoglu", False, id="null"),
        pytest.param("", "", False, id="both-empty"),
        pytest.param("--", "--", False, id="punctuation-only"),
    ],
)
def test_names_match(a: str | None, b: str | None, expected: bool) -> None:
    assert names_match(a, b) is expected
    assert names_match(b, a) is expected


def test_speaker_alias_matches_in_scoring() -> None:
    gold = {"claims": [claim("c1", "Ahmet Davutoglu", 10, 60)]}
    result = score(gold, {"claims": [claim("p1", "davutoglu", 20, 70)]})
    assert counts(result, "claims") == (1, 0, 0)


def test_overlap_with_wrong_speaker_explains_both_sides() -> None:
    statement = "Turkey proposed a working group with Russia."
    gold = {"claims": [claim("c1", "Igor Konashenkov", 100, 200, statement=statement)]}
    pred = {"claims": [claim("p1", "Russia", 150, 250, statement="Turkey wanted a group.")]}
    result = score(gold, pred)
    assert counts(result, "claims") == (0, 1, 1)
    assert result.types["claims"].misses == [
        f'claim by Igor Konashenkov ("{statement}") [c1]: prediction p1 overlaps but '
        'speaker "Russia" does not match "Igor Konashenkov"'
    ]
    assert result.types["claims"].false_positives == [
        'claim by Russia ("Turkey wanted a group.") [p1]: not in gold: overlaps gold c1 but '
        'speaker "Russia" does not match "Igor Konashenkov"'
    ]


def test_missing_speaker_never_matches() -> None:
    result = score(
        {"claims": [claim("c1", "Tanju Bilgic", 0, 50)]}, {"claims": [claim("p1", None, 0, 50)]}
    )
    assert counts(result, "claims") == (0, 1, 1)
    assert (
        result.types["claims"]
        .misses[0]
        .endswith("prediction p1 overlaps but its speaker is missing")
    )


def test_right_speaker_with_touching_evidence_does_not_overlap() -> None:
    gold = {"claims": [claim("c1", "Tanju Bilgic", 0, 50, text="Bilgic said no talk was held.")]}
    pred = {"claims": [claim("p1", "Tanju Bilgic", 50, 100, text="Bilgic spoke on Wednesday.")]}
    result = score(gold, pred)
    assert counts(result, "claims") == (0, 1, 1)
    assert result.types["claims"].misses == [
        'claim by Tanju Bilgic ("It happened.") [c1]: no prediction overlaps its evidence; '
        'prediction p1 names the same speaker but cites other text ("Bilgic spoke on Wednesday.")'
    ]
    assert result.types["claims"].false_positives == [
        'claim by Tanju Bilgic ("It happened.") [p1]: not in gold (no gold claim overlaps); '
        'gold c1 names the same speaker at other text ("Bilgic said no talk was held.")'
    ]


def test_claim_with_nothing_near_says_so() -> None:
    result = score({"claims": [claim("c1", "Tanju Bilgic", 0, 50)]}, {})
    assert result.types["claims"].misses == [
        'claim by Tanju Bilgic ("It happened.") [c1]: no prediction overlaps its evidence'
    ]


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


def test_two_predictions_for_one_gold_are_one_hit_and_one_duplicate() -> None:
    gold = {"claims": [claim("c1", "Igor Konashenkov", 0, 50)]}
    pred = {"claims": [claim("p1", "Igor Konashenkov", 0, 50), claim("p2", "Konashenkov", 0, 40)]}
    result = score(gold, pred)
    assert counts(result, "claims") == (1, 1, 0)
    assert result.types["claims"].pairs == [("c1", "p1")]
    assert result.types["claims"].false_positives == [
        'claim by Konashenkov ("It happened.") [p2]: duplicate: gold c1 is already matched '
        "to prediction p1"
    ]


def test_miss_whose_only_candidate_was_taken_names_the_winner() -> None:
    gold = {"claims": [claim("c1", "Sara Amundson", 0, 50), claim("c2", "Amundson", 0, 60)]}
    result = score(gold, {"claims": [claim("p1", "Sara Amundson", 0, 50)]})
    assert counts(result, "claims") == (1, 0, 1)
    assert result.types["claims"].misses == [
        'claim by Amundson ("It happened.") [c2]: '
        "its matching prediction p1 was paired with gold c1"
    ]


def test_claim_predicted_as_denial_is_named_on_both_sides() -> None:
    gold = {"claims": [claim("c1", "Tanju Bilgic", 0, 80)]}
    result = score(gold, {"denials": [denial("d1", "Tanju Bilgic", 0, 80)]})
    assert counts(result, "claims") == (0, 0, 1)
    assert counts(result, "denials") == (0, 1, 0)
    assert result.types["claims"].misses == [
        'claim by Tanju Bilgic ("It happened.") [c1]: predicted as a denial instead (d1)'
    ]
    assert result.types["denials"].false_positives == [
        'denial by Tanju Bilgic ("It happened.") [d1]: not in gold: gold labels it a claim (c1)'
    ]


@pytest.mark.parametrize(
    ("gold", "predicted", "expected", "rates"),
    [
        pytest.param([], [], (0, 0, 0), (1.0, 1.0, 1.0), id="empty-gold-empty-prediction"),
        pytest.param(
            [],
            [claim("p1", "A", 0, 10), claim("p2", "B", 20, 30)],
            (0, 2, 0),
            (0.0, 1.0, 0.0),
            id="empty-gold-with-predictions",
        ),
        pytest.param(
            [claim("c1", "A", 0, 10), claim("c2", "B", 20, 30)],
            [],
            (0, 0, 2),
            (1.0, 0.0, 0.0),
            id="gold-with-empty-prediction",
        ),
    ],
)
def test_empty_sets(
    gold: list[Record],
    predicted: list[Record],
    expected: tuple[int, int, int],
    rates: tuple[float, float, float],
) -> None:
    result = score({"claims": gold}, {"claims": predicted})
    assert counts(result, "claims") == expected
    micro = result.micro
    assert (micro.precision, micro.recall, micro.f1) == rates


def test_missing_types_in_prediction_count_as_empty() -> None:
    result = score({"statistics": [stat("s1", 5, 0, 10)]}, {"meta": {"llm_calls": 1}})
    assert counts(result, "statistics") == (0, 0, 1)
    assert counts(result, "claims") == (0, 0, 0)


def test_maximum_matching_beats_greedy_overlap() -> None:
    # Greedy by overlap pairs A with X (overlap 1.0) and strands B; the optimum is A-Y, B-X.
    gold = {"claims": [claim("A", "Smith", 0, 100), claim("B", "Smith", 0, 20)]}
    pred = {"claims": [claim("X", "Smith", 0, 100), claim("Y", "Smith", 60, 200)]}
    result = score(gold, pred)
    assert counts(result, "claims") == (2, 0, 0)
    assert result.types["claims"].pairs == [("A", "Y"), ("B", "X")]


@pytest.mark.parametrize(
    ("preference", "expected"),
    [
        pytest.param([[1.0, 0.2], [0.2, None]], [(0, 1), (1, 0)], id="greedy-trap"),
        pytest.param([[0.3, 0.9]], [(0, 1)], id="prefers-larger-overlap"),
        pytest.param([[0.9, 0.8], [0.8, 0.1]], [(0, 1), (1, 0)], id="best-total-among-maximum"),
        pytest.param([[1.0, 0.0], [1.0, None]], [(0, 1), (1, 0)], id="count-beats-preference"),
        pytest.param([[0.5], [0.9], [None]], [(1, 0)], id="more-rows-than-columns"),
        pytest.param([[None, None]], [], id="nothing-eligible"),
        pytest.param([], [], id="no-rows"),
    ],
)
def test_assign(preference: list[list[float | None]], expected: list[tuple[int, int]]) -> None:
    assert assign(preference) == expected


def test_field_accuracy_over_matched_claims() -> None:
    gold = {
        "claims": [
            claim(
                "c1",
                "Igor Konashenkov",
                0,
                50,
                role="Russian Defence Ministry spokesman",
                quote="\u201cNo talk has been held.\u201d",
                date="2015-10-06",
            ),
            claim("c2", "Tanju Bilgic", 100, 150),
        ]
    }
    pred = {
        "claims": [
            claim(
                "p1",
                "Konashenkov",
                0,
                50,
                role="spokesman",
                quote="no talk has  been held",
                date="2015-10-07",
            ),
            claim("p2", "Bilgic", 100, 150, quote="a quote"),
        ]
    }
    fields = score(gold, pred).types["claims"].fields
    tallies = {name: (tally.correct, tally.total) for name, tally in fields.items()}
    # role: containment, null-null; quote: normalised equal, null vs text; date: differs, null-null.
    assert tallies == {"role": (2, 2), "quote": (1, 2), "date": (1, 2)}


def _with(field: str, value: Any) -> Record:
    if field == "role":
        return {"speaker": {"name": "X", "role": value}}
    return {field: value}


@pytest.mark.parametrize(
    ("field", "gold_value", "predicted_value", "expected"),
    [
        pytest.param(
            "role", "Turkish Foreign Ministry spokesman", "spokesman", True, id="role-contained"
        ),
        pytest.param("role", "spokesman", "minister", False, id="role-different"),
        pytest.param("role", None, "spokesman", False, id="role-null-vs-value"),
        pytest.param("role", None, None, True, id="role-null-vs-null"),
        pytest.param(
            "quote",
            '"No talk has been held."',
            "no talk has  been held",
            True,
            id="quote-normalised",
        ),
        pytest.param(
            "quote", "no talk was held", "no talk has been held", False, id="quote-different"
        ),
        pytest.param("date", "2015-10-06", "2015-10-06", True, id="date-equal"),
        pytest.param("date", "2015-10-06", None, False, id="date-missing"),
        pytest.param("unit", "air strikes", "strike", True, id="unit-plural-contained"),
        pytest.param("unit", "%", "percent", True, id="unit-percent-sign"),
        pytest.param("unit", "%", "per cent", True, id="unit-per-cent"),
        pytest.param("unit", "%", "people", False, id="unit-different"),
        pytest.param("total", 57, 57.2, True, id="total-within"),
        pytest.param("total", 57, None, False, id="total-missing"),
        pytest.param("total", None, None, True, id="total-null-vs-null"),
        pytest.param(
            "source", "Turkish military sources", "Turkish military", True, id="source-contained"
        ),
        pytest.param(
            "source",
            "Turkish military sources",
            "Russian Defence Ministry",
            False,
            id="source-different",
        ),
        pytest.param("source", "", None, True, id="source-blank-is-null"),
    ],
)
def test_field_agreement(field: str, gold_value: Any, predicted_value: Any, expected: bool) -> None:
    assert agrees(field, _with(field, gold_value), _with(field, predicted_value), {}) is expected


@pytest.mark.parametrize(
    ("gold_rebuts", "predicted_rebuts", "second_speaker", "correct"),
    [
        pytest.param("g2", "p2", "B", 1, id="points-to-the-matched-claim"),
        pytest.param("g2", "p1", "B", 0, id="points-to-another-claim"),
        pytest.param("g2", None, "B", 0, id="predicted-null"),
        pytest.param(None, "p1", "B", 0, id="gold-null"),
        pytest.param(None, None, "B", 1, id="both-null"),
        pytest.param("g2", "p2", "Russia", 0, id="rebutted-claim-unmatched"),
    ],
)
def test_rebuts_maps_through_claim_matching(
    gold_rebuts: str | None, predicted_rebuts: str | None, second_speaker: str, correct: int
) -> None:
    gold = {
        "claims": [claim("g1", "A", 0, 50), claim("g2", "B", 100, 150)],
        "denials": [denial("gd", "C", 200, 250, rebuts=gold_rebuts)],
    }
    pred = {
        "claims": [claim("p1", "A", 0, 50), claim("p2", second_speaker, 100, 150)],
        "denials": [denial("pd", "C", 200, 250, rebuts=predicted_rebuts)],
    }
    rebuts = score(gold, pred).types["denials"].fields["rebuts"]
    assert (rebuts.correct, rebuts.total) == (correct, 1)


def test_summary_pools_counts_over_cases() -> None:
    alpha = score_case(
        "alpha",
        {"claims": [claim("g1", "A", 0, 50), claim("g2", "B", 100, 150)]},
        {
            "claims": [
                claim("p1", "A", 0, 50),
                claim("p2", "B", 100, 150),
                claim("p3", "C", 300, 350),
            ]
        },
    )
    beta = score_case(
        "beta",
        {
            "claims": [claim("g1", "A", 0, 50), claim("g2", "B", 100, 150)],
            "statistics": [stat("s1", 57, 200, 220)],
        },
        {"statistics": [stat("q1", 57, 200, 220)]},
    )
    summary = summarise([alpha, beta])
    assert summary.types["claims"] == Counts(tp=2, fp=1, fn=2)
    assert summary.types["claims"].precision == pytest.approx(2 / 3)
    assert summary.types["claims"].recall == pytest.approx(1 / 2)
    assert summary.types["claims"].f1 == pytest.approx(4 / 7)
    assert summary.types["denials"].f1 == 1.0
    assert summary.micro == Counts(tp=3, fp=1, fn=2)
    assert summary.micro.f1 == pytest.approx(2 / 3)
    assert summary.case_f1 == pytest.approx({"alpha": 0.8, "beta": 0.5})
    assert summary.mean_case_f1 == pytest.approx(0.65)
    role = summary.fields["claims"]["role"]
    assert (role.correct, role.total) == (2, 2)
    assert summary.fields["denials"]["rebuts"].accuracy is None


def test_scores_serialise_to_json() -> None:
    result = score({"claims": [claim("c1", "A", 0, 50)]}, {"claims": [claim("p1", "A", 0, 50)]})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["micro_f1"] == 1.0
    assert data["types"]["claims"]["pairs"] == [["c1", "p1"]]
    assert data["types"]["claims"]["fields"]["role"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert json.loads(json.dumps(summarise([result]).to_dict()))["micro"]["tp"] == 1


def test_long_statements_are_clipped_at_a_word() -> None:
    text = "Turkey proposed a working group with Russia in order to plan air strikes"
    assert clip(text) == "Turkey proposed a working group with Russia in..."
