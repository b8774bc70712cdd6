"""The strong-model strategy: one call per passage for all three record types.

The model copies its evidence and quotes; the service locates each copy in
the article and drops what it cannot find. Passages keep long articles within
the model's context instead of truncating them.
"""

from __future__ import annotations

from typing import Literal

from service.core.findings import Article, Attribution, Figure, Findings, Ungrounded
from service.core.span import Span
from service.model.client import ModelClient
from service.model.drafts import ClaimDraft, DenialDraft, PassageRecords, StatisticDraft, as_number
from service.model.messages import article_block, conversation
from service.model.metering import Meter
from service.model.prompts import PromptSet
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
                _keep_attribution(findings, index, passage, claim, "claim", claim.statement)
            for denial in answer.denials:
                _keep_attribution(findings, index, passage, denial, "denial", denial.denied)
            for statistic in answer.statistics:
                _keep_figure(findings, index, passage, statistic)
        return findings

    def _messages(self, article: Article, passage: Passage) -> list[dict[str, str]]:
        prompt = self._prompts.single
        body = article.text[passage.start : passage.end]
        user = article_block(body, article.published, article.title, [])
        return conversation(prompt.system, prompt.example, prompt.example["text"], user, [])


def _keep_attribution(
    findings: Findings,
    index: ArticleIndex,
    passage: Passage,
    draft: ClaimDraft | DenialDraft,
    kind: Literal["claim", "denial"],
    proposition: str,
) -> None:
    evidence = index.locate(draft.evidence, near=passage.start)
    quote: Span | None = None
    if draft.quote and draft.quote.strip():
        quote = index.locate(draft.quote, near=evidence.start if evidence else passage.start)
    reason = _ungrounded_reason(evidence, draft.quote, quote)
    if reason or evidence is None:
        fields = draft.model_dump(exclude={"evidence"})
        findings.ungrounded.append(Ungrounded(kind, reason, fields, evidence))
        return
    findings.attributions.append(
        Attribution(
            kind=kind,
            speaker=draft.speaker.strip(),
            speaker_role=draft.speaker_role,
            proposition=proposition.strip(),
            quote=quote,
            evidence=evidence,
        )
    )


def _keep_figure(
    findings: Findings, index: ArticleIndex, passage: Passage, draft: StatisticDraft
) -> None:
    evidence = index.locate(draft.evidence, near=passage.start)
    if evidence is None:
        findings.ungrounded.append(
            Ungrounded(
                "statistic",
                "evidence not found in the text",
                draft.model_dump(exclude={"evidence"}),
                None,
            )
        )
        return
    findings.figures.append(
        Figure(
            value=as_number(draft.value),
            unit=draft.unit,
            total=None if draft.total is None else as_number(draft.total),
            measure=draft.measure.strip(),
            source=draft.source,
            evidence=evidence,
        )
    )


def _ungrounded_reason(evidence: Span | None, quote_text: str | None, quote: Span | None) -> str:
    if evidence is None:
        return "evidence not found in the text"
    if quote_text and quote_text.strip() and quote is None:
        return "quote not found in the text"
    return ""
