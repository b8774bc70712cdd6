"""What code proposes to the model: speakers a sentence may have, and statements cut from it."""

from __future__ import annotations

import pytest

from service.model.verdicts import NO_SPEAKER, verdict_type
from service.rules.candidates import names_in, source_phrases, speaker_options
from service.rules.statements import statement_of
from service.text.passages import split_sentences

ARTICLE = (
    "Port director Lena Okafor said on Tuesday that the new terminal opens in April. "
    "She added that \"we will double our night shifts from next week.\" "
    "According to local media, the terminal cost more than expected. "
    "The workers' union denied that any jobs would be cut. "
    "Trucks queued at the gate for hours."
)


def test_names_lose_sentence_openers_calendar_words_and_possessives() -> None:
    assert names_in("On Monday the Bank of Lisbon's chief, Rui Matos, spoke in April.") == [
        "Bank of Lisbon",
        "Rui Matos",
    ]


def test_unnamed_sources_are_offered_without_their_article() -> None:
    assert source_phrases("A fire officer and the local media said so, as did officials.") == [
        "fire officer",
        "local media",
        "officials",
    ]


def test_a_pronoun_sentence_is_offered_the_person_named_before_it() -> None:
    sentences = split_sentences(ARTICLE)
    [options] = speaker_options(sentences, [sentences[1]])
    assert "Lena Okafor" in options.options


def test_a_sentence_with_its_own_speaker_offers_it_first() -> None:
    sentences = split_sentences(ARTICLE)
    [options] = speaker_options(sentences, [sentences[2]])
    assert options.options[0] == "local media"


def test_options_are_offered_only_for_the_sentences_asked_about() -> None:
    sentences = split_sentences(ARTICLE)
    asked = [sentences[0], sentences[3]]
    assert [o.sentence for o in speaker_options(sentences, asked)] == asked


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        pytest.param(
            'The mayor said: "The bridge will reopen before the summer holidays."',
            "The bridge will reopen before the summer holidays.",
            id="quoted-words",
        ),
        pytest.param(
            "The mayor said on Friday that the bridge would reopen in June.",
            "The bridge would reopen in June.",
            id="clause-after-the-verb",
        ),
        pytest.param(
            "The bridge would reopen in June, according to the city council.",
            "The bridge would reopen in June.",
            id="according-to-removed",
        ),
    ],
)
def test_statement_is_the_sentence_without_its_frame(sentence: str, statement: str) -> None:
    assert statement_of(sentence) == statement


def test_verdict_schema_allows_only_the_sentences_own_speakers() -> None:
    schema = verdict_type(("Lena Okafor", "local media")).model_json_schema()
    assert schema["properties"]["speaker"]["enum"] == ["Lena Okafor", "local media", NO_SPEAKER]
    assert schema["properties"]["kind"]["enum"] == ["claim", "denial", "none"]
    assert list(schema["properties"]) == ["speaker", "kind"]


def test_verdict_schema_rejects_a_speaker_that_was_not_offered() -> None:
    answer_type = verdict_type(("Lena Okafor",))
    with pytest.raises(ValueError, match="speaker"):
        answer_type.model_validate({"speaker": "Someone Else", "kind": "claim"})
