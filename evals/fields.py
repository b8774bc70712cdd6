"""Which fields of a matched gold and predicted pair agree.

Null against null agrees and null against a value does not; blank strings count
as null. `quote` and `date` compare as normalised strings (case-folded, whitespace
collapsed, quotes and punctuation stripped at the ends). `role`, `source` and
`unit` compare by token containment, as speaker names do, so a shorter but
compatible label agrees; units also fold "%"/"per cent" to "percent" and simple
plurals ("strikes" ~ "strike"). `total` agrees within 0.5%. `rebuts` agrees when
the predicted denial rebuts the prediction that was matched to the gold claim
the gold denial rebuts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from evals.equivalence import Record, names_match, normalise, numbers_match, tokens

FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "claims": ("role", "quote", "date"),
    "denials": ("role", "quote", "date", "rebuts"),
    "statistics": ("unit", "total", "source", "date"),
}


def agrees(field: str, gold: Record, predicted: Record, claim_pairs: Mapping[str, str]) -> bool:
    """Whether a matched pair agrees on one field; `claim_pairs` maps gold to predicted claim id."""
    if field == "role":
        return _loosely_equal(_role(gold), _role(predicted))
    if field == "rebuts":
        wanted, given = _text(gold.get("rebuts")), _text(predicted.get("rebuts"))
        if wanted is None or given is None:
            return wanted is given
        return claim_pairs.get(wanted) == given
    if field == "total":
        wanted_total, given_total = gold.get("total"), predicted.get("total")
        if wanted_total is None or given_total is None:
            return wanted_total is given_total
        return numbers_match(wanted_total, given_total)
    wanted, given = _text(gold.get(field)), _text(predicted.get(field))
    if wanted is None or given is None:
        return wanted is given
    if field == "unit":
        return _units_equal(wanted, given)
    if field == "source":
        return _loosely_equal(wanted, given)
    return normalise(wanted) == normalise(given)


def _role(record: Record) -> str | None:
    who = record.get("speaker")
    return _text(who.get("role")) if isinstance(who, Mapping) else None


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _loosely_equal(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return normalise(a) == normalise(b) or names_match(a, b)


def _units_equal(a: str, b: str) -> bool:
    left, right = _unit_tokens(a), _unit_tokens(b)
    if not left or not right:
        return normalise(a) == normalise(b)
    return left <= right or right <= left


def _unit_tokens(unit: str) -> frozenset[str]:
    spelled = unit.replace("%", " percent ").lower().replace("per cent", "percent")
    return frozenset(_singular(token) for token in tokens(spelled))


def _singular(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token
