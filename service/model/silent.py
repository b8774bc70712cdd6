"""A model that answers nothing: run any strategy on it and what remains is the rules' own work.

Every strategy falls back to its rules when the model gives no usable answer, so
the same strategy, rules and assembly on this model give what code alone finds.
The evals score it as the `rules` system; the pipeline answers with it when the
real model fails and STRUCTURE_ON_MODEL_FAILURE=rules.
"""

from __future__ import annotations

import json
import logging

import httpx

from service.model.client import ModelClient
from service.settings import Settings


def nothing_answered(content: str = "{}") -> httpx.MockTransport:
    """A model that answers every question with `content` (`{}`), at once, and lists no models."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/models"):
            return httpx.Response(200, json={"object": "list", "data": []})
        body = json.loads(request.content or b"{}")
        return httpx.Response(
            200,
            json={
                "id": "chatcmpl-rules",
                "object": "chat.completion",
                "created": 0,
                "model": body.get("model", "rules"),
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            },
        )

    return httpx.MockTransport(answer)


def silent_client(settings: Settings) -> ModelClient:
    """A ModelClient on `nothing_answered`: no network, no re-asks (they would only repeat it).

    Instructor logs each question such a model leaves unanswered as an error; here that
    is the expected way of asking nobody, so its logger is quietened.
    """
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    quiet = settings.model_copy(update={"max_retries": 0, "http_retries": 0})
    return ModelClient(quiet, httpx.AsyncClient(transport=nothing_answered()))
