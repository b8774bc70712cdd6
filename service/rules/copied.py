"""Ground what a model copied: find each record's evidence and quote in the article, or drop it.

The single-call strategy has the model copy its evidence and quotes. Each copy
is located in the article (text/grounding.py tolerates the model's small
slips); a record whose evidence or quote is not there becomes Ungrounded, with
the reason, instead of a finding.
"""

from __future__ import annotations

from typing import Literal

from service.core.findings import Attribution, Figure, Findings, Ungrounded
from service.core.span import Span
from service.model.drafts import ClaimDraft, DenialDraft, StatisticDraft, as_number
from service.text.grounding import ArticleIndex
from service.text.passages import Passage


def keep_attribution(
    findings: Findings,
    index: ArticleIndex,
    passage: Passage,
    draft: ClaimDraft | DenialDraft,
    kind: Literal["claim", "denial"],
    proposition: str,
) -> None:
    """Add the claim or denial to `findings` if its evidence (and quote) are in the text."""
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


def keep_figure(
    findings: Findings, index: ArticleIndex, passage: Passage, draft: StatisticDraft
) -> None:
    """Add the statistic to `findings` if its evidence is in the text."""
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
