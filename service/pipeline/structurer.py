"""From a validated request to a response: a cached answer, or pick the strategy, ask, ground."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import (
    AbstractAsyncContextManager,
    AsyncExitStack,
    asynccontextmanager,
    nullcontext,
)
from dataclasses import dataclass
from typing import Literal

from opentelemetry import trace
from opentelemetry.trace import Tracer
from pydantic import ValidationError

from service.core.cpu_work import CpuWorkConfig, configure, off_loop
from service.core.errors import (
    DeadlinePassed,
    ModelError,
    ModelOutputInvalid,
    ModelTimeout,
    Overloaded,
    QueueDeadline,
)
from service.core.findings import Article, Findings, Ungrounded
from service.core.records import Meta, StructureRequest, StructureResponse, Usage
from service.model.client import ModelClient
from service.model.metering import Meter
from service.model.prompts import PromptSet
from service.model.silent import silent_client
from service.pipeline.cache import ResultCache, cache_key, generation_scope
from service.pipeline.degradation import Degraded, degradation
from service.pipeline.gate import ModelGate
from service.rules.assembly import Assembled, assemble
from service.settings import Settings
from service.strategies.strategy import Strategy, build_strategy
from service.text.language import Language, detect_language, uncovered_language_warning

_log = logging.getLogger("service.cache")


@dataclass(frozen=True)
class Structured:
    """A response, the model's records that grounding removed, and the cache's part in it."""

    response: StructureResponse
    ungrounded: list[Ungrounded]
    cache: Literal["hit", "miss"] | None = None  # None: no cache is configured


_DEADLINE_SLACK_S = 0.01
"""A model call cut to the deadline may time out this much before it, by the loop's clock."""
_RULES_SHARE, _RULES_LEAST_S, _RULES_MOST_S = 0.05, 0.2, 1.0
"""With degraded answers on, the model gives up this share of the deadline (0.2 to 1 s)
early, so that the rules' answer after it, which the deadline also bounds, comes by it."""


