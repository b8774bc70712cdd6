"""The parsed Document: one set of sentences for every stage, a model read from its package."""

from __future__ import annotations

import json

from service.text.parse import model_path, parse
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
