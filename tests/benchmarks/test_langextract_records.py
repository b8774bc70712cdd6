"""LangExtract's extractions become records the evals scorer matches, without LangExtract itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from benchmarks.langextract_records import records_from_extractions
from evals.scoring import score_case

TEXT = (
    "Mayor Ana Ruiz said the bridge would open in March. "
    "The contractor, Vela Group, denied that it had asked for more money. "
    "Nine of its 12 spans are finished."
)


@dataclass
class Interval:
    start_pos: int | None
    end_pos: int | None


@dataclass
class Extraction:
    """The shape of langextract.data.Extraction that the conversion reads."""

    extraction_class: str
    extraction_text: str
    char_interval: Interval | None
    attributes: Mapping[str, Any] | None = field(default_factory=dict)


def aligned(kind: str, span: str, **attributes: Any) -> Extraction:
    start = TEXT.index(span)
    return Extraction(kind, span, Interval(start, start + len(span)), attributes)


def test_claims_denials_and_statistics_take_their_spans_and_attributes() -> None:
    records = records_from_extractions(
        TEXT,
        [
            aligned(
                "claim",
                "Mayor Ana Ruiz said the bridge would open in March.",
                speaker="Ana Ruiz",
                role="Mayor",
                statement="The bridge will open in March.",
            ),
            aligned(
                "denial",
                "The contractor, Vela Group, denied that it had asked for more money.",
                speaker="Vela Group",
                role="null",
                denied="Vela Group asked for more money.",
            ),
            aligned(
                "statistic",
                "Nine of its 12 spans",
                value="nine",
                unit="spans",
                total="12",
                measure="spans finished",
                source="none",
            ),
        ],
    )

    claim, denial, statistic = records["claims"][0], records["denials"][0], records["statistics"][0]
    assert claim["id"] == "c1"
    assert claim["speaker"] == {"name": "Ana Ruiz", "role": "Mayor"}
    assert claim["statement"] == "The bridge will open in March."
    assert claim["evidence"] == {
        "text": "Mayor Ana Ruiz said the bridge would open in March.",
        "start": 0,
        "end": 51,
    }
    assert denial["id"] == "d1"
    assert denial["speaker"]["role"] is None
    assert denial["denied"] == "Vela Group asked for more money."
    assert denial["rebuts"] is None
    assert statistic["value"] == 9
    assert statistic["total"] == 12
    assert statistic["source"] is None
    evidence = statistic["evidence"]
    assert TEXT[evidence["start"] : evidence["end"]] == "Nine of its 12 spans"


def test_value_falls_back_to_the_extraction_text_when_the_attribute_is_not_a_number() -> None:
    records = records_from_extractions(
        TEXT, [aligned("statistic", "12 spans", value="twelve-ish", measure="spans")]
    )

    assert records["statistics"][0]["value"] == 12


def test_unaligned_extractions_stay_as_records_without_a_span() -> None:
    extraction = Extraction("claim", "Ruiz said something else.", None, {"speaker": "Ana Ruiz"})

    records = records_from_extractions(TEXT, [extraction])

    assert records["claims"][0]["evidence"] == {
        "text": "Ruiz said something else.",
        "start": None,
        "end": None,
    }


def test_other_classes_are_ignored_and_ids_count_per_type() -> None:
    records = records_from_extractions(
        TEXT,
        [
            aligned("person", "Ana Ruiz"),
            aligned("Claim", "Mayor Ana Ruiz said", speaker="Ana Ruiz"),
            aligned("claim", "the bridge would open in March", speaker="Ana Ruiz"),
        ],
    )

    assert [c["id"] for c in records["claims"]] == ["c1", "c2"]
    assert records["denials"] == []
    assert records["statistics"] == []


def test_list_attributes_are_joined() -> None:
    records = records_from_extractions(
        TEXT, [aligned("claim", "Mayor Ana Ruiz said", speaker=["Ana", "Ruiz"])]
    )

    assert records["claims"][0]["speaker"]["name"] == "Ana, Ruiz"


def test_converted_records_score_against_gold_like_service_records() -> None:
    sentence = "The contractor, Vela Group, denied that it had asked for more money."
    start = TEXT.index(sentence)
    gold = {
        "claims": [],
        "denials": [
            {
                "id": "d1",
                "speaker": {"name": "Vela Group", "role": "contractor"},
                "denied": "Vela Group asked for more money.",
                "rebuts": None,
                "quote": None,
                "date": None,
                "evidence": {"text": sentence, "start": start, "end": start + len(sentence)},
            }
        ],
        "statistics": [],
    }
    predicted = records_from_extractions(
        TEXT, [aligned("denial", "denied that it had asked for more money", speaker="Vela Group")]
    )

    score = score_case("case", gold, predicted)

    assert score.types["denials"].counts.tp == 1
    assert score.micro.f1 == 1.0
