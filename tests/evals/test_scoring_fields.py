"""Scoring the fields of matched records, rebuttals through matching, and the pooled summary."""

from __future__ import annotations

import json
from typing import Any

import pytest

from evals.explain import clip
from evals.fields import agrees
from evals.scoring import Counts, score_case, summarise
from tests.support.scoring_records import Record, claim, denial, score, stat


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
