"""Prompts load from files with a version that tracks them; the few-shot examples are sound."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from service.model.drafts import Attributions, Figures, PassageRecords
from service.model.prompts import PROMPTS_DIR, load_prompts
from service.text.numbers import is_mentioned

EXAMPLES = PROMPTS_DIR / "examples"


@pytest.fixture
def prompts_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR, copy)
    return copy


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def test_loads_every_prompt() -> None:
    prompts = load_prompts()
    for strategy in ("single", "focused", "guided"):
        assert re.fullmatch(r"p-[0-9a-f]{12}", prompts.version_for(strategy))
    for name in ("single", "attributions", "statistics"):
        prompt = getattr(prompts, name)
        assert prompt.system == (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8").strip()
        assert prompt.system
        assert prompt.example == example(name)


def test_version_is_stable(prompts_copy: Path) -> None:
    assert load_prompts(prompts_copy).versions == load_prompts().versions
    assert load_prompts(prompts_copy).versions == load_prompts(prompts_copy).versions


def test_the_passage_strategies_share_a_version_the_guided_one_has_its_own() -> None:
    prompts = load_prompts()
    assert prompts.version_for("single") == prompts.version_for("focused")
    assert prompts.version_for("guided") != prompts.version_for("focused")


def test_guided_prompts_load_their_instructions_and_question() -> None:
    guided = load_prompts().guided
    assert guided.system == (PROMPTS_DIR / "guided" / "system.md").read_text().strip()
    assert guided.attributions == (PROMPTS_DIR / "guided" / "attributions.md").read_text().strip()


@pytest.mark.parametrize(
    "relative",
    [
        pytest.param("single.md", id="system-text"),
        pytest.param("statistics.md", id="other-system-text"),
        pytest.param("examples/attributions.json", id="example"),
    ],
)
def test_version_changes_when_a_prompt_file_changes(prompts_copy: Path, relative: str) -> None:
    before = load_prompts(prompts_copy)
    path = prompts_copy / relative
    path.write_text(path.read_text(encoding="utf-8") + "\n ", encoding="utf-8")
    after = load_prompts(prompts_copy)
    assert after.version_for("focused") != before.version_for("focused")
    assert after.version_for("guided") == before.version_for("guided")


def test_a_guided_prompt_change_leaves_the_passage_strategies_version(prompts_copy: Path) -> None:
    before = load_prompts(prompts_copy)
    path = prompts_copy / "guided" / "attributions.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n ", encoding="utf-8")
    after = load_prompts(prompts_copy)
    assert after.version_for("guided") != before.version_for("guided")
    assert after.version_for("focused") == before.version_for("focused")


def test_edited_text_is_what_loads(prompts_copy: Path) -> None:
    (prompts_copy / "single.md").write_text("  Extract nothing.\n", encoding="utf-8")
    assert load_prompts(prompts_copy).single.system == "Extract nothing."


def test_version_changes_when_a_file_is_added_or_renamed(prompts_copy: Path) -> None:
    before = load_prompts(prompts_copy).version_for("focused")
    (prompts_copy / "notes.txt").write_text("", encoding="utf-8")
    added = load_prompts(prompts_copy).version_for("focused")
    assert added != before
    (prompts_copy / "notes.txt").rename(prompts_copy / "notes2.txt")
    assert load_prompts(prompts_copy).version_for("focused") not in (before, added)


def test_missing_prompt_fails_loudly(prompts_copy: Path) -> None:
    (prompts_copy / "attributions.md").unlink()
    with pytest.raises(FileNotFoundError):
        load_prompts(prompts_copy)


# The few-shot examples teach the model; a wrong one teaches it to be wrong.


def _single_records() -> list[Any]:
    output = example("single")["output"]
    return [
        pytest.param(record, id=f"{kind}-{index + 1}")
        for kind in ("claims", "denials", "statistics")
        for index, record in enumerate(output[kind])
    ]


@pytest.mark.parametrize("record", _single_records())
def test_single_example_evidence_and_quotes_are_verbatim(record: dict[str, Any]) -> None:
    text = example("single")["text"]
    assert record["evidence"] in text
    if record.get("quote") is not None:
        assert record["quote"] in text
        assert record["quote"] in record["evidence"]


def test_single_example_statistics_are_written_in_their_evidence() -> None:
    for record in example("single")["output"]["statistics"]:
        assert is_mentioned(record["value"], record["evidence"]), record
        if record["total"] is not None:
            assert is_mentioned(record["total"], record["evidence"]), record


def test_single_example_is_valid_model_output() -> None:
    output = example("single")["output"]
    assert PassageRecords.model_validate(output).model_dump(exclude_none=False) == output


@pytest.mark.parametrize(
    ("name", "model", "key"),
    [
        pytest.param("attributions", Attributions, "records", id="attributions"),
        pytest.param("statistics", Figures, "statistics", id="statistics"),
    ],
)
def test_focused_examples_cite_sentences_in_range(name: str, model: Any, key: str) -> None:
    data = example(name)
    numbers = set(range(1, len(data["sentences"]) + 1))
    records = data["output"][key]
    assert records
    for record in records:
        assert record["sentence"] in numbers, record
    # The validator the strategy uses agrees.
    model.model_validate(data["output"], context={"sentence_numbers": numbers})


def test_statistics_example_values_are_written_in_their_sentences() -> None:
    data = example("statistics")
    for record in data["output"]["statistics"]:
        sentence = data["sentences"][record["sentence"] - 1]
        assert is_mentioned(record["value"], sentence), record
        if record["total"] is not None:
            assert is_mentioned(record["total"], sentence), record


def test_examples_have_publication_dates() -> None:
    for name in ("single", "attributions", "statistics"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", example(name)["published"])
