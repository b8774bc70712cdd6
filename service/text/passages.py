"""Cut an article into sentences and into passages that fit one model call."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from service.core.span import Span
from service.text.lexicon import ABBREVIATIONS

# A sentence ends at . ! ? (plus any closing quotes or brackets) followed by
# whitespace and an opening capital, digit or quote; or at a line break.
_BOUNDARY = re.compile(
    r"(?<=[.!?])([\"'\u201d\u2019)\]]*)\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f])|\n\s*"
)
_ABBREVIATIONS = re.compile(rf"(?:\b(?:{ABBREVIATIONS})|\b[A-Z])\.$")
MAX_SENTENCE_CHARS = 1000
"""A longer run of text with no sentence end (a list of figures, a table) is read in
pieces of at most this many characters, cut at a space. Every rule reads a sentence
as a whole and some read it once per number or name in it, so an unbounded sentence
would cost them its length squared; and a record's evidence is its sentence. The
longest sentence of the shared corpus and the seeds has 805 characters."""


@dataclass(frozen=True)
class Sentence:
    """One sentence: its number in the article (from 1) and its exact span."""

    number: int
    span: Span
    text: str

    @property
    def start(self) -> int:
        """Offset of the sentence's first character."""
        return self.span.start

    @property
    def end(self) -> int:
        """Offset just past the sentence's last character."""
        return self.span.end


@dataclass(frozen=True)
class Passage:
    """Consecutive sentences that go to the model together."""

    sentences: tuple[Sentence, ...]

    @property
    def start(self) -> int:
        """Offset of the passage's first character."""
        return self.sentences[0].start

    @property
    def end(self) -> int:
        """Offset just past the passage's last character."""
        return self.sentences[-1].end

    def numbered(self) -> str:
        """The passage as the model sees it: one numbered sentence a line."""
        return "\n".join(f"[{s.number}] {s.text}" for s in self.sentences)


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences whose spans index `text` exactly; blank ones are skipped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        if _ABBREVIATIONS.search(text[start : boundary.start()]) and "\n" not in boundary.group():
            continue
        # Closing quotes and brackets after the full stop end this sentence, not the next.
        spans.append((start, boundary.end(1) if boundary.group(1) else boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    sentences: list[Sentence] = []
    for raw_start, raw_end in (piece for span in spans for piece in _bounded(text, *span)):
        piece = text[raw_start:raw_end]
        stripped = piece.strip()
        if not stripped:
            continue
        offset = raw_start + piece.index(stripped)
        span = Span(offset, offset + len(stripped))
        sentences.append(Sentence(len(sentences) + 1, span, stripped))
    return sentences


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """text[start:end] in pieces of at most MAX_SENTENCE_CHARS, each cut at its last space."""
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
    yield start, end


def group_passages(sentences: list[Sentence], max_chars: int) -> list[Passage]:
    """Pack consecutive sentences into passages of at most `max_chars` (long ones stand alone)."""
    passages: list[Passage] = []
    current: list[Sentence] = []
    size = 0
    for sentence in sentences:
        length = len(sentence.text) + 1
        if current and size + length > max_chars:
            passages.append(Passage(tuple(current)))
            current, size = [], 0
        current.append(sentence)
        size += length
    if current:
        passages.append(Passage(tuple(current)))
    return passages