class Structurer:
    """Turns one article into grounded records with one model client and one strategy.

    With a cache, a request whose text, title and date were seen before under the
    same endpoint, model, output mode, strategy, prompts and generation settings is
    answered from it; with API keys, only for the same key unless the cache is
    shared. With a gate, the model work waits for a slot (or is refused) so that
    the model sees a bounded number of requests.
    """

    def __init__(
        self,
        settings: Settings,
        client: ModelClient,
        prompts: PromptSet,
        *,
        cache: ResultCache | None = None,
        gate: ModelGate | None = None,
        tracer: Tracer | None = None,
    ) -> None:
        self.settings = settings
        self.client = client
        configure(CpuWorkConfig(settings.cpu_work_threads, settings.cpu_work_nice))
        self._tracer = tracer or trace.get_tracer("factstructure")
        self.prompts = prompts
        # One cache for everyone without keys, or when the operator shares it on purpose.
        self._partitioned = bool(settings.accepted_api_keys()) and not settings.cache_shared
        self.strategy = build_strategy(settings.resolved_strategy(), client, prompts)
        self.cache = cache
        self.gate = gate
        self.deadline_s = settings.request_deadline_s
        self.overload_retry_after_s = settings.overload_retry_after_s
        # The same strategy on a model that answers nothing: the rules' records alone.
        self.rules_alone: Strategy | None = None
        self.model_deadline_s = self.deadline_s
        if settings.on_model_failure == "rules":
            name = settings.resolved_strategy()
            self.rules_alone = build_strategy(name, silent_client(settings), prompts)
            share = max(self.deadline_s * _RULES_SHARE, _RULES_LEAST_S)
            self.model_deadline_s -= min(share, _RULES_MOST_S, self.deadline_s / 2)

    async def structure(
        self,
        request: StructureRequest,
        request_id: str,
        meter: Meter | None = None,
        *,
        background: bool = False,
        caller: str | None = None,
    ) -> Structured:
        """Answer `request`, from the cache if possible; raise a StructureError if it cannot.

        `meter` lets the caller see the model work spent even when this raises.
        `background` work (a job's article) waits for the model behind interactive
        requests and is never refused for a full queue; its deadline starts when it
        gets a slot. An interactive request's deadline counts its wait in the queue.
        More than half of the model's questions failing is a model failure. With
        `rules_alone`, a model failure or a passed deadline is answered with the
        rules' records, marked degraded; neither that nor any answer with a failed
        question is cached. `caller` (the API key's
        fingerprint) picks the caller's own part of the cache when keys are set.
        """
        began = time.perf_counter()
        version = self.prompts.version_for(self.strategy.name)
        scope = generation_scope(self.settings, self.strategy.name, version)
        key = cache_key(request, scope, caller if self._partitioned else None)
        cached = await self._cached(key)
        if cached is not None:
            hit = _as_hit(cached, request, request_id, began)
            return Structured(response=hit, ungrounded=[], cache="hit")
        meter = meter if meter is not None else Meter()
        published = request.published.isoformat() if request.published else None
        article = Article(text=request.text, title=request.title, published=published)
        findings, degraded = await self._findings(article, meter, background)
        with self._tracer.start_as_current_span("structure.ground") as grounding:
            async with self._by_deadline(meter):
                records, language = await off_loop(_assembled, findings, request)
            grounding.set_attribute("factstructure.dropped_ungrounded", len(records.ungrounded))
        unread = uncovered_language_warning(language)
        meta = Meta(
            model=self.client.model_name,
            prompt_version=version,
            latency_ms=round((time.perf_counter() - began) * 1000),
            usage=Usage(
                prompt_tokens=meter.prompt_tokens, completion_tokens=meter.completion_tokens
            ),
            llm_calls=meter.calls,
            cache="miss",
            dropped_ungrounded=len(records.ungrounded),
            url=request.url,
            request_id=request_id,
            strategy=self.strategy.name,
            warnings=[*([unread] if unread else []), *findings.warnings],
            language=language.code if language else None,
            degraded=degraded is not None,
            degraded_reason=degraded.reason if degraded is not None else None,
        )
        response = StructureResponse(
            claims=records.claims, denials=records.denials, statistics=records.statistics, meta=meta
        )
        # Only a whole answer is kept: not the rules' alone, nor one with a question the
        # model failed, which a healthy model would answer differently.
        if self.cache is not None and degraded is None and meter.failed == 0:
            await self.cache.set(key, response.model_dump_json())
        lookup: Literal["miss"] | None = None if self.cache is None else "miss"
        return Structured(response=response, ungrounded=records.ungrounded, cache=lookup)

    async def _findings(
        self, article: Article, meter: Meter, background: bool
    ) -> tuple[Findings, Degraded | None]:
        """The strategy's findings; or, when the model failed, the rules' and why."""
        rules_alone = self.rules_alone
        try:
            return await self._find(article, meter, background), None
        except (ModelError, Overloaded) as failure:
            degraded = degradation(failure)
            if rules_alone is None or degraded is None:
                raise
        # Out of the except block, so that the failure is not the context of the rules'
        # own unanswered questions (as_model_error would find it there).
        async with self._by_deadline(meter):
            findings = await rules_alone.find(article, Meter())
        findings.warnings[:] = [f"{degraded.detail} These records are the rules' alone."]
        return findings, degraded

    async def _find(self, article: Article, meter: Meter, background: bool) -> Findings:
        """The strategy's findings, in a model slot, all before the request's deadline.

        Past the deadline: Overloaded (503, Retry-After) if it was still waiting for a
        slot, ModelTimeout (504) if the model was at work.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.model_deadline_s
        if not background:
            meter.deadline = deadline
        slot: AbstractAsyncContextManager[None] = (
            nullcontext() if self.gate is None else self.gate.slot(background=background)
        )
        waiting = True
        try:
            async with (
                asyncio.timeout_at(None if background else deadline) as limit,
                AsyncExitStack() as held,
            ):
                with self._tracer.start_as_current_span("structure.queue_wait"):
                    await held.enter_async_context(slot)
                waiting = False
                if background:  # a job's article: the clock starts with its slot
                    deadline = loop.time() + self.model_deadline_s
                    limit.reschedule(deadline)
                meter.deadline = deadline
                with self._tracer.start_as_current_span(
                    "structure.find", attributes={"factstructure.strategy": self.strategy.name}
                ):
                    findings = await self.strategy.find(article, meter)
                if meter.mostly_failed:
                    # Each unanswered question left its sentence to the rules; most of
                    # them unanswered is a failed model, not a sparse article.
                    raise ModelOutputInvalid(
                        f"{meter.failed} of the model's {meter.questions} questions "
                        "got no valid answer."
                    )
                return findings
        except TimeoutError as error:
            if waiting:
                raise QueueDeadline(
                    f"No model slot came free within the request's deadline "
                    f"({self.deadline_s:g} s); retry later.",
                    retry_after_s=self.overload_retry_after_s,
                ) from error
            raise DeadlinePassed(_past_deadline(self.deadline_s)) from error
        except ModelTimeout as error:
            if loop.time() >= deadline - _DEADLINE_SLACK_S:
                raise DeadlinePassed(_past_deadline(self.deadline_s)) from error
            raise

    @asynccontextmanager
    async def _by_deadline(self, meter: Meter) -> AsyncIterator[None]:
        """The rules' work after the model's, cut off at the request's deadline (504).

        The model gave up the rules' share of the deadline, so they normally finish
        well before it; the cut is for an article that costs them more.
        """
        end = None
        if meter.deadline is not None:
            end = meter.deadline + (self.deadline_s - self.model_deadline_s)
        try:
            async with asyncio.timeout_at(end):
                yield
        except TimeoutError as error:
            raise DeadlinePassed(_past_deadline(self.deadline_s)) from error

    async def _cached(self, key: str) -> StructureResponse | None:
        if self.cache is None:
            return None
        stored = await self.cache.get(key)
        if stored is None:
            return None
        try:
            return StructureResponse.model_validate_json(stored)
        except ValidationError:
            _log.warning("cache entry unreadable; asking the model", extra={"cache_key": key})
            return None


def _assembled(findings: Findings, request: StructureRequest) -> tuple[Assembled, Language | None]:
    """The records and the article's language: the CPU work after the model, for a worker thread."""
    records = assemble(findings, request.text, request.published)
    return records, detect_language(request.text)


def _as_hit(
    cached: StructureResponse, request: StructureRequest, request_id: str, began: float
) -> StructureResponse:
    """The cached records under this request's meta: no calls, no tokens, its own id and url.

    `dropped_ungrounded` stays as computed when the records were made, since it
    describes them; the model was not asked again.
    """
    meta = cached.meta.model_copy(
        update={
            "cache": "hit",
            "latency_ms": round((time.perf_counter() - began) * 1000),
            "usage": Usage(),
            "llm_calls": 0,
            "request_id": request_id,
            "url": request.url,
        }
    )
    return cached.model_copy(update={"meta": meta})


def _past_deadline(seconds: float) -> str:
    return f"The request's deadline ({seconds:g} s) passed while the model worked."
