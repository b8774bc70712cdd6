"""LangExtract's extractions as this service's records, so that one scorer judges both.

LangExtract aligns each extraction's text to the article and gives its
character interval; that interval becomes the record's evidence span as is.
An extraction it could not align has no span: it is kept, and so can only
count as a false positive, as it would to a reader checking the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from benchmarks.outcome import Records, no_records
from service.text.numbers import parse_number

_BLANK = frozenset({"", "none", "null", "n/a", "na", "unknown", "-"})
_PREFIX = {"claim": "c", "denial": "d", "statistic": "s"}


class Interval(Protocol):
    """LangExtract's CharInterval: offsets into the article, end exclusive."""

    @property
    def start_pos(self) -> int | None: ...

    @property
    def end_pos(self) -> int | None: ...


class ExtractionLike(Protocol):
    """The parts of LangExtract's `data.Extraction` that the conversion reads."""

    @property
    def extraction_class(self) -> str: ...

    @property
    def extraction_text(self) -> str: ...

    @property
    def char_interval(self) -> Interval | None: ...

    @property
    def attributes(self) -> Mapping[str, Any] | None: ...


def records_from_extractions(text: str, extractions: Iterable[ExtractionLike]) -> Records:
    """Claims, denials and statistics in the API's shape, ids numbered in order of appearance."""
    records = no_records()
    for extraction in extractions:
        kind = extraction.extraction_class.strip().lower()
        if kind not in _PREFIX:
            continue
        attributes = dict(extraction.attributes or {})
        plural = "statistics" if kind == "statistic" else f"{kind}s"
        record_id = f"{_PREFIX[kind]}{len(records[plural]) + 1}"
        evidence = _evidence(text, extraction)
        if kind == "statistic":
            records[plural].append(_statistic(record_id, extraction, attributes, evidence))
        else:
            records[plural].append(_attribution(record_id, kind, extraction, attributes, evidence))
    return records


def _evidence(text: str, extraction: ExtractionLike) -> dict[str, Any]:
    interval = extraction.char_interval
    start = interval.start_pos if interval is not None else None
    end = interval.end_pos if interval is not None else None
    if start is None or end is None or not 0 <= start < end <= len(text):
        return {"text": extraction.extraction_text, "start": None, "end": None}
    return {"text": text[start:end], "start": start, "end": end}


def _attribution(
    record_id: str,
    kind: str,
    extraction: ExtractionLike,
    attributes: dict[str, Any],
    evidence: dict[str, Any],
) -> dict[str, Any]:
    proposition = "statement" if kind == "claim" else "denied"
    record: dict[str, Any] = {
        "id": record_id,
        "speaker": {
            "name": _text(attributes.get("speaker")),
            "role": _text(attributes.get("role")),
        },
        proposition: _text(attributes.get(proposition)) or extraction.extraction_text,
        "quote": _text(attributes.get("quote")),
        "date": None,
        "evidence": evidence,
    }
    if kind == "denial":
        record["rebuts"] = None
    return record


def _statistic(
    record_id: str, extraction: ExtractionLike, attributes: dict[str, Any], evidence: dict[str, Any]
) -> dict[str, Any]:
    value = _number(attributes.get("value"))
    if value is None:
        value = _number(extraction.extraction_text)
    return {
        "id": record_id,
        "value": value,
        "unit": _text(attributes.get("unit")),
        "total": _number(attributes.get("total")),
        "measure": _text(attributes.get("measure")) or extraction.extraction_text,
        "source": _text(attributes.get("source")),
        "date": None,
        "evidence": evidence,
    }


def _text(value: object) -> str | None:
    """An attribute as text; LangExtract may give a list, and small models write "none"."""
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    if value is None:
        return None
    shown = str(value).strip()
    return None if shown.lower() in _BLANK else shown


def _number(value: object) -> float | int | None:
    shown = _text(value)
    return parse_number(shown) if shown is not None else None
