"""The service's own CPU work (parse, rules, assembly): off the event loop, behind the model.

A llama.cpp server decodes with one thread per core, in lockstep: each step waits
for its slowest thread, so a core taken by anything else stalls the whole model
(a busy core made generation 20-50x slower here). The service's CPU work
therefore runs on a few threads of its own whose scheduling priority (nice) is
below the model server's, and the kernel gives the cores to the model first.
The event loop keeps normal priority, so /healthz and small requests stay prompt.

One pool per process, as asyncio's default executor is; `configure` sets it from
Settings when the pipeline is built.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class CpuWorkConfig:
    """How many threads do the service's CPU work, and how far below normal priority."""

    threads: int = 2
    nice: int = 10


_lock = threading.Lock()
_config = CpuWorkConfig()
_pool: ThreadPoolExecutor | None = None


def configure(config: CpuWorkConfig) -> None:
    """Use `config` from now on; work already running finishes on the old threads."""
    global _config, _pool
    with _lock:
        if config == _config:
            return
        _config, retired, _pool = config, _pool, None
    if retired is not None:
        retired.shutdown(wait=False)


async def off_loop(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`function(*args, **kwargs)` on a CPU-work thread, awaited from the event loop."""
    # As asyncio.to_thread does: the caller's context (its trace span) goes along.
    call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_executor(), call)


def current_config() -> CpuWorkConfig:
    """The config the pool's threads are made with."""
    return _config


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=_config.threads,
                thread_name_prefix="cpu-work",
                initializer=_lower_priority,
                initargs=(_config.nice,),
            )
        return _pool


def _lower_priority(nice: int) -> None:
    # On Linux a nice value belongs to a thread, so this lowers only the pool's
    # threads. Elsewhere it would lower the whole process, event loop included.
    # Raising one's own nice value needs no privilege; lowering it would, so a process
    # started nicer than `nice` stays as it is.
    if sys.platform == "linux":
        thread = threading.get_native_id()
        if nice > os.getpriority(os.PRIO_PROCESS, thread):
            os.setpriority(os.PRIO_PROCESS, thread, nice)
