"""Loading labelled cases from a directory of `<id>.txt` and `<id>.gold.json` files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.cases import load_cases

# Offsets by hand: the first sentence is 43 characters, a space, then the second (43).
TEXT = 'Officials said 57 air strikes hit the city. "No talk has been held," Tanju Bilgic said.\n'
CLAIM_EVIDENCE = "Officials said 57 air strikes hit the city."
DENIAL_EVIDENCE = '"No talk has been held," Tanju Bilgic said.'


def gold(case_id: str, **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "article": case_id,
        "title": "Strikes denied",
        "published": "2015-10-08",
        "claims": [
            {
                "id": "c1",
                "speaker": {"name": "officials", "role": None},
                "statement": "57 air strikes hit the city.",
                "quote": None,
                "date": None,
                "evidence": {"text": CLAIM_EVIDENCE},
            }
        ],
        "denials": [
            {
                "id": "d1",
                "speaker": {"name": "Tanju Bilgic", "role": None},
                "denied": "Talks were held.",
                "rebuts": "c1",
                "quote": "No talk has been held,",
                "date": None,
                "evidence": {"text": DENIAL_EVIDENCE},
            }
        ],
        "statistics": [
            {
                "id": "s1",
                "value": 57,
                "unit": "air strikes",
                "total": None,
                "measure": "air strikes on the city",
                "source": "officials",
                "date": None,
                "evidence": {"text": "57 air strikes"},
            }
        ],
        "notes": "A hand-made case.",
    }
    record.update(changes)
    return record


def write(directory: Path, case_id: str, labels: dict[str, Any] | None, text: str = TEXT) -> None:
    (directory / f"{case_id}.txt").write_text(text, encoding="utf-8")
    if labels is not None:
        (directory / f"{case_id}.gold.json").write_text(json.dumps(labels), encoding="utf-8")


def test_loads_cases_sorted_with_offsets(tmp_path: Path) -> None:
    write(tmp_path, "b-case", gold("b-case"))
    write(tmp_path, "a-case", gold("a-case", title=None, notes=None, published=None))
    cases = load_cases(tmp_path)
    assert [case.id for case in cases] == ["a-case", "b-case"]
    case = cases[1]
    assert (case.title, case.published, case.notes) == (
        "Strikes denied",
        "2015-10-08",
        "A hand-made case.",
    )
    assert (cases[0].title, cases[0].published, cases[0].notes) == (None, None, None)
    assert case.text == TEXT
    assert case.gold["claims"][0]["evidence"] == {"text": CLAIM_EVIDENCE, "start": 0, "end": 43}
    assert case.gold["denials"][0]["evidence"] == {"text": DENIAL_EVIDENCE, "start": 44, "end": 87}
    assert case.gold["statistics"][0]["evidence"] == {
        "text": "57 air strikes",
        "start": 15,
        "end": 29,
    }
    assert case.gold["denials"][0]["rebuts"] == "c1"
    assert case.gold["statistics"][0]["unit"] == "air strikes"


def test_only_selects_cases(tmp_path: Path) -> None:
    write(tmp_path, "a-case", gold("a-case"))
    write(tmp_path, "b-case", gold("b-case"))
    assert [case.id for case in load_cases(tmp_path, only=["b-case"])] == ["b-case"]


def test_unknown_case_id_lists_known_ones(tmp_path: Path) -> None:
    write(tmp_path, "a-case", gold("a-case"))
    write(tmp_path, "b-case", gold("b-case"))
    with pytest.raises(ValueError, match=r"unknown case id\(s\) zzz .*known ids: a-case, b-case"):
        load_cases(tmp_path, only=["a-case", "zzz"])


def test_text_without_gold_is_named(tmp_path: Path) -> None:
    write(tmp_path, "a-case", gold("a-case"))
    write(tmp_path, "c-case", None)
    with pytest.raises(ValueError, match=r"no gold file for c-case\.txt"):
        load_cases(tmp_path)


def test_gold_without_text_is_named(tmp_path: Path) -> None:
    (tmp_path / "d-case.gold.json").write_text(json.dumps(gold("d-case")), encoding="utf-8")
    with pytest.raises(ValueError, match=r"no article text for d-case\.gold\.json"):
        load_cases(tmp_path)


def test_evidence_not_in_text_names_case_and_record(tmp_path: Path) -> None:
    labels = gold("b-case")
    labels["statistics"][0]["evidence"]["text"] = "58 air strikes"
    write(tmp_path, "b-case", labels)
    with pytest.raises(ValueError, match=r"case b-case: statistics record s1: evidence not found"):
        load_cases(tmp_path)


def test_evidence_differing_in_whitespace_says_so(tmp_path: Path) -> None:
    labels = gold("b-case")
    labels["claims"][0]["evidence"]["text"] = "Officials said  57 air strikes"
    write(tmp_path, "b-case", labels)
    with pytest.raises(ValueError, match=r"claims record c1: .*differs only in whitespace"):
        load_cases(tmp_path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"article": "other"}, r"\"article\" is 'other'", id="article-mismatch"),
        pytest.param({"statistics": None}, r'"statistics" must be a list', id="missing-type"),
        pytest.param({"published": "08/10/2015"}, r"not a YYYY-MM-DD date", id="bad-published"),
        pytest.param(
            {"denials": [{**gold("x")["denials"][0], "rebuts": "c9"}]},
            r"denial d1 rebuts 'c9', which is not a claim id",
            id="dangling-rebuts",
        ),
        pytest.param(
            {"claims": gold("x")["claims"] * 2}, r"duplicate claims id\(s\) c1", id="duplicate-id"
        ),
    ],
)
def test_bad_gold_file_is_rejected(tmp_path: Path, changes: dict[str, Any], message: str) -> None:
    write(tmp_path, "b-case", gold("b-case", **changes))
    with pytest.raises(ValueError, match=message):
        load_cases(tmp_path)


def test_invalid_json_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "b-case", None)
    (tmp_path / "b-case.gold.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match=r"b-case\.gold\.json: not valid JSON"):
        load_cases(tmp_path)


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_cases(tmp_path / "nowhere")


def test_empty_directory_has_no_cases(tmp_path: Path) -> None:
    assert load_cases(tmp_path) == []
