"""System (c), the naive baseline: one instructor call for the whole article, found with str.find.

No passages, no worked example, no grounding: the model gets a short
instruction and the article, answers with a simple response model, and each
record's evidence is wherever its text first occurs verbatim in the article.
It goes through the service's `ModelClient` only so that it uses the same
instructor mode, llama.cpp grammar, retries and limits as the service.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from pydantic import BaseModel, Field

from benchmarks.outcome import Outcome, Records, no_records
from benchmarks.wire import AsyncCountingTransport, WireCount
from evals.cases import Case
from service.core.errors import ModelError, ModelUnavailable
from service.model.client import Message, ModelClient
from service.model.metering import Meter
from service.settings import Settings
from service.text.numbers import parse_number

SYSTEM = """\
Extract facts from the news article for a fact-checking database.
- claims: assertions the article attributes to a named or explicitly described source \
(said, told, announced, according to...).
- denials: a source says that something is not true or did not happen.
- statistics: numbers that quantify something (not dates, years or ages).
For every record, copy into evidence the sentence of the article it comes from, exactly."""


class PlainClaim(BaseModel):
    """A claim with its evidence sentence."""

    speaker: str
    speaker_role: str | None = None
    statement: str
    evidence: str


class PlainDenial(BaseModel):
    """A denial with its evidence sentence."""

    speaker: str
    speaker_role: str | None = None
    denied: str
    evidence: str


class PlainStatistic(BaseModel):
    """A statistic with its evidence sentence."""

    value: float
    unit: str | None = None
    total: float | None = None
    measure: str
    source: str | None = None
    evidence: str


class PlainRecords(BaseModel):
    """Everything in the article, in one answer."""

    claims: list[PlainClaim] = Field(default_factory=list)
    denials: list[PlainDenial] = Field(default_factory=list)
    statistics: list[PlainStatistic] = Field(default_factory=list)


def locate(text: str, evidence: str) -> dict[str, Any]:
    """The evidence's first verbatim occurrence in the article; no span when it is not there."""
    start = text.find(evidence) if evidence else -1
    if start < 0:
        return {"text": evidence, "start": None, "end": None}
    return {"text": evidence, "start": start, "end": start + len(evidence)}


def as_records(text: str, answer: PlainRecords) -> Records:
    """The answer in the API's shape, evidence located with str.find."""
    records = no_records()
    for number, claim in enumerate(answer.claims, start=1):
        records["claims"].append(
            {
                "id": f"c{number}",
                "speaker": {"name": claim.speaker, "role": claim.speaker_role},
                "statement": claim.statement,
                "quote": None,
                "date": None,
                "evidence": locate(text, claim.evidence),
            }
        )
    for number, denial in enumerate(answer.denials, start=1):
        records["denials"].append(
            {
                "id": f"d{number}",
                "speaker": {"name": denial.speaker, "role": denial.speaker_role},
                "denied": denial.denied,
                "rebuts": None,
                "quote": None,
                "date": None,
                "evidence": locate(text, denial.evidence),
            }
        )
    for number, statistic in enumerate(answer.statistics, start=1):
        records["statistics"].append(
            {
                "id": f"s{number}",
                "value": parse_number(statistic.value),
                "unit": statistic.unit,
                "total": None if statistic.total is None else parse_number(statistic.total),
                "measure": statistic.measure,
                "source": statistic.source,
                "date": None,
                "evidence": locate(text, statistic.evidence),
            }
        )
    return records


def messages(case: Case) -> list[Message]:
    """The instruction and the article, with the headline and date the service also gets."""
    header = [f"Title: {case.title}"] if case.title else []
    if case.published:
        header.append(f"Published: {case.published}")
    user = "\n".join([*header, f"<article>\n{case.text}\n</article>"])
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


async def run_plain(case: Case, settings: Settings, transport: httpx.AsyncBaseTransport) -> Outcome:
    """Ask once for the whole article and locate each record's evidence with str.find."""
    wire = WireCount()
    http_client = httpx.AsyncClient(transport=AsyncCountingTransport(transport, wire))
    client = ModelClient(settings, http_client)
    predicted: Records = no_records()
    error: str | None = None
    notes: list[str] = []
    unreachable = False
    began = time.perf_counter()
    try:
        answer = await client.ask(messages(case), PlainRecords, Meter())
        predicted = as_records(case.text, answer)
        unlocated = sum(
            1 for kind in predicted.values() for r in kind if r["evidence"]["start"] is None
        )
        if unlocated:
            notes.append(f"{unlocated} record(s) whose evidence is not verbatim in the text")
    except ModelError as failure:
        error = f"{type(failure).__name__}: {failure.detail}"
        unreachable = isinstance(failure, ModelUnavailable)
    finally:
        await http_client.aclose()
    wall_s = time.perf_counter() - began
    return Outcome.metered(predicted, wall_s, wire, error, notes, unreachable)
