"""Find the directly quoted words inside a sentence, so the model need not copy them."""

from __future__ import annotations

import re

from service.core.span import Span
from service.text.lexicon import CLOSING_QUOTES, OPENING_QUOTES, QUOTE_MARKS

_QUOTED = re.compile(rf"[{OPENING_QUOTES}]([^{QUOTE_MARKS}]+)[{CLOSING_QUOTES}]")
_MIN_QUOTE_WORDS = 3
_TRAILING = " ,;:"


def quoted_span(sentence: str, offset: int) -> Span | None:
    """Return the longest quotation of three or more words in `sentence`, offset into the article.

    A sentence cut out of a quotation that spans several sentences has an
    unmatched mark; the words on its open side count as quoted too.
    """
    candidates: list[tuple[int, int]] = [(m.start(1), m.end(1)) for m in _QUOTED.finditer(sentence)]
    marks = [i for i, char in enumerate(sentence) if char in QUOTE_MARKS]
    if len(marks) % 2 == 1:
        first, last = marks[0], marks[-1]
        if (
            sentence[first] in CLOSING_QUOTES
            and sentence[first] not in OPENING_QUOTES[1:]
            and (sentence[first] != '"' or _closes(sentence, first))
        ):
            candidates.append((0, first))
        if sentence[last] in OPENING_QUOTES and (
            sentence[last] != '"' or not _closes(sentence, last)
        ):
            candidates.append((last + 1, len(sentence)))
    best: tuple[int, int] | None = None
    for start, end in candidates:
        while end > start and sentence[end - 1] in _TRAILING:
            end -= 1
        while start < end and sentence[start] == " ":
            start += 1
        if len(sentence[start:end].split()) < _MIN_QUOTE_WORDS:
            continue
        if best is None or end - start > best[1] - best[0]:
            best = (start, end)
    return None if best is None else Span(offset + best[0], offset + best[1])


def _closes(sentence: str, index: int) -> bool:
    """A straight quote mark that follows a word or a full stop closes a quotation."""
    return index > 0 and not sentence[index - 1].isspace() and sentence[index - 1] not in "(["


def quotations(text: str) -> list[Span]:
    """Every quotation in the article, from its opening mark to its closing one.

    Curly marks say which way they face; a straight mark opens when none is open
    and closes the one that is. A quotation left open ends with its paragraph,
    where news style opens it again if it runs on.
    """
    found: list[Span] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char == "\n" and opened is not None and text.startswith("\n", index + 1):
            found.append(Span(opened, index))
            opened = None
        elif opened is None and char in OPENING_QUOTES:
            opened = index
        elif (
            opened is not None and char in CLOSING_QUOTES and not (char == text[opened] == "\u201c")
        ):
            found.append(Span(opened, index + 1))
            opened = None
    if opened is not None:
        found.append(Span(opened, len(text.rstrip())))
    return found


def overlapping(spans: list[Span], windows: list[Span]) -> list[list[Span]]:
    """For each of `windows`, the `spans` that overlap it; both sorted and non-overlapping.

    One sweep over both lists, so that each sentence looks at its own few
    quotations (or each quotation at its own sentences) however many there are.
    """
    found: list[list[Span]] = []
    first = 0
    for window in windows:
        while first < len(spans) and spans[first].end <= window.start:
            first += 1
        here = []
        for candidate in spans[first:]:
            if candidate.start >= window.end:
                break
            here.append(candidate)
        found.append(here)
    return found
