"""The small-model strategy: short passages, one job per call, sentences cited by number.

A 1.5B model copies text slowly and loosely, so it never copies evidence here:
it names a sentence number, and the service takes the sentence's exact span.
Passages without a reporting word or a number (rules/cues.py) are not sent at all.
"""

from __future__ import annotations

from collections.abc import Callable

from service.core.cpu_work import off_loop
from service.core.findings import Article, Attribution, Figure, Findings
from service.model.client import ModelClient
from service.model.drafts import Attributions, Figures, as_number
from service.model.messages import article_block, conversation, numbered
from service.model.metering import Meter
from service.model.prompts import Prompt, PromptSet
from service.rules.completion import completed_attributions, completed_figures
from service.rules.cues import has_number, has_reporting_cue, looks_like_year
from service.text.passages import Passage, Sentence, group_passages, split_sentences
from service.text.quotes import quoted_span

_ATTRIBUTION_NOTE = "Sentences with reporting words or quotation marks: "
_FIGURE_NOTE = "Sentences with numbers: "


class FocusedStrategy:
    """Per passage: one call for claims and denials, one for statistics."""

    name = "focused"

    def __init__(self, client: ModelClient, prompts: PromptSet, passage_chars: int = 1500) -> None:
        self._client = client
        self._prompts = prompts
        self._passage_chars = passage_chars

    async def find(self, article: Article, meter: Meter) -> Findings:
        """Attributions passage by passage, then figures: same-job calls keep the cache warm."""
        sentences = split_sentences(article.text)
        passages = group_passages(sentences, self._passage_chars)
        findings = Findings()
        speakers: dict[str, str | None] = {}
        for passage in passages:
            cues = [s.number for s in passage.sentences if has_reporting_cue(s.text)]
            if cues:
                found = await self._attributions(article, passage, cues, speakers, meter)
                findings.attributions.extend(found)
                for record in found:
                    speakers.setdefault(record.speaker, record.speaker_role)
        for passage in passages:
            cues = [s.number for s in passage.sentences if has_number(s.text)]
            if cues:
                findings.figures.extend(await self._figures(article, passage, cues, meter))
        # The rules read the whole article: in a worker thread, off the event loop.
        attributions, figures = await off_loop(
            _completed, sentences, findings.attributions, findings.figures
        )
        findings.attributions.extend(attributions)
        findings.figures.extend(figures)
        return findings

    async def _attributions(
        self,
        article: Article,
        passage: Passage,
        cues: list[int],
        speakers: dict[str, str | None],
        meter: Meter,
    ) -> list[Attribution]:
        notes = [_ATTRIBUTION_NOTE + _listing(cues)]
        if speakers:
            known = "; ".join(
                f"{name} ({role})" if role else name for name, role in speakers.items()
            )
            notes.append(f"Speakers named earlier in the article: {known}")
        answer = await self._client.ask(
            self._messages(self._prompts.attributions, article, passage, notes, has_reporting_cue),
            Attributions,
            meter,
            context={"sentence_numbers": {s.number for s in passage.sentences}},
        )
        by_number = {s.number: s for s in passage.sentences}
        return [
            Attribution(
                kind=record.kind,
                speaker=record.speaker.strip(),
                speaker_role=_blank_to_none(record.speaker_role),
                proposition=record.statement.strip(),
                quote=quoted_span(
                    by_number[record.sentence].text, by_number[record.sentence].start
                ),
                evidence=by_number[record.sentence].span,
            )
            for record in answer.records
        ]

    async def _figures(
        self, article: Article, passage: Passage, cues: list[int], meter: Meter
    ) -> list[Figure]:
        notes = [_FIGURE_NOTE + _listing(cues)]
        answer = await self._client.ask(
            self._messages(self._prompts.statistics, article, passage, notes, has_number),
            Figures,
            meter,
            context={"sentence_numbers": {s.number for s in passage.sentences}},
        )
        by_number = {s.number: s for s in passage.sentences}
        return [
            Figure(
                value=as_number(record.value),
                unit=_blank_to_none(record.unit),
                total=None if record.total is None else as_number(record.total),
                measure=record.measure.strip(),
                source=_blank_to_none(record.source),
                evidence=by_number[record.sentence].span,
            )
            for record in answer.statistics
            if not looks_like_year(as_number(record.value), by_number[record.sentence].text)
        ]

    def _messages(
        self,
        prompt: Prompt,
        article: Article,
        passage: Passage,
        notes: list[str],
        cue: Callable[[str], bool],
    ) -> list[dict[str, str]]:
        user = article_block(passage.numbered(), article.published, article.title, notes)
        example_sentences: list[str] = prompt.example["sentences"]
        example_cues = [n for n, text in enumerate(example_sentences, start=1) if cue(text)]
        note = _ATTRIBUTION_NOTE if cue is has_reporting_cue else _FIGURE_NOTE
        return conversation(
            prompt.system,
            prompt.example,
            numbered(example_sentences),
            user,
            [note + _listing(example_cues)],
        )


def _listing(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = value.strip()
    return stripped if stripped and stripped.lower() not in {"null", "none", "n/a"} else None


def _completed(
    sentences: list[Sentence], attributions: list[Attribution], figures: list[Figure]
) -> tuple[list[Attribution], list[Figure]]:
    """The records the rules add to the model's."""
    return completed_attributions(sentences, attributions), completed_figures(sentences, figures)
