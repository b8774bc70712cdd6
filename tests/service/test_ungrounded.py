"""A dropped record has one shape wherever it is dropped: the model's fields and a span or None.

The model answers here are fixtures built in the test, not recordings.
"""

from __future__ import annotations

from typing import Any

import httpx

from service.core.findings import Article, Figure, Findings
from service.core.span import Span
from service.model.client import ModelClient
from service.model.metering import Meter
from service.model.prompts import load_prompts
from service.rules.assembly import assemble
from service.settings import Settings
from service.strategies.single import SingleCallStrategy
from tests.conftest import ScriptedTransport, answer

TEXT = "Mayor Ana Ruiz said the bridge would open in March. It cost 48 million euros."
SAID = "Mayor Ana Ruiz said the bridge would open in March."


def claim(evidence: str, quote: str | None = None) -> dict[str, object]:
    return {
        "speaker": "Ana Ruiz",
        "speaker_role": "Mayor",
        "statement": "The bridge will open in March.",
        "quote": quote,
        "evidence": evidence,
    }


async def single_findings(payload: dict[str, Any]) -> Findings:
    settings = Settings(model_base_url="http://model.invalid/v1", output_mode="json_schema")
    transport = ScriptedTransport(answer(payload))
    client = ModelClient(settings, httpx.AsyncClient(transport=transport))
    strategy = SingleCallStrategy(client, load_prompts())
    return await strategy.find(Article(TEXT, None, None), Meter())


async def test_evidence_not_in_the_text_is_dropped_with_no_span() -> None:
    payload = {"claims": [claim("The mayor resigned on Friday.")], "statistics": []}

    findings = await single_findings(payload)

    (dropped,) = findings.ungrounded
    assert (dropped.kind, dropped.reason, dropped.evidence) == (
        "claim",
        "evidence not found in the text",
        None,
    )
    assert dropped.fields["statement"] == "The bridge will open in March."
    assert "evidence" not in dropped.fields


async def test_quote_not_in_the_text_is_dropped_with_its_evidence_span() -> None:
    payload = {"claims": [claim(SAID, quote="We will be late")], "statistics": []}

    findings = await single_findings(payload)

    (dropped,) = findings.ungrounded
    assert dropped.reason == "quote not found in the text"
    assert dropped.evidence == Span(0, len(SAID))


def test_a_figure_whose_value_is_not_in_its_evidence_keeps_its_span() -> None:
    figure = Figure(60, "euros", None, "cost", None, Span(0, len(SAID)))

    (dropped,) = assemble(Findings(figures=[figure]), TEXT, None).ungrounded

    assert dropped.evidence == Span(0, len(SAID))
    assert dropped.fields == {
        "value": 60,
        "unit": "euros",
        "total": None,
        "measure": "cost",
        "source": None,
    }
