"""The article runner: an article run twice (its worker died after finishing it) is not redone."""

from __future__ import annotations

from service.core.records import StructureRequest
from service.jobs.manager import ArticleRunner
from service.jobs.records import JobRecord
from service.jobs.store import MemoryJobStore, now
from service.pipeline.wiring import build_structurer, close_structurer
from tests.production.conftest import ARTICLE, settings_for
from tests.support.fake_model import FakeModel


async def test_an_article_with_a_result_is_not_run_again(fake_model: FakeModel) -> None:
    structurer = build_structurer(settings_for(fake_model, cache_size=0))
    store = MemoryJobStore(retention_s=60)
    job = JobRecord(
        id="j_test", owner="o", fingerprint="f", status="queued", total=2, created=now()
    )
    await store.create(job, [StructureRequest(text=ARTICLE).model_dump_json()] * 2)
    run = ArticleRunner(store, structurer, callbacks=None)
    try:
        await run("j_test", 0)
        calls = len(fake_model.requests)
        await run("j_test", 0)
        again = len(fake_model.requests)
        await run("j_test", 1)
    finally:
        await close_structurer(structurer)
    finished = await store.get("j_test")
    assert calls > 0
    assert again == calls
    assert finished is not None
    assert finished.status == "done"
    assert (finished.done, finished.total) == (2, 2)
