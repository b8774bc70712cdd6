"""A fake OpenAI-compatible model server on loopback, told how to answer and how to fail.

It speaks just enough HTTP/1.1 (keep-alive, Content-Length bodies) on a raw
asyncio socket to be able to misbehave the way real endpoints do: answer late,
answer 429 with Retry-After, answer 500, drop the connection, hang, or send
broken or ungrounded output. Tests run it in a thread (`with FakeModel() as
fake:`); the benchmark runs it as a process (`python -m tests.support.fake_model`).

    fake.script(rate_limited(retry_after_s=1), answer())  # next two requests
    fake.default = hang()                                  # every request after
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Literal

from tests.support.answers import AnswerKind, answer_content, requested_job

Kind = Literal[
    "answer",
    "says",
    "ungrounded",
    "invalid_json",
    "schema_invalid",
    "rate_limited",
    "server_error",
    "drop",
    "hang",
]


@dataclass(frozen=True)
class Behaviour:
    """How to handle one chat request."""

    kind: Kind
    delay_s: float | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: str | None = None


def answer(delay_s: float | None = None) -> Behaviour:
    """A valid answer for whichever schema is asked for (after `delay_s`, else the latency)."""
    return Behaviour("answer", delay_s)


def says(content: str) -> Behaviour:
    """A 200 whose content (or tool arguments) is exactly `content`, whatever was asked."""
    return Behaviour("says", content=content)


def ungrounded() -> Behaviour:
    """A schema-valid answer whose quotes, evidence or figures are not in the article."""
    return Behaviour("ungrounded")


def invalid_json() -> Behaviour:
    """A 200 whose content is not JSON."""
    return Behaviour("invalid_json")


def schema_invalid() -> Behaviour:
    """A 200 whose content is JSON that fails the requested schema."""
    return Behaviour("schema_invalid")


def rate_limited(retry_after_s: int = 1, retry_after_ms: int | None = None) -> Behaviour:
    """429 with Retry-After (and OpenAI's finer retry-after-ms, if given)."""
    headers = {"Retry-After": str(retry_after_s)}
    if retry_after_ms is not None:
        headers["retry-after-ms"] = str(retry_after_ms)
    return Behaviour("rate_limited", headers=headers)


def server_error() -> Behaviour:
    """500 with an OpenAI-style error body."""
    return Behaviour("server_error")


def drop() -> Behaviour:
    """Close the connection after reading the request, without a response."""
    return Behaviour("drop")


def hang(seconds: float = 60.0) -> Behaviour:
    """Say nothing for `seconds` (past any sane client timeout), then close."""
    return Behaviour("hang", seconds)


@dataclass(frozen=True)
class Seen:
    """One chat request as the fake received it."""

    at: float
    body: dict[str, Any]
    headers: dict[str, str]


class FakeModel:
    """The server and its script; safe to drive from another thread."""

    def __init__(self, latency_s: float = 0.0, model: str = "fake-model") -> None:
        self.latency_s = latency_s
        self.model = model
        self.default = answer()
        self.requests: list[Seen] = []
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def base_url(self) -> str:
        """The OpenAI base URL to point the service at."""
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *behaviours: Behaviour) -> None:
        """Handle the next chat requests with these behaviours, then fall back to `default`."""
        with self._lock:
            self._script.extend(behaviours)

    def reset(self) -> None:
        """Forget the script, the default and the requests seen."""
        with self._lock:
            self._script.clear()
            self.default = answer()
            self.requests.clear()

    async def serve(self, host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
        """Listen in the running loop; the port is known once this returns."""
        self._loop = asyncio.get_running_loop()
        self._server = await asyncio.start_server(self._connection, host, port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self._server

    def start(self) -> FakeModel:
        """Serve from a background thread with its own event loop."""
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            loop.run_until_complete(self.serve())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._shutdown())
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-model", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake model did not start listening within 10 s")
        return self

    def stop(self) -> None:
        """Stop serving, cut hanging requests, and join the thread."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._thread = None

    def __enter__(self) -> FakeModel:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            while await self._exchange(reader, writer):
                pass
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass  # shutting down: a hanging request just ends
        finally:
            if task is not None:
                self._tasks.discard(task)
            writer.close()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Read one request and answer it; False when the connection should close."""
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *header_lines = head.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        if method == "GET" and target.endswith("/models"):
            listing = {"object": "list", "data": [{"id": self.model, "object": "model"}]}
            await _respond(writer, 200, listing)
            return True
        if method != "POST" or not target.endswith("/chat/completions"):
            await _respond(writer, 404, {"error": {"message": f"no route {target}"}})
            return True
        return await self._chat(json.loads(body), headers, writer)

    async def _chat(
        self, body: dict[str, Any], headers: dict[str, str], writer: asyncio.StreamWriter
    ) -> bool:
        with self._lock:
            self.requests.append(Seen(time.monotonic(), body, headers))
            behaviour = self._script.popleft() if self._script else self.default
        delay = self.latency_s if behaviour.delay_s is None else behaviour.delay_s
        if behaviour.kind == "drop":
            return False
        if behaviour.kind == "hang":
            await asyncio.sleep(delay)
            return False
        if delay > 0:
            await asyncio.sleep(delay)
        if behaviour.kind == "rate_limited":
            error = {"error": {"message": "fake rate limit", "type": "rate_limit"}}
            await _respond(writer, 429, error, behaviour.headers)
            return True
        if behaviour.kind == "server_error":
            await _respond(writer, 500, {"error": {"message": "fake failure", "type": "server"}})
            return True
        if behaviour.kind == "says":
            content = behaviour.content or ""
        else:
            kind: AnswerKind = "valid" if behaviour.kind == "answer" else behaviour.kind
            content = answer_content(body, kind)
        await _respond(writer, 200, self._completion(body, content))
        return True

    def _completion(self, body: dict[str, Any], content: str) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": content}
        finish = "stop"
        if body.get("tools"):
            name = requested_job(body) or "PassageRecords"
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_fake",
                        "type": "function",
                        "function": {"name": name, "arguments": content},
                    }
                ],
            }
            finish = "tool_calls"
        prompt_tokens = len(json.dumps(body.get("messages", []))) // 4
        completion_tokens = max(1, len(content) // 4)
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", self.model),
            "choices": [{"index": 0, "finish_reason": finish, "message": message}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


async def _respond(
    writer: asyncio.StreamWriter,
    status: int,
    payload: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    body = json.dumps(payload).encode()
    lines = [
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
        "content-type: application/json",
        f"content-length: {len(body)}",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    await writer.drain()


def main() -> None:
    """`python -m tests.support.fake_model`: serve until SIGTERM or SIGINT, for benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args()

    async def run() -> None:
        fake = FakeModel(latency_s=args.latency_ms / 1000)
        server = await fake.serve(port=args.port)
        print(fake.base_url, flush=True)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stopping.set)
        await stopping.wait()
        server.close()
        await fake._shutdown()

    asyncio.run(run())


if __name__ == "__main__":
    main()
