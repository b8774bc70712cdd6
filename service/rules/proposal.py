"""What code proposes before the model is asked, and what it completes after.

`propose` parses the article once and takes what grammar decides: the records
whose speaker the parse names (`service.rules.speech`) and every figure. For the
sentences left open, `speakers_to_offer` lists who may have spoken, the parse's
candidates first. `completed` gives a quotation's other sentences to its speaker
and makes one record per proposition.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.core.findings import Attribution, Figure
from service.rules.candidates import MAX_OPTIONS, SpeakerOptions, speaker_options
from service.rules.completion import completed_figures
from service.rules.propositions import one_per_proposition, quotation_continues
from service.rules.quotations import quoted_on
from service.rules.speech import Report, reports, spoken
from service.text.parse import Document, parse
from service.text.passages import Sentence


@dataclass(frozen=True)
class Proposal:
    """What code decides before the model is asked."""

    document: Document
    found: dict[int, Report]
    """Each reporting sentence's grammar, by where the sentence starts."""
    ruled: list[Attribution]
    """The records whose speaker the grammar names."""
    figures: list[Figure]
    decided: set[int]
    """Where the sentences that need no question start: those the grammar attributed,
    and those inside a quotation opened before them (its opener's speaker's)."""


def propose(text: str) -> Proposal:
    """Parse the article and take what its grammar decides."""
    document = parse(text)
    sentences = document.sentences
    found = {report.sentence.start: report for report in reports(document)}
    ruled = spoken(list(found.values()))
    decided = {attribution.evidence.start for attribution in ruled}
    decided |= {
        inside.start
        for sentence in sentences
        for inside in quotation_continues(sentence, sentences, text)
    }
    return Proposal(document, found, ruled, completed_figures(sentences, []), decided)


def speakers_to_offer(
    sentences: list[Sentence],
    open_sentences: list[Sentence],
    said: dict[int, str],
    found: dict[int, Report],
) -> list[SpeakerOptions]:
    """Who may speak in each open sentence: the parse's candidates first, then the
    names and sources the sentence and those before it hold."""
    proposed = []
    for option in speaker_options(sentences, open_sentences, said):
        report = found.get(option.sentence.start)
        parsed = [] if report is None else [report.speaker, *report.candidates]
        names = [name for name in (*parsed, *option.options) if name]
        proposed.append(SpeakerOptions(option.sentence, tuple(dict.fromkeys(names))[:MAX_OPTIONS]))
    return proposed


def completed(found: list[Attribution], document: Document) -> list[Attribution]:
    """The records with the rest of each quotation added, one record per proposition."""
    found = found + quoted_on(found, document.sentences, document.quotations, document.text)
    return [part for record in found for part in one_per_proposition(record, document.text)]
