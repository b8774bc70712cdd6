"""The parsed Document: one set of sentences for every stage, a model read from its package."""

from __future__ import annotations

import json

from service.text.parse import PARSED_CHARS, model_path, parse
from service.text.passages import split_sentences

TEXT = (
    "Maria Lopez said the pier was safe. Dr. John Carter disagreed.\n\n"
    '"Ships will dock in May," the harbour office wrote.'
)


def test_the_documents_sentences_are_the_services_sentences() -> None:
    document = parse(TEXT)
    assert document.sentences == split_sentences(TEXT)


def test_no_dependency_crosses_a_sentence_the_service_drew() -> None:
    document = parse(TEXT)
    for sentence in document.sentences:
        tokens = document.tokens_of(sentence)
        for token in tokens:
            assert tokens.start <= token.head.i < tokens.end, token.text


def test_the_parse_names_people_and_finds_subjects() -> None:
    document = parse(TEXT)
    people = [e.text for e in document.parsed.ents if e.label_ == "PERSON"]
    assert "Maria Lopez" in people
    subjects = [t.text for t in document.parsed if t.dep_ == "nsubj"]
    assert subjects[:2] == ["Lopez", "pier"]


def test_the_model_is_spacys_english_pipeline_read_from_its_package() -> None:
    meta = json.loads((model_path() / "meta.json").read_text(encoding="utf-8"))
    # What Explosion publishes for en_core_web_sm 3.8.0 (spacy-models, meta/).
    assert (meta["lang"], meta["version"]) == ("en", "3.8.0")
    assert meta["spacy_git_version"] == "5010fcbd3"
    assert meta["pipeline"] == [
        "tok2vec",
        "tagger",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
    ]


def test_a_very_long_article_is_parsed_only_as_far_as_the_cap_in_whole_sentences() -> None:
    sentence = "Maria Lopez said the pier was safe. "
    text = sentence * (PARSED_CHARS // len(sentence) + 50)
    document = parse(text)
    parsed = document.parsed_sentences
    assert 0 < len(parsed) < len(document.sentences)
    assert parsed[-1].end <= PARSED_CHARS
    assert document.sentences[len(parsed)].end > PARSED_CHARS


def test_a_run_with_no_space_longer_than_any_word_ends_the_parse_before_it() -> None:
    text = 'Maria Lopez said the pier was safe. Then "' + '"' * 400 + " came. John Carter agreed."
    document = parse(text)
    assert [s.text for s in document.parsed_sentences] == ["Maria Lopez said the pier was safe."]
