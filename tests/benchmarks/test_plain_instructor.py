"""The naive baseline locates evidence with str.find only, and keeps what it cannot locate."""

from __future__ import annotations

import asyncio
import json

import httpx

from benchmarks.plain_instructor import PlainRecords, as_records, locate, run_plain
from evals.cases import Case
from service.settings import Settings

TEXT = "Officials said 40 people were hurt. Police said 40 people were hurt."


def test_locate_takes_the_first_verbatim_occurrence() -> None:
    assert locate(TEXT, "said 40 people were hurt.") == {
        "text": "said 40 people were hurt.",
        "start": 10,
        "end": 35,
    }


def test_locate_does_not_forgive_a_changed_character() -> None:
    assert locate(TEXT, "Officials said forty people were hurt.")["start"] is None
    assert locate(TEXT, "officials said 40 people were hurt.")["start"] is None
    assert locate(TEXT, "")["start"] is None


def test_answer_becomes_records_in_the_api_shape() -> None:
    answer = PlainRecords.model_validate(
        {
            "claims": [
                {
                    "speaker": "Police",
                    "statement": "40 people were hurt.",
                    "evidence": "Police said 40 people were hurt.",
                }
            ],
            "denials": [
                {"speaker": "Officials", "denied": "Nobody was hurt.", "evidence": "not in it"}
            ],
            "statistics": [
                {
                    "value": 40.0,
                    "unit": "people",
                    "measure": "people hurt",
                    "evidence": "Officials said 40 people were hurt.",
                }
            ],
        }
    )

    records = as_records(TEXT, answer)

    claim = records["claims"][0]
    assert claim["id"] == "c1"
    assert claim["speaker"] == {"name": "Police", "role": None}
    assert claim["evidence"]["start"] == TEXT.index("Police")
    assert records["denials"][0]["evidence"]["start"] is None
    statistic = records["statistics"][0]
    assert statistic["value"] == 40
    assert isinstance(statistic["value"], int)
    assert statistic["evidence"] == {
        "text": "Officials said 40 people were hurt.",
        "start": 0,
        "end": 35,
    }


def test_one_call_counted_with_its_tokens() -> None:
    content = json.dumps(
        {
            "claims": [
                {
                    "speaker": "Officials",
                    "statement": "40 people were hurt.",
                    "evidence": "Officials said 40 people were hurt.",
                }
            ]
        }
    )

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 0,
                "model": "test",
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
                "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150},
            },
        )

    case = Case("t", TEXT, None, None, {"claims": [], "denials": [], "statistics": []}, None)
    settings = Settings(model_base_url="http://model.invalid/v1", http_retries=0)

    outcome = asyncio.run(run_plain(case, settings, httpx.MockTransport(answer)))

    assert outcome.error is None
    assert (outcome.calls, outcome.prompt_tokens, outcome.completion_tokens) == (1, 120, 30)
    assert outcome.predicted["claims"][0]["evidence"]["start"] == 0
