"""Who speaks, read from the parse: the subject of a verb of communication, never an adjunct,
an addressee, a medium or a word inside the quotation. Every sentence here is made up."""

from __future__ import annotations

import pytest

from service.rules.speech import Report, reports
from service.text.parse import parse


def spoken_by(text: str) -> list[tuple[int, str | None, bool]]:
    """(sentence number, speaker, is a denial) for each sentence that reports speech."""
    return [(r.sentence.number, r.speaker, r.denial) for r in reports(parse(text))]


def only_report(text: str) -> Report:
    [report] = reports(parse(text))
    return report


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Harbour master Maria Lopez said the pier would open in May.",
            "Maria Lopez",
            id="a-title-before-the-name-is-not-the-name",
        ),
        pytest.param(
            "Following the mayor's ruling, the harbour council said the pier would close.",
            "harbour council",
            id="an-opening-adjunct-is-not-the-speaker",
        ),
        pytest.param(
            "Maria Lopez told Radio Costa that the pier would open.",
            "Maria Lopez",
            id="the-addressee-is-not-the-speaker",
        ),
        pytest.param(
            "The ministry announced via Twitter that the pier would open.",
            "ministry",
            id="the-medium-is-not-the-speaker",
        ),
        pytest.param(
            '"Mayor John Carter said nothing about the pier," the union wrote.',
            "union",
            id="a-name-inside-the-quotation-is-not-the-speaker",
        ),
        pytest.param(
            "According to the Harbour Office, two ships sank in the storm.",
            "Harbour Office",
            id="according-to",
        ),
        pytest.param(
            "The closure was announced by the port authority on Monday.",
            "port authority",
            id="the-agent-of-a-passive",
        ),
        pytest.param(
            "Maria Lopez, who said the pier was safe, resigned on Friday.",
            "Maria Lopez",
            id="a-relative-clause-speaks-for-its-noun",
        ),
        pytest.param(
            "Maria Lopez opened the pier and said it was safe.",
            "Maria Lopez",
            id="a-second-verb-shares-the-first-ones-subject",
        ),
        pytest.param(
            "The ministry's statement said two ships sank.",
            "ministry",
            id="a-statement-speaks-for-its-owner",
        ),
        pytest.param(
            "Local fishermen warned that the pier was unsafe.",
            "Local fishermen",
            id="an-unnamed-source-is-taken-whole",
        ),
    ],
)
def test_the_speaker_is_the_subject_of_the_verb_of_communication(text: str, speaker: str) -> None:
    assert only_report(text).speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The closure was announced on Monday.", id="an-agentless-passive"),
        pytest.param("Reports said two ships sank in the storm.", id="agentless-reports"),
        pytest.param(
            "The minister is expected to announce the budget on Friday.", id="a-plan-not-a-saying"
        ),
        pytest.param("The minister did not comment on the budget.", id="a-refusal-to-comment"),
        pytest.param("The storm flattened two barns near the pier.", id="narration"),
    ],
)
def test_nothing_is_reported_without_a_source_who_said_it(text: str) -> None:
    assert reports(parse(text)) == []


def test_a_pronoun_stands_for_the_last_person_named_as_a_subject() -> None:
    text = "John Carter opened the pier on Monday. He said it would take cruise ships."
    assert spoken_by(text) == [(2, "John Carter", False)]


def test_a_pronoun_skips_a_person_the_article_shows_to_be_of_the_other_gender() -> None:
    text = (
        "The actress Maria Lopez opened the pier. The businessman John Carter watched. "
        "She said it would take cruise ships."
    )
    assert spoken_by(text)[-1] == (3, "Maria Lopez", False)


def test_a_verb_of_denial_makes_a_denial() -> None:
    assert spoken_by("The port authority denied that the pier was unsafe.") == [
        (1, "port authority", True)
    ]


def test_the_model_is_offered_the_owner_before_the_statement() -> None:
    report = only_report("The ministry's statement said two ships sank.")
    assert report.candidates[0] == "ministry"
