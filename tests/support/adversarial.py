"""Articles shaped to make text rules slow: each one is 100,000 characters, the body limit's text.

A rule that reads a sentence once per number or name in it, or an article once per
sentence, costs these their length squared; a linear one reads each in a moment.
"""

from __future__ import annotations

from string import ascii_lowercase

CHARS = 100_000


def _distinct_words(count: int, stem: str) -> list[str]:
    """`count` different capitalised words ("Capaa", "Capab", ...)."""
    letters = ascii_lowercase
    return [
        f"{stem}{letters[i // 676 % 26]}{letters[i // 26 % 26]}{letters[i % 26]}"
        for i in range(count)
    ]


def _filled(piece: list[str], separator: str = " ") -> str:
    return separator.join(piece)[:CHARS]


SHAPES: dict[str, str] = {
    # " ".join(map(str, range(N))): one "sentence" of bare numbers and no full stop.
    "bare-numbers": _filled([str(n) for n in range(CHARS)]),
    "only-quotation-marks": '"' * CHARS,
    "only-capitalised-words": _filled(_distinct_words(CHARS // 6, "Cap")),
    "one-sentence-no-full-stop": _filled(["the minister said that officials denied"] * CHARS),
    # Each sentence a different name, so that no two sentences read alike.
    "five-thousand-one-word-sentences": _filled(
        [f"{word}." for word in _distinct_words(5000, "Extraordinarily")]
    ),
}
