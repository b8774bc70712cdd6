"""How much two short texts say the same: shared words over all words, common ones aside."""

from __future__ import annotations

import re

from service.text.lexicon import OVERLAP_STOPWORDS

_WORD = re.compile(r"[^\W_]+")


def _tokens(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if w not in OVERLAP_STOPWORDS}


def overlap(first: str, second: str) -> float:
    """Jaccard overlap of the two texts' words, stopwords left out (0 when either has none)."""
    a, b = _tokens(first), _tokens(second)
    return len(a & b) / len(a | b) if a and b else 0.0
