"""GET /review in a real headless Chromium: the seed article sent from the page, its records drawn.

The service runs under uvicorn on loopback against the fake model, whose answers
are fixtures built from each request (never model output to score).
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from evals.openapi_example import MODEL, replay_settings, seed_recording, seed_request
from evals.recordings import ReplayTransport
from service.http.examples import SEED_EXAMPLE_FILE
from tests.browser.conftest import OfflinePage
from tests.production.conftest import ARTICLE, live_service, settings_for
from tests.service.test_language import GERMAN
from tests.support.fake_model import FakeModel

KINDS = {"claims": "claim", "denials": "denial", "statistics": "statistic"}
SEED_TITLE = "A seed article"
SEED_DATE = "2015-10-08"
# Marks as drawn: the records they stand for, their offsets, their words and colour classes.
MARKS_JS = """marks => marks.map(m => ({
    ids: m.dataset.ids.split(' '), start: Number(m.dataset.start), end: Number(m.dataset.end),
    text: m.textContent, classes: [...m.classList],
    background: getComputedStyle(m).backgroundColor, image: getComputedStyle(m).backgroundImage
}))"""


@pytest.fixture
def service_url() -> Iterator[str]:
    with FakeModel() as fake, live_service(settings_for(fake)) as url:
        yield url


@pytest.fixture
def keyed_service_url() -> Iterator[str]:
    with FakeModel() as fake, live_service(settings_for(fake, api_keys="page-key")) as url:
        yield url


@pytest.fixture
def recorded_seed_url() -> Iterator[str]:
    """The service answering the seed article from the real model's recorded responses."""
    transport = ReplayTransport([seed_recording()])
    with live_service(replay_settings(), httpx.AsyncClient(transport=transport)) as url:
        yield url
    assert transport.misses == [], "the page sent the seed differently from the recording"


def submit_article(
    page: Page, text: str, title: str = SEED_TITLE, published: str = SEED_DATE
) -> dict[str, Any]:
    """Fill the form as a person would, send it, and return the JSON the page received."""
    page.fill("#title", title)
    page.fill("#published", published)
    page.fill("#text", text)
    with page.expect_response(lambda r: r.url.endswith("/structure")) as answer:
        page.click("#submit")
    assert answer.value.status == 200, answer.value.text()
    body: dict[str, Any] = answer.value.json()
    page.wait_for_selector("#result:not([hidden]) .card")
    return body


