"""Scoring: which prediction matches which gold record, and why a miss is a miss."""

from __future__ import annotations

import pytest

from evals.equivalence import names_match
from evals.matching import assign
from tests.support.scoring_records import Record, claim, counts, denial, score, stat


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
