"""What the service sends in json_schema mode, checked against vLLM's OpenAI-compatible API.

No vLLM runs here, so the request bodies are captured at the fake model and
held to what vLLM documents (docs/serving/openai_compatible_server.md and
docs/features/structured_outputs.md in vllm-project/vllm):
- the Chat Completions API at /v1/chat/completions, with OpenAI's parameters
  (vLLM ignores `user` and `parallel_tool_calls`, and takes its own extras only
  as extra body fields, which the service does not send);
- structured output as `response_format={"type": "json_schema",
  "json_schema": {"name": ..., "schema": <JSON Schema>}}`;
- automatic prefix caching reuses the KV cache of a shared leading prefix, so
  every request should open with the same system message.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema_rs

from tests.production.conftest import ARTICLE, serve, settings_for
from tests.support.fake_model import FakeModel

# OpenAI Chat Completions request fields vLLM accepts and acts on.
VLLM_CHAT_FIELDS = {
    "model",
    "messages",
    "max_tokens",
    "max_completion_tokens",
    "temperature",
    "top_p",
    "n",
    "stop",
    "seed",
    "stream",
    "stream_options",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "response_format",
    "tools",
    "tool_choice",
}
JSON_SCHEMA_FIELDS = {"name", "schema", "description", "strict"}
OPENAI_SCHEMA_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


async def _captured(fake: FakeModel, texts: list[str]) -> list[dict[str, Any]]:
    settings = settings_for(fake, output_mode="json_schema", strategy="single", cache_size=0)
    async with serve(settings) as client:
        for text in texts:
            response = await client.post("/structure", json={"text": text})
            assert response.status_code == 200, response.text
    return [seen.body for seen in fake.requests]


async def test_json_schema_mode_sends_what_vllm_documents(fake_model: FakeModel) -> None:
    [body] = await _captured(fake_model, [ARTICLE])
    assert set(body) <= VLLM_CHAT_FIELDS, set(body) - VLLM_CHAT_FIELDS
    assert body["model"] == fake_model.model
    assert isinstance(body["max_tokens"], int)
    assert body["max_tokens"] > 0
    for message in body["messages"]:
        assert message["role"] in {"system", "user", "assistant"}
        assert isinstance(message["content"], str)
        assert message["content"]
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    spec = response_format["json_schema"]
    assert set(spec) <= JSON_SCHEMA_FIELDS
    assert {"name", "schema"} <= set(spec)
    assert OPENAI_SCHEMA_NAME.fullmatch(spec["name"])
    assert spec["schema"]["type"] == "object"
    # The schema is well-formed JSON Schema, and an answer the pipeline took conforms to it.
    validator = jsonschema_rs.validator_for(spec["schema"])
    answer = json.loads(_answer_for(fake_model, body))
    assert validator.is_valid(answer)


def _answer_for(fake: FakeModel, body: dict[str, Any]) -> str:
    from tests.support.answers import answer_content

    return answer_content(body, "valid")


async def test_every_request_opens_with_the_same_prefix_for_vllm_prefix_caching(
    fake_model: FakeModel,
) -> None:
    bodies = await _captured(fake_model, [ARTICLE, "The council said the pool would reopen."])
    firsts = {json.dumps(body["messages"][0]) for body in bodies}
    assert len(bodies) >= 2
    assert len(firsts) == 1
    assert bodies[0]["messages"][0]["role"] == "system"
    assert bodies[0]["messages"][-1] != bodies[-1]["messages"][-1]
