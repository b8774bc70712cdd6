"""One record per proposition: sentences that make two points, quotations that run on."""

from __future__ import annotations

import pytest

from service.core.findings import Attribution
from service.core.span import Span
from service.rules.propositions import one_per_proposition, quotation_continues
from service.text.passages import split_sentences


def claim_on(sentence: str, text: str, speaker: str = "Lena Okafor") -> Attribution:
    start = text.index(sentence)
    return Attribution(
        kind="claim",
        speaker=speaker,
        speaker_role=None,
        proposition="whatever",
        quote=None,
        evidence=Span(start, start + len(sentence)),
    )


def parts(text: str, speaker: str = "Lena Okafor") -> list[tuple[str, str, str]]:
    """(kind, speaker, cited words) of each record one claim on `text` becomes."""
    split = one_per_proposition(claim_on(text, text, speaker), text)
    return [(a.kind, a.speaker, a.evidence.of(text)) for a in split]


def test_adding_that_makes_a_second_claim_by_the_same_speaker() -> None:
    text = "Six ferries were cancelled, the operator said, adding that buses would replace them."
    assert parts(text, "operator") == [
        ("claim", "operator", "Six ferries were cancelled, the operator said"),
        ("claim", "operator", "adding that buses would replace them."),
    ]


def test_two_clauses_joined_by_and_under_one_attribution_are_one_claim() -> None:
    text = "Nine miners died and four were rescued, according to the mine's owners."
    assert [words for _, _, words in parts(text, "mine's owners")] == [text]


def test_a_semicolon_separates_two_claims() -> None:
    text = "The inspector said the boiler was old; landlord Tomas Berg said it was serviced."
    assert [(speaker, words) for _, speaker, words in parts(text, "inspector")] == [
        ("inspector", "The inspector said the boiler was old"),
        ("Tomas Berg", "landlord Tomas Berg said it was serviced."),
    ]


def test_a_quotation_running_on_past_a_semicolon_stays_the_speakers() -> None:
    text = 'The inspector said: "The boiler was old; the flat stood empty for a year."'
    assert len(parts(text, "inspector")) == 2


def test_a_later_part_naming_its_own_speaker_is_that_speakers() -> None:
    text = "The union said pay talks had failed, while Harbour Freight said talks went on."
    assert [speaker for _, speaker, _ in parts(text, "union")] == ["union", "Harbour Freight"]


@pytest.mark.parametrize(
    ("text", "speakers_part"),
    [
        pytest.param(
            "The mayor said the bridge would reopen in May, while crews worked through the night.",
            "The mayor said the bridge would reopen in May",
            id="after-while",
        ),
        pytest.param(
            "The inspector said the boiler was old; the flat stood empty for a year.",
            "The inspector said the boiler was old",
            id="after-a-semicolon",
        ),
    ],
)
def test_a_part_without_a_speaker_of_its_own_is_narration(text: str, speakers_part: str) -> None:
    assert [words for _, _, words in parts(text, "Lena Okafor")] == [speakers_part]


def test_a_denying_part_becomes_a_denial() -> None:
    text = "The minister said the audit was finished but denied that any money had gone missing."
    assert [kind for kind, _, _ in parts(text, "minister")] == ["claim", "denial"]


def test_names_joined_by_and_are_not_cut_apart() -> None:
    text = "The coach said that Ana and Luis were injured."
    assert len(parts(text)) == 1


def test_a_sentence_that_closes_a_quotation_opens_none() -> None:
    text = (
        'Lena Okafor said: "The port is safe. Nobody was hurt." '
        "Tugs left at dawn. "
        'The harbour office posted a notice that "all berths are open again."'
    )
    sentences = split_sentences(text)
    closing = sentences[1]
    assert closing.text == 'Nobody was hurt."'
    assert quotation_continues(closing, sentences, text) == []
