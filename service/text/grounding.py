"""Find the model's evidence in the article and compute exact offsets.

The model's copy of a sentence is rarely byte-exact: it straightens curly
quotes, folds whitespace, drops a word at an edge or elides the middle with
"...". Matching happens on a normalised view of both strings, but every span
returned indexes the original text, so `text[start:end]` is always exact.
"""

from __future__ import annotations

import re

from service.core.span import Span

_EQUIVALENT_CHARS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026|\[\.\.\.\])\s*")
_MIN_WORDS_AFTER_TRIM = 4
_MAX_EDGE_WORDS_DROPPED = 2
_MAX_ELLIPSIS_GAP = 600


class _Normalised:
    """The text with equivalent characters unified and whitespace folded, mapped back."""

    def __init__(self, original: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        previous_space = True
        for index, char in enumerate(original.translate(_EQUIVALENT_CHARS)):
            if char.isspace():
                if previous_space:
                    continue
                char = " "
            previous_space = char == " "
            chars.append(char.casefold() if len(char.casefold()) == 1 else char)
            origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def to_original(self, start: int, end: int) -> Span:
        """Map a normalised [start, end) back onto the original string."""
        return Span(self.origin[start], self.origin[end - 1] + 1)


def _normalise_fragment(fragment: str) -> str:
    return _Normalised(fragment).text.strip()


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    position = haystack.find(needle)
    while position != -1 and needle:
        found.append(position)
        position = haystack.find(needle, position + 1)
    return found


class ArticleIndex:
    """An article prepared once for many evidence look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._normalised = _Normalised(text)

    def locate(self, fragment: str, near: int | None = None) -> Span | None:
        """Return the span of `fragment` in the article, or None if it is not there.

        Where the fragment occurs more than once, the occurrence closest to
        `near` (an offset in the original text) wins, else the first.
        """
        needle = _normalise_fragment(fragment)
        if not needle:
            return None
        pieces = [piece for piece in _ELLIPSIS.split(needle) if piece]
        if len(pieces) > 1:
            return self._locate_elided(pieces, near)
        return self._locate_whole(needle, near) or self._locate_trimmed(needle, near)

    def _locate_whole(self, needle: str, near: int | None, after: int = 0) -> Span | None:
        starts = _occurrences(self._normalised.text, needle)
        spans = [self._normalised.to_original(s, s + len(needle)) for s in starts]
        spans = [span for span in spans if span.start >= after]
        if not spans:
            return None
        if near is None:
            return spans[0]
        return min(spans, key=lambda span: abs(span.start - near))

    def _locate_trimmed(self, needle: str, near: int | None, after: int = 0) -> Span | None:
        """Tolerate a word the model added or dropped at either edge."""
        words = needle.split(" ")
        for dropped in range(1, 2 * _MAX_EDGE_WORDS_DROPPED + 1):
            for from_start in range(dropped + 1):
                from_end = dropped - from_start
                if max(from_start, from_end) > _MAX_EDGE_WORDS_DROPPED:
                    continue
                kept = words[from_start : len(words) - from_end]
                if len(kept) < _MIN_WORDS_AFTER_TRIM:
                    continue
                span = self._locate_whole(" ".join(kept), near, after)
                if span is not None:
                    return span
        return None

    def _locate_elided(self, pieces: list[str], near: int | None) -> Span | None:
        """A fragment like "A ... B": both parts present, in order, close together."""
        first = self._locate_whole(pieces[0], near) or self._locate_trimmed(pieces[0], near)
        if first is None:
            return None
        end = first.end
        for piece in pieces[1:]:
            # Only occurrences after the previous piece count: a closer one before it
            # must not hide the one the "..." stands in front of.
            following = self._locate_whole(piece, end, end) or self._locate_trimmed(piece, end, end)
            if following is None or following.start - end > _MAX_ELLIPSIS_GAP:
                return None
            end = following.end
        return Span(first.start, end)
