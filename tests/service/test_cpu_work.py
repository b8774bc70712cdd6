"""The CPU work runs on its own threads, at the configured nice value, with its context."""

from __future__ import annotations

import asyncio
import contextvars
import os
import sys
import threading
from collections.abc import Iterator

import pytest

from service.core.cpu_work import CpuWorkConfig, configure, current_config, off_loop


@pytest.fixture(autouse=True)
def restore_config() -> Iterator[None]:
    before = current_config()
    yield
    configure(before)


def _where() -> tuple[str, int, int]:
    native = threading.get_native_id()
    return threading.current_thread().name, native, os.getpriority(os.PRIO_PROCESS, native)


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own nice value is Linux's")
def test_cpu_work_runs_on_a_nicer_thread_and_leaves_the_loops_priority_alone() -> None:
    configure(CpuWorkConfig(threads=1, nice=7))

    async def scenario() -> tuple[tuple[str, int, int], tuple[str, int, int]]:
        return _where(), await off_loop(_where)

    loop_side, work_side = asyncio.run(scenario())
    assert work_side[0].startswith("cpu-work")
    assert work_side[1] != loop_side[1]
    assert work_side[2] == max(7, loop_side[2])
    assert loop_side[2] == os.getpriority(os.PRIO_PROCESS, 0)


def test_a_new_config_takes_effect_on_new_threads() -> None:
    configure(CpuWorkConfig(threads=1, nice=3))
    first = asyncio.run(off_loop(_where))
    configure(CpuWorkConfig(threads=1, nice=5))
    second = asyncio.run(off_loop(_where))
    assert first[1] != second[1]
    if sys.platform == "linux":
        base = os.getpriority(os.PRIO_PROCESS, 0)
        assert (first[2], second[2]) == (max(3, base), max(5, base))


def test_the_callers_context_goes_to_the_work_and_arguments_pass_through() -> None:
    marker: contextvars.ContextVar[str] = contextvars.ContextVar("marker")

    def read(prefix: str, *, suffix: str) -> str:
        return prefix + marker.get() + suffix

    async def scenario() -> str:
        marker.set("-span-")
        return await off_loop(read, "a", suffix="b")

    assert asyncio.run(scenario()) == "a-span-b"


def test_an_exception_in_the_work_reaches_the_caller() -> None:
    def fail() -> None:
        raise ValueError("parse failed")

    with pytest.raises(ValueError, match="parse failed"):
        asyncio.run(off_loop(fail))
