"""How uvicorn serves the app: bounded request heads, a time limit on each, and a long drain.

Slow or stuck clients. uvicorn's default parser, httptools, ignores
`h11_max_incomplete_event_size`, so its request heads have no size limit, and
neither parser has a read timeout: a client that dribbles its headers holds its
connection (and, with a big head, its memory) for as long as it likes. The
route chosen here keeps the one server and closes both gaps in-process:

- h11 as the parser, so `h11_max_incomplete_event_size` (STRUCTURE_MAX_HEADER_BYTES)
  bounds a request's head while it is incomplete: past it, 400 and close. h11 checks
  only a head still incomplete after a read, so a larger head that arrives whole in
  one read would pass; `HeadTimedH11Protocol` measures every head before h11 parses
  it and answers one past the limit 431 and closes;
- `HeadTimedH11Protocol`: a connection that opens, or finishes a response, must
  send its next request's head within STRUCTURE_HEADER_READ_TIMEOUT_S, else 408
  and close (or a silent close if it sent nothing);
- the body's read time is bounded in the ASGI layer (`service.http.lifecycle`, 408).

Why not another server or a proxy only: the service already depends on uvicorn
(workers, multiprocess metrics, graceful drain), h11 is pure Python and pinned, and
this costs one small subclass; a request here spends seconds at the model, so h11's
parsing speed does not show. A reverse proxy in front is still welcome (README).

Draining. On SIGTERM uvicorn stops accepting, lets the requests in flight finish
and then exits; it waits `timeout_graceful_shutdown`, set to the request deadline
plus a margin to write the answer, so no request is cut short by a deploy.
"""

from __future__ import annotations

import asyncio
import functools
import math
import re
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol, RequestResponseCycle

from service.settings import Settings

DRAIN_MARGIN_S = 5.0
"""Beyond the request deadline, time for the last answers to be written before workers exit."""

_TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n"
    b"connection: close\r\n\r\n"
)
_HEAD_END = re.compile(rb"\r?\n\r?\n")


def drain_seconds(settings: Settings) -> int:
    """How long a stopping worker waits for the requests in flight (uvicorn's graceful timeout)."""
    return math.ceil(settings.request_deadline_s + DRAIN_MARGIN_S)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments for uvicorn.run / uvicorn.Config that serve the app as configured."""
    return {
        "http": functools.partial(
            HeadTimedH11Protocol, head_timeout_s=settings.header_read_timeout_s
        ),
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "timeout_graceful_shutdown": drain_seconds(settings),
    }


class HeadTimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a time limit on each request's head and a size limit
    on a whole one."""

    def __init__(self, *args: Any, head_timeout_s: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timeout_s = head_timeout_s
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """A new connection: its first head is due."""
        super().connection_made(transport)
        self._expect_head()

    def on_response_complete(self) -> None:
        """A response went out: the next head is due (keep-alive may close sooner)."""
        super().on_response_complete()
        if not self.transport.is_closing():
            self._expect_head()

    def handle_events(self) -> None:
        """Refuse a head past the size limit (431, close) before h11 parses it."""
        limit = self.config.h11_max_incomplete_event_size
        if limit is not None and self.conn.their_state is h11.IDLE:
            buffered, _ = self.conn.trailing_data
            end = _HEAD_END.search(buffered)
            if (end.end() if end else len(buffered)) > limit:
                self._stop_timer()
                self.transport.write(_TOO_LARGE)
                self.transport.close()
                return
        super().handle_events()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the timer with the connection."""
        self._stop_timer()
        super().connection_lost(exc)

    def _expect_head(self) -> None:
        self._stop_timer()
        self._head_timer = self.loop.call_later(self._head_timeout_s, self._head_late, self.cycle)

    def _stop_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self, finished: RequestResponseCycle | None) -> None:
        self._head_timer = None
        waiting = self.cycle is finished and (finished is None or finished.response_complete)
        if not waiting or self.transport.is_closing():
            return  # a new request's head came in time
        partial_head, _ = self.conn.trailing_data
        if partial_head:
            self.transport.write(_TIMED_OUT)
        self.transport.close()
