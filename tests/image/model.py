"""The model image (Dockerfile.model) with its embedded weights: it starts with
no network at all, turns healthy, and answers /health and one chat call.

With `--network none` the container has only its own loopback; the checks ask
it from inside (`podman exec`), so its port 8081 and its HEALTHCHECK stay as built.
"""

from __future__ import annotations

import json
import time

from tests.image.checks import CheckFailed, check
from tests.image.podman import logs_tail, podman, remove, start, state
from tests.image.service import check_healthy, check_non_root

NAME = "factstructure-model-test"
ALIAS = "qwen2.5-coder-1.5b-instruct-q4_k_m"
# Asked from inside the container, with the image's own Python.
HEALTH = (
    "import urllib.request; "
    "print(urllib.request.urlopen('http://127.0.0.1:8081/health', timeout=5).status)"
)
CHAT = """
import json, sys, time, urllib.request
body = json.dumps({"model": sys.argv[1], "max_tokens": 16, "temperature": 0,
    "messages": [{"role": "user", "content": "Say hello in two words."}]}).encode()
request = urllib.request.Request("http://127.0.0.1:8081/v1/chat/completions", body,
    {"content-type": "application/json"})
began = time.monotonic()
answer = json.load(urllib.request.urlopen(request, timeout=300))
print(json.dumps({"seconds": time.monotonic() - began, "answer": answer}))
"""


def wait_for_model(timeout_s: float = 300) -> float:
    """Seconds until llama.cpp's /health answers 200 (the weights are loaded)."""
    began = time.monotonic()
    while time.monotonic() - began < timeout_s:
        if state(NAME, "Status") != "running":
            raise CheckFailed(f"the model server stopped while loading:\n{logs_tail(NAME)}")
        try:
            if podman("exec", NAME, "python", "-c", HEALTH, timeout_s=30) == "200":
                return time.monotonic() - began
        except CheckFailed:
            pass
        time.sleep(2)
    raise CheckFailed(f"/health did not answer 200 within {timeout_s:.0f} s:\n{logs_tail(NAME)}")


def check_chat() -> str:
    """One chat completion under the alias the service sends: a non-empty answer."""
    printed = podman("exec", NAME, "python", "-c", CHAT, ALIAS, timeout_s=330)
    result = json.loads(printed)
    choices = result["answer"].get("choices") or []
    content = choices[0]["message"]["content"] if choices else ""
    if not content.strip():
        raise CheckFailed(f"the chat call answered no text: {printed[:300]}")
    usage = result["answer"].get("usage", {})
    return (
        f"{content.strip()!r} in {result['seconds']:.1f} s "
        f"({usage.get('prompt_tokens')} prompt, {usage.get('completion_tokens')} generated tokens)"
    )


def run_model_checks(image: str) -> None:
    """Start the model image with no network and run each check, each printing its line."""
    start(NAME, image, {}, network="none")
    try:
        check("model loads", lambda: f"/health 200 after {wait_for_model():.1f} s, no network")
        check("model non-root", check_non_root, NAME)
        check("model healthcheck", check_healthy, NAME)
        check("model chat", check_chat)
    finally:
        remove(NAME)
