"""One record per proposition: a reporting sentence that makes two points is two records.

LABELS.md counts a sentence such as "the mayor said the bridge reopens in May,
adding that tolls will rise" as two claims. Code splits a sentence where
English joins two statements: a semicolon, a second reporting verb after "and"
or "but", "adding that", or "while". Each part keeps the sentence's speaker
unless it names its own ("..., and the union said ..."), and cites only its own
words.

Not split: "and" or "but" before a clause with a verb of its own ("four died
and two were rescued, officials said"). On the shared corpus of real news the
labellers keep such a sentence as one claim, and splitting it cost the full
system 0.005 micro-F1 (`python -m evals --cases ../shared/corpus/cases`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from service.core.findings import Attribution
from service.core.span import Span
from service.rules.completion import speaker_named_in
from service.rules.cues import may_report_speech, uses_a_denial_verb
from service.rules.statements import statement_of
from service.text.lexicon import QUOTE_MARKS, REPORTING_VERBS
from service.text.passages import Sentence
from service.text.quotes import quoted_span

_JOINS = re.compile(
    r";\s+"
    rf"|,?\s+(?:and|but)\s+(?:also\s+|then\s+|later\s+)?(?=(?:{REPORTING_VERBS}|states|claimed)\b)"
    r"|,\s+(?=adding\b)"
    r"|,\s+while\s+",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\b(?:was|were|is|are|has|have|had|did|does|will|would|could|can|lost|broke|fell|took|"
    r"made|left|found|came|went|gave|got|held|began|ran|\w{2,}ed)\b",
    re.IGNORECASE,
)
# What follows "while" has a subject of its own: the speaker's only if it says so.
_CONTRAST = re.compile(r".*,\s+while\s+$", re.DOTALL)
MIN_WORDS = 3
"""A part shorter than this is a fragment of the other, not a statement of its own."""


def one_per_proposition(found: Attribution, text: str) -> list[Attribution]:
    """`found` split where its evidence joins two statements; itself when it makes one point."""
    evidence = found.evidence.of(text)
    parts = _parts(evidence)
    if len(parts) < 2:
        return [found]
    split: list[Attribution] = []
    for number, (start, end) in enumerate(parts):
        words = evidence[start:end]
        span = Span(found.evidence.start + start, found.evidence.start + end)
        named = speaker_named_in(words) if number else None
        if number and named is None and _CONTRAST.match(evidence[:start]):
            continue  # "..., while the mayor closed the schools": narration, not the speaker's
        if _narration_beside_a_semicolon(evidence, start, end):
            continue
        split.append(
            replace(
                found,
                kind="denial" if uses_a_denial_verb(words) else found.kind,
                speaker=named or found.speaker,
                proposition=statement_of(words),
                quote=quoted_span(words, span.start),
                evidence=span,
            )
        )
    return split


def _narration_beside_a_semicolon(evidence: str, start: int, end: int) -> bool:
    """Is this part, cut at a semicolon, the reporter's own words?

    A verb of speech reaches past a comma and "and", but not past a semicolon:
    in "Officials said two died; the road stays shut." the second half is the
    reporter's. Such a part with no speech of its own, outside any quotation,
    is no one's claim. A sentence with no verb of speech at all is a quotation
    running on from an earlier one, and each of its parts is the speaker's.
    """
    at_semicolon = evidence[end : end + 1] == ";" or evidence[:start].rstrip().endswith(";")
    return (
        at_semicolon
        and may_report_speech(evidence)
        and not may_report_speech(evidence[start:end])
        and not _inside_a_quotation(evidence, start, end)
    )


def _inside_a_quotation(evidence: str, start: int, end: int) -> bool:
    """Does a quotation mark open before the part, or does the part hold one?"""
    if any(mark in evidence[start:end] for mark in QUOTE_MARKS):
        return True
    return _leaves_quote_open(evidence[:start])


def _parts(sentence: str) -> list[tuple[int, int]]:
    cuts = [0]
    for join in _JOINS.finditer(sentence):
        before = sentence[cuts[-1] : join.start()]
        after = sentence[join.end() :]
        if _statement_like(before) and len(after.split()) >= MIN_WORDS:
            cuts.extend([join.start(), join.end()])
    cuts.append(len(sentence))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]


def _statement_like(part: str) -> bool:
    return len(part.split()) >= MIN_WORDS and _VERB.search(part) is not None


MAX_CONTINUED = 4
"""A quotation running on longer than this is more likely a quote left unclosed by mistake."""


def quotation_continues(opener: Sentence, sentences: list[Sentence], text: str) -> list[Sentence]:
    """The sentences after `opener` that its open quotation mark runs on into."""
    # Counted from the paragraph's start: a sentence that closes a quotation
    # opened before it ('... under the bridge."') leaves none open.
    paragraph_so_far = text[text.rfind("\n", 0, opener.start) + 1 : opener.end]
    if not _leaves_quote_open(paragraph_so_far):
        return []
    inside: list[Sentence] = []
    for sentence in sentences[opener.number : opener.number + MAX_CONTINUED]:
        if "\n" in text[opener.end : sentence.start]:
            break
        inside.append(sentence)
        if _closes_quote(sentence.text):
            break
    return inside


def _leaves_quote_open(sentence: str) -> bool:
    curly = sentence.count("\u201c") - sentence.count("\u201d")
    return curly > 0 or (curly == 0 and sentence.count('"') % 2 == 1)


def _closes_quote(sentence: str) -> bool:
    curly = sentence.count("\u201d") - sentence.count("\u201c")
    return curly > 0 or (curly == 0 and sentence.count('"') % 2 == 1)
