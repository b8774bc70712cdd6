"""Figures after the model: part of a whole, a value written in its evidence, one record each."""

from __future__ import annotations

import re
from dataclasses import replace

from service.core.findings import Figure, Ungrounded
from service.text.numbers import is_mentioned, parse_number
from service.text.overlap import overlap

_SAME_FIGURE_OVERLAP = 0.5


def grounded_figures(found: list[Figure], text: str) -> tuple[list[Figure], list[Ungrounded]]:
    """Each figure read as part of a whole where it is one; kept if its value is in its evidence."""
    grounded: list[Figure] = []
    dropped: list[Ungrounded] = []
    for figure in (part_of_whole(figure, text) for figure in found):
        if is_mentioned(figure.value, figure.evidence.of(text)):
            grounded.append(figure)
        else:
            dropped.append(
                Ungrounded(
                    "statistic",
                    "value not written in its evidence",
                    _figure_fields(figure),
                    figure.evidence,
                )
            )
    return grounded, dropped


def distinct_figures(found: list[Figure]) -> list[Figure]:
    """The same figure repeated in the article is one record (LABELS.md)."""
    kept: list[Figure] = []
    # Only a figure of the same value, unit and whole can repeat another: grouped by
    # those, each is compared with its own few, not with every figure kept before it.
    alike: dict[tuple[float | int, str, float | int | None], list[Figure]] = {}
    for candidate in sorted(found, key=lambda f: (f.evidence.start, f.evidence.end)):
        same = alike.setdefault(
            (candidate.value, (candidate.unit or "").casefold(), candidate.total), []
        )
        if not any(
            earlier.evidence == candidate.evidence
            or overlap(earlier.measure, candidate.measure) >= _SAME_FIGURE_OVERLAP
            for earlier in same
        ):
            kept.append(candidate)
            same.append(candidate)
    return kept


# A lookahead, so that every word is tried as the part: otherwise "Only" in
# "Only two of the 40" starts the match and hides "two".
_PART_OF_WHOLE = re.compile(
    r"(?=\b(?P<part>\d[\d,.]*|[a-z]+(?:-[a-z]+)?)\s+(?:[^\W\d]+\s+){0,8}?"
    r"(?:out of|of) (?:a total of |the |their |all )*(?P<whole>\d[\d,.]*))",
    re.IGNORECASE,
)


def part_of_whole(figure: Figure, text: str) -> Figure:
    """Read "38 ... out of a total of 40" as value 38, total 40, whichever one the model gave."""
    sentence = text[figure.evidence.start : figure.evidence.end]
    for match in _PART_OF_WHOLE.finditer(sentence):
        part, whole = parse_number(match["part"]), parse_number(match["whole"])
        if part is None or whole is None or not part < whole:
            continue
        if figure.value == whole and figure.total is None:
            return replace(figure, value=part, total=whole)
        if figure.value == part and figure.total is None:
            return replace(figure, total=whole)
    return figure


def _figure_fields(figure: Figure) -> dict[str, object]:
    return {
        "value": figure.value,
        "unit": figure.unit,
        "total": figure.total,
        "measure": figure.measure,
        "source": figure.source,
    }
