"""From a validated request to a response: a cached answer, or pick the strategy, ask, ground."""

from __future__ import annotations

import logging
import time
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from service.core.findings import Article, Ungrounded
from service.core.records import Meta, StructureRequest, StructureResponse, Usage
from service.model.client import ModelClient
from service.model.metering import Meter
from service.model.prompts import PromptSet
from service.pipeline.cache import ResultCache, cache_key, generation_scope
from service.pipeline.gate import ModelGate
from service.rules.assembly import assemble
from service.settings import Settings
from service.strategies.strategy import build_strategy

_log = logging.getLogger("service.cache")


@dataclass(frozen=True)
class Structured:
    """A response, the model's records that grounding removed, and the cache's part in it."""

    response: StructureResponse
    ungrounded: list[Ungrounded]
    cache: Literal["hit", "miss"] | None = None  # None: no cache is configured


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
    ) -> None:
        self.settings = settings
        self.client = client
        self.prompts = prompts
        # One cache for everyone without keys, or when the operator shares it on purpose.
        self._partitioned = bool(settings.accepted_api_keys()) and not settings.cache_shared
        self.strategy = build_strategy(settings.resolved_strategy(), client, prompts)
        self.cache = cache
        self.gate = gate

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
        requests and is never refused for a full queue. `caller` (the API key's
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
        slot: AbstractAsyncContextManager[None] = (
            nullcontext() if self.gate is None else self.gate.slot(background=background)
        )
        async with slot:
            findings = await self.strategy.find(article, meter)
        records = assemble(findings, request.text, request.published)
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
            warnings=findings.warnings,
        )
        response = StructureResponse(
            claims=records.claims, denials=records.denials, statistics=records.statistics, meta=meta
        )
        if self.cache is not None:
            await self.cache.set(key, response.model_dump_json())
        lookup: Literal["miss"] | None = None if self.cache is None else "miss"
        return Structured(response=response, ungrounded=records.ungrounded, cache=lookup)

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
