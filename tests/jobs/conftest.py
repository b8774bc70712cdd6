"""Fixtures for the jobs tests: the fake model and polling (redis_url is the root conftest's)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tests.production.conftest import fake_model

__all__ = ["fake_model", "poll_until"]

async def poll_until(read: Any, done: Any, timeout_s: float = 20.0) -> Any:
    """Call async `read()` until `done(value)`, or fail after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = await read()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still not done after {timeout_s} s: {value}")
        await asyncio.sleep(0.05)