def records_of(body: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {record["id"]: (kind, record) for field, kind in KINDS.items() for record in body[field]}


# Offsets count code points, as Python does; JavaScript strings count UTF-16 units, so
# characters outside the BMP ahead of every span would shift a naive drawing.
@pytest.mark.parametrize("prefix", [pytest.param("", id="seed"), pytest.param("🌍🛰 ", id="emoji")])
def test_seed_spans_drawn_by_chromium_equal_the_text_between_their_offsets(
    offline_page: OfflinePage, service_url: str, seed_text: str, prefix: str
) -> None:
    seed_text = prefix + seed_text
    page = offline_page.page
    page.goto(f"{service_url}/review")
    assert not page.is_visible("#api-key"), "no API keys are configured, so none is asked for"
    body = submit_article(page, seed_text)
    records = records_of(body)
    assert records, "the fake model finds records in the seed article"

    # The article is drawn whole, in order, with nothing added or lost.
    assert page.text_content("#article") == seed_text
    marks = page.eval_on_selector_all("#article mark.span", MARKS_JS)
    assert marks
    for mark in marks:
        assert mark["text"] == seed_text[mark["start"] : mark["end"]]

    # Each record's highlighted pieces, joined, are exactly text[start:end] of the response.
    for record_id, (_kind, record) in records.items():
        pieces = sorted((m for m in marks if record_id in m["ids"]), key=lambda m: m["start"])
        evidence = record["evidence"]
        assert pieces, f"{record_id} has no highlighted span"
        assert pieces[0]["start"] == evidence["start"]
        assert pieces[-1]["end"] == evidence["end"]
        for before, after in itertools.pairwise(pieces):
            assert before["end"] == after["start"], f"{record_id}'s span has a gap"
        drawn = "".join(piece["text"] for piece in pieces)
        assert drawn == seed_text[evidence["start"] : evidence["end"]] == evidence["text"]

    # Coloured by type: a mark carries the class of each kind it stands for, and one
    # kind's colour differs from another's.
    colours: dict[str, set[str]] = {}
    for mark in marks:
        kinds = {records[record_id][0] for record_id in mark["ids"]}
        assert {c.removeprefix("kind-") for c in mark["classes"] if c.startswith("kind-")} == kinds
        if len(kinds) == 1:
            colours.setdefault(kinds.pop(), set()).add(mark["background"])
        else:
            assert mark["image"].startswith("linear-gradient"), "shared words show both colours"
    assert all(len(found) == 1 for found in colours.values()), colours
    assert len({next(iter(found)) for found in colours.values()}) == len(colours) >= 2

    path = offline_page.screenshot("review-page.png" if not prefix else "review-page-emoji.png")
    assert path.stat().st_size > 10_000
    assert offline_page.refused == []


def assert_spans_drawn_exactly(page: Page, text: str, body: dict[str, Any]) -> None:
    """Each record's highlighted pieces, joined, are text[start:end] of the response."""
    assert page.text_content("#article") == text
    marks = page.eval_on_selector_all("#article mark.span", MARKS_JS)
    for record_id, (_kind, record) in records_of(body).items():
        pieces = sorted((m for m in marks if record_id in m["ids"]), key=lambda m: m["start"])
        evidence = record["evidence"]
        drawn = "".join(piece["text"] for piece in pieces)
        assert drawn == text[evidence["start"] : evidence["end"]] == evidence["text"], record_id


def test_seed_on_the_recorded_model_answers_is_drawn_exactly(
    offline_page: OfflinePage, recorded_seed_url: str
) -> None:
    seed = seed_request()
    page = offline_page.page
    page.goto(f"{recorded_seed_url}/review")
    body = submit_article(page, seed["text"], seed["title"], seed["published"])
    assert body["meta"]["model"] == MODEL
    assert body["meta"]["llm_calls"] > 0
    assert_spans_drawn_exactly(page, seed["text"], body)
    assert page.locator("#cards .card").count() == len(records_of(body))
    offline_page.screenshot("review-page-recorded-seed.png", full_page=False)
    assert offline_page.refused == []


def test_cards_and_spans_link_both_ways_and_denials_link_their_claim(
    offline_page: OfflinePage, service_url: str, seed_text: str
) -> None:
    page = offline_page.page
    page.goto(f"{service_url}/review")
    body = submit_article(page, seed_text)
    records = records_of(body)
    assert page.locator("#cards .card").count() == len(records)

    # Card to span: clicking a claim's card lights up exactly its marks.
    claim = body["claims"][0]
    page.click(f"#card-{claim['id']}")
    lit = page.eval_on_selector_all("#article mark.active", "ms => ms.map(m => m.dataset.ids)")
    assert lit
    assert all(claim["id"] in ids.split(" ") for ids in lit)
    assert len(lit) == page.locator(f"#article mark.span[data-ids~='{claim['id']}']").count()

    # Span to card: clicking a statistic's first mark lights up its card.
    statistic = body["statistics"][0]
    page.click(f"#span-{statistic['id']}")
    assert "active" in (page.get_attribute(f"#card-{statistic['id']}", "class") or "")

    # A denial that rebuts a claim links to that claim's card, and the claim links back.
    denial = next(d for d in body["denials"] if d["rebuts"] is not None)
    rebuts = page.locator(f"#card-{denial['id']} .rebuts a")
    assert rebuts.get_attribute("href") == f"#card-{denial['rebuts']}"
    rebuts.click()
    assert "active" in (page.get_attribute(f"#card-{denial['rebuts']}", "class") or "")
    back = page.locator(f"#card-{denial['rebuts']} .rebutted a")
    assert back.get_attribute("href") == f"#card-{denial['id']}"
    assert offline_page.refused == []


def test_claims_and_denials_are_grouped_by_speaker(
    offline_page: OfflinePage, service_url: str, seed_text: str
) -> None:
    page = offline_page.page
    page.goto(f"{service_url}/review")
    body = submit_article(page, seed_text)
    spoken = body["claims"] + body["denials"]
    names = {record["speaker"]["name"].strip().lower() for record in spoken}
    groups = page.eval_on_selector_all(
        "#cards section.speaker",
        "ss => ss.map(s => ({name: s.dataset.speaker, ids: [...s.querySelectorAll('.card')]"
        ".map(c => c.dataset.id)}))",
    )
    assert len(groups) == len(names)
    for group in groups:
        expected = {r["id"] for r in spoken if r["speaker"]["name"] == group["name"]}
        assert set(group["ids"]) == expected
    assert sum(len(group["ids"]) for group in groups) == len(spoken)


def test_with_api_keys_the_page_sends_the_key_as_bearer_and_stores_it_nowhere(
    offline_page: OfflinePage, keyed_service_url: str, seed_text: str
) -> None:
    page = offline_page.page
    page.goto(f"{keyed_service_url}/review")
    assert page.is_visible("#api-key")

    page.fill("#text", seed_text)
    page.fill("#api-key", "wrong-key")
    with page.expect_response(lambda r: r.url.endswith("/structure")) as refused:
        page.click("#submit")
    assert refused.value.status == 401
    page.wait_for_selector("#status.error")
    assert "401" in (page.text_content("#status") or "")

    page.fill("#api-key", "page-key")
    with page.expect_request(lambda r: r.url.endswith("/structure")) as sent:
        body = submit_article(page, seed_text)
    assert sent.value.headers["authorization"] == "Bearer page-key"
    assert body["claims"]
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]


