"""Labelled articles: an article's text beside its gold records, with evidence offsets found."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

RECORD_TYPES: Final = ("claims", "denials", "statistics")
GOLD_SUFFIX: Final = ".gold.json"
TEXT_SUFFIX: Final = ".txt"


@dataclass(frozen=True)
class Case:
    """One labelled article; every gold `evidence` carries `text`, `start` and `end`."""

    id: str
    text: str
    title: str | None
    published: str | None
    gold: dict[str, list[dict[str, Any]]]
    notes: str | None


def load_cases(directory: Path, only: Collection[str] | None = None) -> list[Case]:
    """Load each `<id>.txt` with its `<id>.gold.json` from `directory`, sorted by id."""
    ids = _case_ids(directory)
    if only is not None:
        wanted = set(only)
        unknown = sorted(wanted - set(ids))
        if unknown:
            known = ", ".join(ids) or "(none)"
            raise ValueError(
                f"unknown case id(s) {', '.join(unknown)} in {directory}; known ids: {known}"
            )
        ids = [case_id for case_id in ids if case_id in wanted]
    return [_load_case(directory, case_id) for case_id in ids]


def _case_ids(directory: Path) -> list[str]:
    if not directory.is_dir():
        raise FileNotFoundError(f"case directory {directory} does not exist")
    texts = _stems(directory, TEXT_SUFFIX)
    golds = _stems(directory, GOLD_SUFFIX)
    if lonely := sorted(texts - golds):
        names = ", ".join(f"{case_id}{TEXT_SUFFIX}" for case_id in lonely)
        raise ValueError(
            f"{directory}: no gold file for {names} (expected {lonely[0]}{GOLD_SUFFIX} beside it)"
        )
    if lonely := sorted(golds - texts):
        names = ", ".join(f"{case_id}{GOLD_SUFFIX}" for case_id in lonely)
        raise ValueError(f"{directory}: no article text for {names}")
    return sorted(texts)


def _stems(directory: Path, suffix: str) -> set[str]:
    return {
        path.name.removesuffix(suffix) for path in directory.glob(f"*{suffix}") if path.is_file()
    }


def _load_case(directory: Path, case_id: str) -> Case:
    text = (directory / f"{case_id}{TEXT_SUFFIX}").read_text(encoding="utf-8")
    gold_path = directory / f"{case_id}{GOLD_SUFFIX}"
    try:
        raw = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{gold_path}: not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{gold_path}: expected a JSON object")
    article = raw.get("article", case_id)
    if article != case_id:
        raise ValueError(
            f'{gold_path}: "article" is {article!r} but the file name says {case_id!r}'
        )
    gold = {
        kind: [_ground(case_id, kind, record, text) for record in _records(gold_path, raw, kind)]
        for kind in RECORD_TYPES
    }
    _check_ids(case_id, gold)
    return Case(
        id=case_id,
        text=text,
        title=_optional_text(gold_path, raw, "title"),
        published=_published(gold_path, raw),
        gold=gold,
        notes=_optional_text(gold_path, raw, "notes"),
    )


def _records(gold_path: Path, raw: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    records = raw.get(kind)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError(f'{gold_path}: "{kind}" must be a list of records (use [] for none)')
    return records


def _ground(case_id: str, kind: str, record: dict[str, Any], text: str) -> dict[str, Any]:
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise ValueError(f"case {case_id}: a {kind} record has no id")
    evidence = record.get("evidence")
    quoted = evidence.get("text") if isinstance(evidence, dict) else None
    if not isinstance(quoted, str) or not quoted:
        raise ValueError(f"case {case_id}: {kind} record {record_id} has no evidence text")
    # Gold evidence is verbatim, so the first occurrence is the span; the guide keeps
    # evidence long enough (a sentence) that a repeat elsewhere is not a real concern.
    start = text.find(quoted)
    if start < 0:
        hint = " (it differs only in whitespace)" if _squash(quoted) in _squash(text) else ""
        raise ValueError(
            f"case {case_id}: {kind} record {record_id}: evidence not found in the article"
            f"{hint}: {quoted[:80]!r}"
        )
    grounded = copy.deepcopy(record)
    grounded["evidence"] = {"text": quoted, "start": start, "end": start + len(quoted)}
    return grounded


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_ids(case_id: str, gold: dict[str, list[dict[str, Any]]]) -> None:
    for kind, records in gold.items():
        ids = [record["id"] for record in records]
        if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"case {case_id}: duplicate {kind} id(s) {', '.join(duplicates)}")
    claim_ids = {claim["id"] for claim in gold["claims"]}
    for denial in gold["denials"]:
        rebuts = denial.get("rebuts")
        if rebuts is not None and rebuts not in claim_ids:
            raise ValueError(
                f"case {case_id}: denial {denial['id']} rebuts {rebuts!r}, which is not a claim id"
            )


def _optional_text(gold_path: Path, raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f'{gold_path}: "{key}" must be a string or null')
    return value


def _published(gold_path: Path, raw: dict[str, Any]) -> str | None:
    value = _optional_text(gold_path, raw, "published")
    if value is not None and not _is_iso_date(value):
        raise ValueError(f'{gold_path}: "published" {value!r} is not a YYYY-MM-DD date')
    return value


def _is_iso_date(value: str) -> bool:
    # fromisoformat alone also takes "20151008"; the contract wants the dashed form.
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
