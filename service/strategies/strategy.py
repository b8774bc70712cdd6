"""What every strategy offers the pipeline, and the one place a strategy is chosen by name."""

from __future__ import annotations

from typing import Protocol

from service.core.findings import Article, Findings
from service.model.client import ModelClient
from service.model.metering import Meter
from service.model.prompts import PromptSet
from service.strategies.focused import FocusedStrategy
from service.strategies.guided import GuidedStrategy
from service.strategies.single import SingleCallStrategy


class Strategy(Protocol):
    """Finds an article's records by asking the model."""

    name: str

    async def find(self, article: Article, meter: Meter) -> Findings:
        """Return grounded findings; count the model work on `meter`."""
        ...


def build_strategy(name: str, client: ModelClient, prompts: PromptSet) -> Strategy:
    """The strategy called `name` ("single", "focused" or "guided")."""
    if name == "single":
        return SingleCallStrategy(client, prompts)
    if name == "focused":
        return FocusedStrategy(client, prompts)
    if name == "guided":
        return GuidedStrategy(client, prompts)
    raise ValueError(f"unknown strategy {name!r}; use 'single', 'focused' or 'guided'")
