"""A request on its connection: its body read in time, its work stopped when its client leaves.

An ASGI server tells the application that a client hung up only through
`receive()`, which a handler stops calling once it has the body; so without a
watcher a request whose client left runs to its end, model calls and model
slot included. This middleware watches: once the body is in, it waits on
`receive()` for `http.disconnect` and cancels the request's work, the HTTP call
at the model in flight included, which gives back its slot at once.

A client gone before its response started (mid-body, or while its request
worked) is logged and counted as 499, nginx's "client closed request", not as
the server's error; `client_left` tells the access log and the metrics.
The body must arrive within `body_timeout_s` of the first read, else 408.
"""

from __future__ import annotations

import asyncio

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from service.core.errors import BodyTooSlow

CLIENT_CLOSED = 499
"""The status logged and counted for a request whose client left before its response."""

_LEFT_KEY = "client_left"


def client_left(scope: Scope) -> bool:
    """Did this request's client hang up before its response started?"""
    return bool(scope.get("state", {}).get(_LEFT_KEY))


def lifecycle_middleware(app: ASGIApp, body_timeout_s: float) -> ASGIApp:
    """Wrap the app: bound the body's read time, cancel the work of a client who left."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request = _Request(scope, receive, send, body_timeout_s)
        await request.run(app)

    return middleware


class _Request:
    """One HTTP request's receive and send, watched."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, body_timeout_s: float) -> None:
        self._scope = scope
        self._receive = receive
        self._send = send
        self._body_deadline = asyncio.get_running_loop().time() + body_timeout_s
        self._body_in = asyncio.Event()
        self._disconnected = asyncio.Event()
        self._responding = False
        self._finished = False
        self._working = False
        self._cancelled = False
        self._task: asyncio.Task[None] | None = None

    async def run(self, app: ASGIApp) -> None:
        """Run the app until it answers, or until its client leaves."""
        self._task = asyncio.current_task()
        watcher = asyncio.create_task(self._watch())
        self._working = True
        try:
            await app(self._scope, self.receive, self.send)
        except asyncio.CancelledError:
            task = self._task
            if self._cancelled and task is not None and task.uncancel() == 0:
                return  # our own cancellation, for a client who left: nothing to answer
            raise
        finally:
            self._working = False
            watcher.cancel()

    async def receive(self) -> ReceiveMessage:
        """The body, within its time; once it is in, wait for nothing but a disconnect."""
        if self._body_in.is_set():
            await self._disconnected.wait()
            return {"type": "http.disconnect"}
        try:
            async with asyncio.timeout_at(self._body_deadline):
                message = await self._receive()
        except TimeoutError:
            raise BodyTooSlow("The request body did not arrive in time.") from None
        if message["type"] == "http.disconnect":
            self._leave()
        elif not message.get("more_body", False):
            self._body_in.set()
        return message

    async def send(self, message: Message) -> None:
        """Pass the response on, unless its client has gone."""
        if client_left(self._scope):
            return
        if message["type"] == "http.response.start":
            self._responding = True
        elif message["type"] == "http.response.body" and not message.get("more_body", False):
            self._finished = True  # before the send: its completion wakes the watcher
        await self._send(message)

    async def _watch(self) -> None:
        await self._body_in.wait()
        message = await self._receive()
        if message["type"] == "http.disconnect" and not self._finished:
            self._leave()

    def _leave(self) -> None:
        self._disconnected.set()
        if not self._responding:
            self._scope.setdefault("state", {})[_LEFT_KEY] = True
        if self._working and not self._cancelled and self._task is not None:
            self._cancelled = True
            self._task.cancel()
