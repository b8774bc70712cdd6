"""The ablation: what a model that answers nothing leaves, and the table that compares systems."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from evals.ablation import ablation_json, ablation_text
from evals.scoring import score_case, summarise
from service.model.silent import nothing_answered


async def test_the_model_that_answers_nothing_answers_an_empty_object_and_lists_no_models() -> None:
    async with httpx.AsyncClient(transport=nothing_answered()) as client:
        chat = await client.post("http://m/v1/chat/completions", json={"model": "x"})
        models = await client.get("http://m/v1/models")
    assert chat.json()["choices"][0]["message"]["content"] == "{}"
    assert chat.json()["usage"]["prompt_tokens"] == 0
    assert models.json()["data"] == []


GOLD: dict[str, list[dict[str, Any]]] = {
    "claims": [
        {"id": "c1", "speaker": {"name": "Ana Ruiz"}, "evidence": {"start": 0, "end": 10}},
        {"id": "c2", "speaker": {"name": "Ben Ode"}, "evidence": {"start": 20, "end": 30}},
    ],
    "denials": [],
    "statistics": [{"id": "s1", "value": 12, "evidence": {"start": 40, "end": 50}}],
}


def predicted(claims: list[tuple[str, int]]) -> dict[str, list[dict[str, Any]]]:
    return {
        "claims": [
            {"id": f"c{n}", "speaker": {"name": name}, "evidence": {"start": at, "end": at + 10}}
            for n, (name, at) in enumerate(claims, start=1)
        ],
        "denials": [],
        "statistics": [{"id": "s1", "value": 12, "evidence": {"start": 40, "end": 50}}],
    }


def test_what_the_model_adds_is_the_difference_of_f1_per_type() -> None:
    full = summarise([score_case("a", GOLD, predicted([("Ana Ruiz", 0), ("Ben Ode", 20)]))])
    rules = summarise([score_case("a", GOLD, predicted([("Ana Ruiz", 0)]))])
    table = ablation_json({"full": full, "rules": rules})
    assert table["full"]["claims"]["f1"] == pytest.approx(1.0)
    assert table["rules"]["claims"]["recall"] == pytest.approx(0.5)
    assert table["model_adds_f1"]["claims"] == pytest.approx(1.0 - 2 / 3)
    assert table["model_adds_f1"]["statistics"] == pytest.approx(0.0)
    text = ablation_text({"full": full, "rules": rules})
    assert "model adds (F1)" in text
    assert "+0.333" in text


def test_one_system_alone_has_no_difference_row() -> None:
    rules = summarise([score_case("a", GOLD, predicted([("Ana Ruiz", 0)]))])
    assert "model_adds_f1" not in ablation_json({"rules": rules})
    assert "model adds (F1)" not in ablation_text({"rules": rules})
