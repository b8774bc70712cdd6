"""Job articles take background slots: never refused, and served after interactive waiters."""

from __future__ import annotations

import asyncio

import pytest

from service.core.errors import Overloaded
from service.pipeline.gate import ModelGate


async def test_a_freed_slot_goes_to_the_interactive_waiter_before_an_earlier_job() -> None:
    gate = ModelGate(limit=1, max_queued=4, retry_after_s=1)
    order: list[str] = []
    release = asyncio.Event()

    async def hold() -> None:
        async with gate.slot():
            await release.wait()

    async def wait(name: str, background: bool) -> None:
        async with gate.slot(background=background):
            order.append(name)

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)
    job = asyncio.create_task(wait("job", background=True))
    await asyncio.sleep(0)
    interactive = asyncio.create_task(wait("request", background=False))
    await asyncio.sleep(0)
    assert (gate.queued, gate.background_queued) == (1, 1)
    release.set()
    await asyncio.gather(holder, job, interactive)
    assert order == ["request", "job"]
    assert (gate.active, gate.queued, gate.background_queued) == (0, 0, 0)


async def test_background_waiters_are_never_refused_and_do_not_fill_the_queue() -> None:
    gate = ModelGate(limit=1, max_queued=0, retry_after_s=1)
    release = asyncio.Event()
    done: list[int] = []

    async def job(n: int) -> None:
        async with gate.slot(background=True):
            await release.wait()
            done.append(n)

    jobs = [asyncio.create_task(job(n)) for n in range(5)]
    await asyncio.sleep(0)
    assert (gate.active, gate.background_queued) == (1, 4)
    with pytest.raises(Overloaded):
        async with gate.slot():
            pass
    release.set()
    await asyncio.gather(*jobs)
    assert sorted(done) == [0, 1, 2, 3, 4]


async def test_a_cancelled_waiter_passes_a_slot_it_was_handed_to_the_next() -> None:
    gate = ModelGate(limit=1, max_queued=4, retry_after_s=1)
    release = asyncio.Event()
    got: list[str] = []
    waiters: list[asyncio.Task[None]] = []

    async def hold() -> None:
        async with gate.slot():
            await release.wait()
        # The slot has just been handed to the first waiter, which has not run yet.
        waiters[0].cancel()

    async def wait(name: str) -> None:
        async with gate.slot(background=True):
            got.append(name)

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)
    waiters.extend(asyncio.create_task(wait(name)) for name in ("first", "second"))
    await asyncio.sleep(0)
    release.set()
    # A slot lost with the cancelled waiter would leave the second waiting for ever.
    await asyncio.wait_for(asyncio.gather(holder, *waiters, return_exceptions=True), 5)
    assert got == ["second"]
    assert waiters[0].cancelled()
    assert (gate.active, gate.background_queued) == (0, 0)


async def test_a_waiter_cancelled_as_the_slot_is_freed_leaves_without_an_error() -> None:
    # The release runs between the cancel and the waiter's wake-up: it skips the
    # cancelled waiter's future and frees the slot. Found by a CI run under load,
    # where the waiter's clean-up then raised ValueError and the request became a 500.
    gate = ModelGate(limit=1, max_queued=4, retry_after_s=1)
    held = gate.slot()
    await held.__aenter__()

    async def wait() -> None:
        async with gate.slot():
            pass

    waiter = asyncio.create_task(wait())
    await asyncio.sleep(0)
    waiter.cancel()
    await held.__aexit__(None, None, None)
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert (gate.active, gate.queued) == (0, 0)
    async with gate.slot():
        assert gate.active == 1, "the slot the cancelled waiter never took is free"
