"""When a gold and a predicted record, or two of their fields, count as the same.

Names, roles, sources and units compare by token containment: both sides are
case-folded, stripped of diacritics and split on anything but letters and digits,
and they agree when one side's tokens are all among the other's ("Ozturk" ~
"Leyla Öztürk", "spokeswoman" ~ "Harbour Authority spokeswoman"). A blank
name never matches. Numbers agree within 0.5% of the larger magnitude.
"""

from __future__ import annotations

import math
import string
import unicodedata
from collections.abc import Mapping
from typing import Any, Final, TypeGuard

TOLERANCE: Final = 0.005
Span = tuple[int, int]
Record = Mapping[str, Any]

# Letters that NFKD does not decompose but that people still type without the mark.
_FOLD: Final = str.maketrans(
    {
        "\u0131": "i",  # dotless i, as in Turkish names
        "\u00f8": "o",
        "\u00d8": "O",
        "\u0142": "l",
        "\u0141": "L",
        "\u0111": "d",
        "\u0110": "D",
        "\u00e6": "ae",
        "\u00c6": "AE",
        "\u0153": "oe",
        "\u0152": "OE",
        "\u2018": "'",  # curly single quotes
        "\u2019": "'",
        "\u201c": '"',  # curly and low double quotes
        "\u201d": '"',
        "\u201e": '"',
    }
)
# Guillemets, en and em dashes and the ellipsis also frame quotes in news text.
_EDGES: Final = string.punctuation + string.whitespace + "\u00ab\u00bb\u2013\u2014\u2026"


def fold(text: str) -> str:
    """Case-fold and drop diacritics, so "Davutoğlu" and "davutoglu" are one string."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str | None) -> frozenset[str]:
    """Folded word tokens; apostrophes join rather than split ("O'Brien" is one token)."""
    if not text:
        return frozenset()
    spaced = "".join(c if c.isalnum() else " " for c in fold(text).replace("'", ""))
    return frozenset(spaced.split())


def normalise(text: str) -> str:
    """Fold, collapse whitespace and strip quotes and punctuation at both ends."""
    return " ".join(fold(text).split()).strip(_EDGES)


def names_match(a: str | None, b: str | None) -> bool:
    """Whether one name's tokens are all among the other's; blank names never match."""
    left, right = tokens(a), tokens(b)
    return bool(left) and bool(right) and (left <= right or right <= left)


def is_number(value: object) -> TypeGuard[int | float]:
    """Whether a JSON value is a finite number (booleans are not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def numbers_match(a: object, b: object) -> bool:
    """Whether two values are numbers equal within 0.5% of the larger one."""
    return is_number(a) and is_number(b) and math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=0.0)


def show_number(value: object) -> str:
    """A number as a reader writes it: 57 rather than 57.0."""
    if not is_number(value):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    # Rounding hides float noise such as 3.3000000000000003.
    return str(round(float(value), 6))


def span(record: Record) -> Span | None:
    """The record's evidence offsets, or None when it has no usable span."""
    evidence = record.get("evidence")
    if not isinstance(evidence, Mapping):
        return None
    start, end = evidence.get("start"), evidence.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        return (start, end)
    return None


def overlap(a: Span | None, b: Span | None) -> float:
    """Intersection over union of two spans; above zero exactly when they overlap."""
    if a is None or b is None:
        return 0.0
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return 0.0
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


def speaker(record: Record) -> str | None:
    """The speaker's name of a claim or denial, or None."""
    who = record.get("speaker")
    name = who.get("name") if isinstance(who, Mapping) else None
    return name if isinstance(name, str) and name.strip() else None


def mismatch(kind: str, gold: Record, predicted: Record) -> str | None:
    """Why two records of one type cannot pair, or None when they can."""
    if overlap(span(gold), span(predicted)) == 0.0:
        return "evidence does not overlap"
    return content_mismatch(kind, gold, predicted)


def content_mismatch(kind: str, gold: Record, predicted: Record) -> str | None:
    """Why two records disagree on who said it or on the number, evidence aside."""
    if kind == "statistics":
        value, wanted = predicted.get("value"), gold.get("value")
        if not numbers_match(value, wanted):
            return f"value {show_number(value)} is not within 0.5% of {show_number(wanted)}"
        total, wanted = predicted.get("total"), gold.get("total")
        if total is not None and wanted is not None and not numbers_match(total, wanted):
            return f"total {show_number(total)} does not match {show_number(wanted)}"
        return None
    name, wanted_name = speaker(predicted), speaker(gold)
    if name is None:
        return "its speaker is missing"
    if not names_match(name, wanted_name):
        return f'speaker "{name}" does not match "{wanted_name}"'
    return None
