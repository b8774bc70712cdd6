"""The strong-model strategy: one call per passage for all three record types.

The model copies its evidence and quotes; rules/copied.py locates each copy in
the article and drops what it cannot find. Passages keep long articles within
the model's context instead of truncating them.
"""

from __future__ import annotations

from service.core.findings import Article, Findings
from service.model.client import ModelClient
from service.model.drafts import PassageRecords
from service.model.messages import article_block, conversation
from service.model.metering import Meter
from service.model.prompts import PromptSet
from service.rules.copied import keep_attribution, keep_figure
from service.text.grounding import ArticleIndex
from service.text.passages import Passage, group_passages, split_sentences


class SingleCallStrategy:
    """One call per passage (one call for most articles)."""

    name = "single"

    def __init__(self, client: ModelClient, prompts: PromptSet, passage_chars: int = 6000) -> None:
        self._client = client
        self._prompts = prompts
        self._passage_chars = passage_chars

    async def find(self, article: Article, meter: Meter) -> Findings:
        """Ask for every record of each passage and ground what comes back."""
        index = ArticleIndex(article.text)
        findings = Findings()
        for passage in group_passages(split_sentences(article.text), self._passage_chars):
            answer = await self._client.ask(self._messages(article, passage), PassageRecords, meter)
            for claim in answer.claims:
                keep_attribution(findings, index, passage, claim, "claim", claim.statement)
            for denial in answer.denials:
                keep_attribution(findings, index, passage, denial, "denial", denial.denied)
            for statistic in answer.statistics:
                keep_figure(findings, index, passage, statistic)
        return findings

    def _messages(self, article: Article, passage: Passage) -> list[dict[str, str]]:
        prompt = self._prompts.single
        body = article.text[passage.start : passage.end]
        user = article_block(body, article.published, article.title, [])
        return conversation(prompt.system, prompt.example, prompt.example["text"], user, [])
