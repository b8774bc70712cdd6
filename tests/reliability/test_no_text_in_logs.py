"""No log line, at any level, holds the article's text or the model's output.

The fake model echoes the article back in answers that fail the schema, the way a
real model quoting the article fails it; the run logs at DEBUG, and every line
(message, fields and traceback) is searched for the article's words.
"""

from __future__ import annotations

import json

import pytest

from tests.production.conftest import serve, settings_for
from tests.support.fake_model import FakeModel, answer, says

# Words no log line could hold but by quoting the article or the model's answer.
MARK = "Quorvexa Tindallholm"
# A quotation pinned to a name by a colon: the grammar leaves it open, so the
# guided strategy asks the model too.
ARTICLE = (
    f"{MARK} met the Vesselmarch dockers on Monday. The union, Dock Workers United,"
    f" rejected the plan of {MARK}. Officials at the port said the strike would end soon."
    f' Dock worker Ines Vidal: "The plan of {MARK} ends the strike."'
    " The bridge cost 48 million euros."
)


@pytest.mark.parametrize(
    "echo",
    [
        pytest.param(ARTICLE, id="not-json"),
        # Every field the schemas ask for, each the article: the wrong type or choice.
        pytest.param(
            json.dumps({"claims": ARTICLE, "speaker": ARTICLE, "kind": ARTICLE}),
            id="schema-invalid",
        ),
    ],
)
@pytest.mark.parametrize("strategy", ["guided", "single"])
async def test_no_log_line_holds_the_article_or_the_models_echo_of_it(
    fake_model: FakeModel, capfd: pytest.CaptureFixture[str], echo: str, strategy: str
) -> None:
    fake_model.default = says(echo)
    settings = settings_for(fake_model, strategy=strategy, max_retries=1, log_level="DEBUG")
    async with serve(settings) as client:
        response = await client.post("/structure", json={"text": ARTICLE})
        fake_model.default = answer()
        await client.post("/structure", json={"text": ARTICLE, "title": "Again"})
    assert response.status_code in (200, 502), response.text
    assert fake_model.requests, "the model was asked, and echoed the article"
    # Every line the service writes goes to stderr, tracebacks included.
    lines = capfd.readouterr().err.splitlines()
    assert any("request" in line for line in lines), "the logs were captured"
    leaked = [line for line in lines if "Quorvexa" in line or "Vesselmarch" in line]
    assert leaked == [], leaked[0][:600]