def test_review_page_off_by_setting_is_not_served() -> None:
    with FakeModel() as fake, live_service(settings_for(fake, review_page=False)) as url:
        assert httpx.get(f"{url}/review").status_code == 404
        assert httpx.get(f"{url}/assets/review/review.js").status_code == 404


def test_a_finished_job_is_shown_from_its_id(offline_page: OfflinePage, service_url: str) -> None:
    # GET /v1/jobs/{id} is answered here in its API.md shape (the jobs API is built
    # separately); its result is the seed's recorded answer, kept for the OpenAPI example.
    answer = json.loads(SEED_EXAMPLE_FILE.read_text(encoding="utf-8"))["response"]
    job = {
        "id": "j_test",
        "status": "done",
        "progress": {"done": 1, "total": 1},
        "results": [answer],
        "created": "2026-11-30T10:00:00Z",
        "finished": "2026-11-30T10:03:00Z",
    }
    page = offline_page.page
    page.route(
        f"{service_url}/v1/jobs/j_test",
        lambda route: route.fulfill(status=200, json=job),
    )
    page.goto(f"{service_url}/review?job=j_test")
    page.wait_for_selector("#result:not([hidden]) .card")
    assert page.locator("#cards .card").count() == len(records_of(answer))
    assert "j_test: done" in (page.text_content("#status") or "")
    # The job does not return its article, so there is no text to draw spans over.
    assert page.locator("#article mark").count() == 0
    assert offline_page.refused == []


def test_a_refused_article_shows_the_problem_and_its_field(
    offline_page: OfflinePage, service_url: str
) -> None:
    page = offline_page.page
    page.goto(f"{service_url}/review")
    page.fill("#text", "An article.")
    # A date input only holds valid dates; as a text box it sends what a script might.
    page.evaluate("document.getElementById('published').type = 'text'")
    page.fill("#published", "next Tuesday")
    with page.expect_response(lambda r: r.url.endswith("/structure")) as refused:
        page.click("#submit")
    assert refused.value.status == 422
    page.wait_for_selector("#status.error")
    status = page.text_content("#status") or ""
    assert status.startswith("422 Invalid request")
    assert "published:" in status


def test_an_article_not_in_english_shows_its_language_and_the_warning(
    offline_page: OfflinePage, service_url: str
) -> None:
    page = offline_page.page
    page.goto(f"{service_url}/review")
    page.fill("#text", GERMAN)
    with page.expect_response(lambda r: r.url.endswith("/structure")) as answer:
        page.click("#submit")
    assert answer.value.status == 200
    page.wait_for_selector("#result:not([hidden])")
    assert page.is_visible("#notice")
    notice = page.text_content("#notice") or ""
    assert "German (de)" in notice
    assert "English only" in notice
    assert "language de" in (page.text_content("#meta") or "")
    offline_page.screenshot("review-page-german.png", full_page=False)
    assert offline_page.refused == []


def test_a_job_run_by_the_service_is_shown_from_its_id(
    offline_page: OfflinePage, service_url: str
) -> None:
    # The real jobs API this time: submit, wait until done, then open /review?job={id}.
    submitted = httpx.post(f"{service_url}/v1/jobs", json={"text": ARTICLE}, timeout=10)
    assert submitted.status_code == 202, submitted.text
    job_id = submitted.json()["id"]
    job: dict[str, Any] = {}
    for _ in range(100):
        job = httpx.get(f"{service_url}/v1/jobs/{job_id}", timeout=10).json()
        if job["status"] == "done":
            break
        time.sleep(0.1)
    assert job["status"] == "done", job
    (result,) = job["results"]
    page = offline_page.page
    page.goto(f"{service_url}/review?job={job_id}")
    page.wait_for_selector("#result:not([hidden]) .card")
    assert page.locator("#cards .card").count() == len(records_of(result)) > 0
    assert f"{job_id}: done" in (page.text_content("#status") or "")
    assert offline_page.refused == []
