"""What code proposes to the model: speakers a sentence may have, and statements cut from it."""

from __future__ import annotations

import pytest

from service.model.verdicts import NO_SPEAKER, verdict_type
from service.rules.candidates import source_phrases, speaker_options
from service.rules.names import names_in
from service.rules.statements import statement_of
from service.text.passages import split_sentences

ARTICLE = (
    "Port director Lena Okafor said on Tuesday that the new terminal opens in April. "
    'She added that "we will double our night shifts from next week." '
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


def test_places_and_addressees_are_not_offered_as_speakers() -> None:
    assert names_in("Rui Matos told Radio Norte in Porto that the strike was over.") == [
        "Rui Matos"
    ]
    assert names_in("Rui Matos spoke to Radio Norte in Porto.") == ["Rui Matos"]


def test_a_possessive_before_one_word_names_only_its_owner() -> None:
    assert names_in("The deal with Norvik's Danish arm stalled.") == ["Norvik"]
    assert names_in("The Fishers' Rights League said so.") == ["Fishers' Rights League"]


def test_a_possessive_before_an_institution_word_is_one_name() -> None:
    assert names_in("The Tarvel Sheriff's Office said so.") == ["Tarvel Sheriff's Office"]


def test_the_owner_of_a_speaking_title_is_not_offered_as_its_speaker() -> None:
    text = "Tarvel's regulator has promised a new bridge."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, sentences)
    assert options.options == ("regulator",)


def test_an_adjective_of_a_people_is_not_a_speaker_but_a_speaking_name_is() -> None:
    assert names_in("Chilean miners and Peruvian officials met.") == []
    assert names_in("The Christian said nothing.") == ["Christian"]


def test_an_ordinary_word_opening_a_sentence_is_not_offered() -> None:
    text = "Lena Okafor runs the port. Photographs show the crane fell, she said."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[1]])
    assert "Photographs" not in options.options
    assert "Lena Okafor" in options.options


def test_when_a_pronoun_speaks_the_earlier_name_comes_first() -> None:
    text = "Lena Okafor runs the port. Speaking to Radio Norte, she said the cranes were old."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[1]])
    assert options.options[0] == "Lena Okafor"


def test_an_unnamed_subject_of_a_verb_of_speech_is_offered() -> None:
    text = "The regional water board denied that the reservoir was leaking."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, sentences)
    assert options.options == ("regional water board",)


def test_whom_something_is_told_is_not_offered_as_its_speaker() -> None:
    assert source_phrases("Two died, officials told local media on Friday.") == ["officials"]
    assert names_in("The mayor told Radio Norte that the port was safe.") == []
    assert source_phrases("According to local media, two died.") == ["local media"]


def test_an_unnamed_source_opening_the_sentence_is_offered_whole() -> None:
    text = "Harbour workers have indicated that the cranes stood idle."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, sentences)
    assert options.options == ("Harbour workers",)


def test_a_pronoun_before_a_verb_of_stance_offers_the_earlier_name_first() -> None:
    text = "Lena Okafor runs the port. She credited the dockers with the record year."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[1]])
    assert options.options[0] == "Lena Okafor"


def test_a_name_written_in_part_is_offered_in_full() -> None:
    # The model chooses among people: "Okafor" and "Lena Okafor" are one option.
    text = "Lena Okafor runs the port. Okafor told the council the cranes were old."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[1]])
    assert options.options[0] == "Lena Okafor"
    assert "Okafor" not in options.options


def test_a_word_shared_by_two_earlier_names_is_offered_as_written() -> None:
    text = "Lena Okafor runs the port. Rui Okafor runs the docks. Okafor said the cranes were old."
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[2]])
    assert options.options[0] == "Okafor"


def test_a_sentence_leaning_back_is_offered_the_last_speaker_before_mere_mentions() -> None:
    text = (
        "Harbour Radio reported the ferry left Porto Novo. The broadcaster said the crew was tired."
    )
    sentences = split_sentences(text)
    [without] = speaker_options(sentences, [sentences[1]])
    [options] = speaker_options(sentences, [sentences[1]], {sentences[0].start: "Harbour Radio"})
    assert without.options.index("Porto Novo") < without.options.index("Harbour Radio")
    assert options.options.index("Harbour Radio") < options.options.index("Porto Novo")


def test_a_numbered_thing_is_not_offered_as_a_speaker() -> None:
    assert names_in("Rui Matos cited Clause 9 of the Harbour Charter and said so.") == [
        "Rui Matos",
        "Harbour Charter",
    ]


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        pytest.param(
            "Two sailors were missing, the Norvian embassy confirmed.",
            "Norvian embassy",
            id="a-name-qualifies-the-noun",
        ),
        pytest.param(
            "A spokeswoman for the harbour fund said the buoys had drifted.",
            "spokeswoman for the harbour fund",
            id="for-the-joins-two-nouns",
        ),
        pytest.param(
            "Its crew was idle for a month in a wage dispute, the dock union said.",
            "dock union",
            id="no-other-small-word-joins",
        ),
        pytest.param(
            "The head of the harbour's pilots told the inquiry the buoys had drifted.",
            "head of the harbour's pilots",
            id="of-the-joins-two-nouns",
        ),
    ],
)
def test_the_whole_unnamed_subject_of_speech_is_offered(sentence: str, subject: str) -> None:
    sentences = split_sentences(sentence)
    [options] = speaker_options(sentences, sentences)
    assert subject in options.options


def test_a_common_noun_owner_is_offered_as_the_one_name_holding_that_noun() -> None:
    text = (
        "The Grand Quay Hotel burned on Monday. "
        "The hotel's website said 80 guests were inside."
    )
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[1]])
    assert options.options[0] == "Grand Quay Hotel website"


def test_the_parties_are_offered_as_the_pair_the_article_wrote() -> None:
    text = (
        "Lena Okafor and Rui Matos signed the harbour deal. "
        "The parties said the cranes would be replaced."
    )
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[1]])
    assert options.options[0] == "Lena Okafor and Rui Matos"
    assert "parties" not in options.options, "the guide takes the names, not the words for them"


def test_both_sides_are_offered_as_the_last_two_speakers() -> None:
    text = (
        "Harbour Radio said the deal was signed. Dock Union said the cranes were old. "
        "Both sides said a decision would come in May."
    )
    sentences = split_sentences(text)
    spoke = {sentences[0].start: "Harbour Radio", sentences[1].start: "Dock Union"}
    [options] = speaker_options(sentences, [sentences[2]], spoke)
    assert options.options[0] == "Harbour Radio and Dock Union"


def test_a_place_made_an_adjective_is_not_part_of_a_name() -> None:
    assert names_in("The Lyon-based carrier Norte Air said so.") == ["Norte Air"]


def test_no_speaker_is_offered_twice() -> None:
    text = (
        "The actress Lena Okafor opened the port. Harbour Radio and Dock Union reported it. "
        '"The cranes are old," she said, thanking Okafor.'
    )
    sentences = split_sentences(text)
    for options in speaker_options(sentences, sentences):
        assert len(set(options.options)) == len(options.options)
