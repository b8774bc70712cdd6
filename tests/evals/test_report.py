"""Reports over two small hand-scored cases; every expected number was worked out by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest

from evals.compare import compare
from evals.report import json_report, markdown_report, text_report
from evals.scoring import CaseScore, score_case

# alpha: claims c1 found, c2 missed; statistic s1 found, q9 a false positive.
#   claims 1/0/1, statistics 1/1/0, micro 2/1/1 -> P = R = F1 = 2/3.
# beta: one claim found -> micro F1 1.
# Pooled: claims 2/0/1 (P 1, R 2/3, F1 0.8); statistics 1/1/0 (P 0.5, R 1, F1 2/3);
#   denials empty (1, 1, 1); micro 3/1/1 (0.75 each); mean case F1 (2/3 + 1) / 2 = 0.833.
# Without grounding alpha also keeps p7, whose evidence was not found: claims 2/1/1,
#   micro 3/2/1 (P 0.6, R 0.75, F1 2/3); alpha's micro 2/2/1 has F1 4/7 = 0.571.

MISS = 'claim by Tanju Bilgic ("No talk was held.") [c2]: no prediction overlaps its evidence'
FALSE_POSITIVE = "statistic 3 people [q9]: not in gold (no gold statistic overlaps)"
ALPHA_META: dict[str, Any] = {
    "latency_ms": 1200.4,
    "llm_calls": 2,
    "prompt_tokens": 1000,
    "completion_tokens": 150,
    "dropped_ungrounded": 1,
}
BETA_META: dict[str, Any] = {
    "latency_ms": 800,
    "llm_calls": 1,
    "prompt_tokens": 600,
    "completion_tokens": 50,
}


def record(rid: str, start: int, end: int, **fields: Any) -> dict[str, Any]:
    return {"id": rid, "evidence": {"text": "x", "start": start, "end": end}, **fields}


def person(name: str, role: str | None = None) -> dict[str, Any]:
    return {"name": name, "role": role}


def alpha(grounded: bool) -> CaseScore:
    claims = [record("p1", 0, 50, speaker=person("Konashenkov"), statement="Turkey asked.")]
    if not grounded:
        made_up = {"id": "p7", "speaker": person("Russia"), "statement": "Invented."}
        claims.append(
            {**made_up, "evidence": {"text": "not in the article", "start": None, "end": None}}
        )
    return score_case(
        "alpha",
        {
            "claims": [
                record("c1", 0, 50, speaker=person("Igor Konashenkov", "spokesman")),
                record(
                    "c2", 100, 150, speaker=person("Tanju Bilgic"), statement="No talk was held."
                ),
            ],
            "statistics": [record("s1", 200, 220, value=57, unit="air strikes")],
        },
        {
            "claims": claims,
            "statistics": [
                record("q1", 200, 220, value=57, unit="air strikes"),
                record("q9", 300, 320, value=3, unit="people"),
            ],
        },
    )


def beta() -> CaseScore:
    gold = {"claims": [record("c1", 0, 40, speaker=person("Sara Amundson"))]}
    return score_case("beta", gold, {"claims": [record("p1", 0, 40, speaker=person("Amundson"))]})


RESULTS: list[tuple[CaseScore, dict[str, Any]]] = [
    (alpha(grounded=True), ALPHA_META),
    (beta(), BETA_META),
]
UNGROUNDED: list[tuple[CaseScore, dict[str, Any]]] = [
    (alpha(grounded=False), ALPHA_META),
    (beta(), BETA_META),
]


def rows(report: str, label: str) -> list[list[str]]:
    """Every text-table row whose first cell is `label`, split into cells."""
    return [line.split() for line in report.splitlines() if line.split()[:1] == [label]]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        pytest.param("claims", ["1.000", "0.667", "0.800", "2", "0", "1"], id="claims"),
        pytest.param("denials", ["1.000", "1.000", "1.000", "0", "0", "0"], id="denials"),
        pytest.param("statistics", ["0.500", "1.000", "0.667", "1", "1", "0"], id="statistics"),
        pytest.param("micro", ["0.750", "0.750", "0.750", "3", "1", "1"], id="micro"),
    ],
)
def test_text_report_scores_by_type(label: str, expected: list[str]) -> None:
    assert rows(text_report(RESULTS), label)[0][1:] == expected


def test_text_report_lists_cases_fields_reasons_and_totals() -> None:
    report = text_report(RESULTS)
    assert rows(report, "alpha")[0] == [
        "alpha",
        "0.667",
        "2",
        "1",
        "1",
        "2",
        "1000",
        "150",
        "1200",
        "1",
    ]
    assert rows(report, "beta")[0] == ["beta", "1.000", "1", "0", "0", "1", "600", "50", "800", "-"]
    assert "Mean per-case micro F1: 0.833 over 2 cases." in report
    assert f"  - miss: {MISS}" in report
    assert f"  - false positive: {FALSE_POSITIVE}" in report
    fields = {tuple(row[:2]): row[2:] for row in rows(report, "claims") + rows(report, "denials")}
    assert fields[("claims", "role")] == ["1", "2", "0.500"]
    assert fields[("claims", "quote")] == ["2", "2", "1.000"]
    assert fields[("denials", "rebuts")] == ["0", "0", "n/a"]
    totals = report.split("\nTotals\n")[1]
    assert {row[0]: row[1] for row in map(str.split, totals.splitlines()[3:])} == {
        "cases": "2",
        "llm_calls": "3",
        "prompt_tokens": "1600",
        "completion_tokens": "200",
        "latency_ms": "2000",
        "latency_ms_mean": "1000",
        "dropped_ungrounded": "1",
    }
    assert "Without grounding" not in report


def test_json_report_has_everything() -> None:
    report = json.loads(json.dumps(json_report(RESULTS)))
    assert report["micro_f1"] == pytest.approx(0.75)
    assert report["types"]["claims"]["recall"] == pytest.approx(2 / 3)
    assert report["fields"]["claims"]["role"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert report["mean_case_f1"] == pytest.approx(5 / 6)
    alpha_case = report["cases"]["alpha"]
    assert alpha_case["micro_f1"] == pytest.approx(2 / 3)
    assert alpha_case["types"]["claims"]["misses"] == [MISS]
    assert alpha_case["types"]["statistics"]["false_positives"] == [FALSE_POSITIVE]
    assert alpha_case["types"]["claims"]["pairs"] == [["c1", "p1"]]
    assert report["cases"]["beta"]["meta"] == BETA_META
    assert report["totals"]["prompt_tokens"] == 1600
    assert report["totals"]["latency_ms"] == 2000
    assert report["ungrounded"] is None


def test_markdown_report_has_tables_and_reasons() -> None:
    report = markdown_report(RESULTS)
    assert report.startswith("# Evaluation report\n")
    assert "| micro | 0.750 | 0.750 | 0.750 | 3 | 1 | 1 |" in report
    assert "| alpha | 0.667 | 2 | 1 | 1 | 2 | 1000 | 150 | 1200 | 1 |" in report
    assert "| claims | role | 1 | 2 | 0.500 |" in report
    assert "**alpha**" in report
    assert "- miss: claim by Tanju Bilgic" in report
    assert "\\[c2\\]: no prediction overlaps its evidence" in report


def test_without_grounding_section_in_all_formats() -> None:
    text = text_report(RESULTS, ungrounded=UNGROUNDED)
    assert "Without grounding" in text
    # ungrounded scores, then changes with grounding minus without: F1, TP, FP.
    assert rows(text, "micro")[-1][1:] == [
        "0.600",
        "0.750",
        "0.667",
        "3",
        "2",
        "1",
        "+0.083",
        "+0",
        "-1",
    ]
    assert rows(text, "claims")[-1][1:] == [
        "0.667",
        "0.667",
        "0.667",
        "2",
        "1",
        "1",
        "+0.133",
        "+0",
        "-1",
    ]
    assert rows(text, "alpha")[-1] == ["alpha", "0.571", "0.667", "+0.095"]
    assert rows(text, "beta")[-1] == ["beta", "1.000", "1.000", "+0.000"]

    report = json.loads(json.dumps(json_report(RESULTS, ungrounded=UNGROUNDED)))
    ungrounded = report["ungrounded"]
    assert ungrounded["micro_f1"] == pytest.approx(2 / 3)
    assert ungrounded["cases"]["alpha"]["micro_f1"] == pytest.approx(4 / 7)
    assert ungrounded["grounding_effect"]["micro"]["fp"] == -1
    assert ungrounded["grounding_effect"]["micro"]["tp"] == 0
    assert ungrounded["grounding_effect"]["micro"]["f1"] == pytest.approx(0.75 - 2 / 3)

    markdown = markdown_report(RESULTS, ungrounded=UNGROUNDED)
    assert "## Without grounding" in markdown
    assert "| micro | 0.600 | 0.750 | 0.667 | 3 | 2 | 1 | +0.083 | +0 | -1 |" in markdown


def test_compare_shows_signed_changes() -> None:
    diff = compare(json_report(UNGROUNDED), json_report(RESULTS))
    assert rows(diff, "micro")[:3] == [
        ["micro", "P", "0.600", "0.750", "+0.150"],
        ["micro", "R", "0.750", "0.750", "+0.000"],
        ["micro", "F1", "0.667", "0.750", "+0.083"],
    ]
    assert ["claims", "P", "0.667", "1.000", "+0.333"] in rows(diff, "claims")
    assert ["claims.role", "accuracy", "0.500", "0.500", "+0.000"] in rows(diff, "claims.role")
    assert rows(diff, "alpha") == [["alpha", "0.571", "0.667", "+0.095"]]
    assert rows(diff, "llm_calls") == [["llm_calls", "3", "3", "+0"]]


def test_compare_marks_cases_that_come_and_go() -> None:
    diff = compare(json_report(RESULTS[:1]), json_report(RESULTS[1:]))
    assert rows(diff, "alpha") == [["alpha", "0.667", "-", "gone"]]
    assert rows(diff, "beta") == [["beta", "-", "1.000", "new"]]
    assert rows(diff, "prompt_tokens") == [["prompt_tokens", "1000", "600", "-400"]]


def test_compare_as_markdown() -> None:
    diff = compare(json_report(UNGROUNDED), json_report(RESULTS), markdown=True)
    assert "| micro F1 | 0.667 | 0.750 | +0.083 |" in diff
    assert "| alpha | 0.571 | 0.667 | +0.095 |" in diff
