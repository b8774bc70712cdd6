"""From a validated request to a response: pick the strategy, ask, ground, assemble."""

from __future__ import annotations

import time
from dataclasses import dataclass

from service.assembly import assemble
from service.extract import CallTally, ModelClient
from service.prompts import PromptSet
from service.records import Meta, StructureRequest, StructureResponse, Usage
from service.settings import Settings
from service.strategies.findings import Article, Strategy, Ungrounded
from service.strategies.focused import FocusedStrategy
from service.strategies.single import SingleCallStrategy


@dataclass(frozen=True)
class Structured:
    """A response, and the model's records that grounding removed from it."""

    response: StructureResponse
    ungrounded: list[Ungrounded]


def build_strategy(name: str, client: ModelClient, prompts: PromptSet) -> Strategy:
    """The strategy called `name` ("single" or "focused")."""
    if name == "single":
        return SingleCallStrategy(client, prompts)
    if name == "focused":
        return FocusedStrategy(client, prompts)
    raise ValueError(f"unknown strategy {name!r}; use 'single' or 'focused'")


class Structurer:
    """Turns one article into grounded records with one model client and one strategy."""

    def __init__(self, settings: Settings, client: ModelClient, prompts: PromptSet) -> None:
        self.client = client
        self.prompts = prompts
        self.strategy = build_strategy(settings.resolved_strategy(), client, prompts)

    async def structure(self, request: StructureRequest, request_id: str) -> Structured:
        """Ask the model about `request`; raise a ModelError subclass if it cannot answer."""
        began = time.perf_counter()
        tally = CallTally()
        published = request.published.isoformat() if request.published else None
        article = Article(text=request.text, title=request.title, published=published)
        findings = await self.strategy.find(article, tally)
        records = assemble(findings, request.text, request.published)
        meta = Meta(
            model=self.client.model_name,
            prompt_version=self.prompts.version,
            latency_ms=round((time.perf_counter() - began) * 1000),
            usage=Usage(
                prompt_tokens=tally.prompt_tokens, completion_tokens=tally.completion_tokens
            ),
            llm_calls=tally.calls,
            cache="miss",
            dropped_ungrounded=len(records.ungrounded),
            url=request.url,
            request_id=request_id,
            strategy=self.strategy.name,
        )
        response = StructureResponse(
            claims=records.claims, denials=records.denials, statistics=records.statistics, meta=meta
        )
        return Structured(response=response, ungrounded=records.ungrounded)
