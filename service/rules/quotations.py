"""A quotation is one speaker's words, however many sentences it runs over.

'She said: "The port is safe. Ships will sail on Monday."' is two claims by her,
and so is '"The port is safe. Ships will sail on Monday," she said.' Only the
sentence that names her has a verb of speech; the quotation marks say whose the
other sentences are. LABELS.md then makes one record per proposition.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from service.core.findings import Attribution
from service.core.span import Span
from service.rules.cues import uses_a_denial_verb
from service.rules.statements import statement_of
from service.text.passages import Sentence
from service.text.quotes import overlapping, quoted_span


def quoted_on(
    found: list[Attribution], sentences: list[Sentence], quoted: list[Span], text: str
) -> list[Attribution]:
    """Claims for the sentences of a quotation whose speaker another of its sentences names."""
    said = {attribution.evidence: attribution for attribution in found}
    by_span = {sentence.span: sentence for sentence in sentences}
    spans = [sentence.span for sentence in sentences]
    ends = [span.end for span in spans]
    added: list[Attribution] = []
    for quotation, overlapped in zip(quoted, overlapping(spans, quoted), strict=True):
        inside = [by_span[span] for span in overlapped]
        # 'She replied:' on a line of its own introduces the quotation after it.
        before = bisect.bisect_right(ends, quotation.start) - 1
        introducer = sentences[before] if before >= 0 else None
        if introducer and _introduces(introducer, quotation, text) and introducer.span in said:
            inside = [introducer, *inside]
        if len(inside) < 2:
            continue
        named = [said[s.span] for s in inside if s.span in said]
        if not named or len({a.speaker for a in named}) > 1:
            continue  # no one, or more than one, claims these words
        for sentence in inside:
            if sentence.span in said:
                continue
            added.append(
                replace(
                    named[0],
                    kind="denial" if uses_a_denial_verb(sentence.text) else "claim",
                    proposition=statement_of(sentence.text),
                    quote=quoted_span(sentence.text, sentence.start),
                    evidence=sentence.span,
                )
            )
            said[sentence.span] = added[-1]
    return added


def _introduces(sentence: Sentence, quotation: Span, text: str) -> bool:
    """Does the sentence end on a colon with only white space before the quotation?"""
    return (
        sentence.text.endswith(":")
        and sentence.end <= quotation.start
        and not text[sentence.end : quotation.start].strip()
    )
