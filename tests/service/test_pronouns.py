"""Whom "he" and "she" can stand for, from what the article itself says of each person."""

from __future__ import annotations

import pytest

from service.rules.candidates import speaker_options
from service.rules.pronouns import could_be, genders, is_a_person, people_in
from service.text.passages import split_sentences

PEOPLE = ["Lena Okafor", "Rui Matos"]


def shown(text: str, people: list[str] = PEOPLE) -> dict[str, str]:
    return genders([s.text for s in split_sentences(text)], people)


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        pytest.param("The actress Lena Okafor opened the port.", "she", id="a-noun-before"),
        pytest.param(
            "Lena Okafor, fiancée of a sailor, opened the port.", "she", id="an-apposition"
        ),
        pytest.param(
            "Lena Okafor, his wife, opened the port.", "she", id="a-pronoun-of-kin-is-not-hers"
        ),
        pytest.param("Mme Lena Okafor opened the port.", "she", id="an-honorific"),
        pytest.param("Lena Okafor, 40, gave up her seat.", "she", id="her-after-the-name"),
    ],
)
def test_the_article_shows_a_persons_gender(text: str, gender: str) -> None:
    assert shown(text) == {"Lena Okafor": gender}


def test_a_pronoun_after_a_second_name_is_not_the_first_persons() -> None:
    assert shown("Lena Okafor met Rui Matos and his crew.") == {}


def test_a_pronoun_before_the_name_says_nothing_of_it() -> None:
    # "He" opened the sentence: the pronoun after her may be his, not hers.
    assert shown("He met Lena Okafor at his port.") == {}


def test_the_next_sentences_pronoun_says_nothing_of_the_name() -> None:
    # That pronoun is the one to resolve: reading gender from it would go in circles.
    assert shown("Lena Okafor opened the port. He cut the ribbon.") == {}


def test_signs_that_disagree_show_no_gender_unless_one_side_clearly_wins() -> None:
    split = "Lena Okafor, 40, gave up her seat. Lena Okafor, 40, gave up his seat."
    clear = f"{split} Lena Okafor, 40, lost her bag. Lena Okafor, 40, found her bag."
    assert shown(split) == {}
    assert shown(clear) == {"Lena Okafor": "she"}


def test_he_or_she_may_stand_for_anyone_the_article_says_nothing_about() -> None:
    known = {"Lena Okafor": "she"}
    assert could_be("she", "Mayor Lena Okafor", known)
    assert not could_be("he", "Okafor", known)
    assert could_be("he", "Rui Matos", known)


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Lena Okafor", True),
        ("Harbour Council", False),
        ("Lena Okafor's Harbour Fund", False),
        ("Reuters", False),
    ],
)
def test_only_a_name_of_two_words_or_more_outside_an_institution_is_a_person(
    name: str, person: bool
) -> None:
    assert is_a_person(name, []) is person


def test_a_pair_of_people_is_two_people() -> None:
    assert people_in(["Lena Okafor and Rui Matos", "Lena Okafor", "Harbour Council"]) == [
        "Lena Okafor",
        "Rui Matos",
    ]


def test_she_is_not_offered_a_man_and_is_offered_the_last_woman_named() -> None:
    text = (
        "The actress Lena Okafor opened the port. Rui Matos, her husband, cut the ribbon. "
        "Mr Tomas Berg carried the flag. Mr Ivo Sand sang. She said the port would grow."
    )
    sentences = split_sentences(text)
    [options] = speaker_options(sentences, [sentences[-1]])
    assert options.options[0] == "Lena Okafor"
    assert not {"Rui Matos", "Tomas Berg", "Ivo Sand"} & set(options.options)
