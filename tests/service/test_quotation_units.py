"""A quotation is one speaker's words over all its sentences, whichever side names the speaker."""

from __future__ import annotations

from service.core.span import Span
from service.rules.quotations import quoted_on
from service.rules.speech import reports, spoken
from service.text.parse import parse
from service.text.quotes import quotations


def attributed(text: str) -> list[tuple[str, str]]:
    document = parse(text)
    found = spoken(reports(document))
    found += quoted_on(found, document.sentences, document.quotations, text)
    return sorted((a.evidence.of(text), a.speaker) for a in found)


def test_the_sentences_after_the_speaker_in_an_open_quotation_are_theirs() -> None:
    text = 'Maria Lopez said: "The pier is safe. Ships will dock in May." The tide rose.'
    assert attributed(text) == [
        ('Maria Lopez said: "The pier is safe.', "Maria Lopez"),
        ('Ships will dock in May."', "Maria Lopez"),
    ]


def test_the_sentences_before_the_speaker_in_the_same_quotation_are_theirs() -> None:
    text = '"The pier is safe. Ships will dock in May," Maria Lopez said. The tide rose.'
    assert attributed(text) == [
        ('"The pier is safe.', "Maria Lopez"),
        ('Ships will dock in May," Maria Lopez said.', "Maria Lopez"),
    ]


def test_a_quotation_running_on_gives_each_sentence_to_its_speaker() -> None:
    text = (
        'Lena Okafor said: "The port is safe. Ships will sail on Monday. Nobody was hurt." '
        "Tugs left at dawn."
    )
    assert attributed(text) == [
        ('Lena Okafor said: "The port is safe.', "Lena Okafor"),
        ("Nobody was hurt.\"", "Lena Okafor"),
        ("Ships will sail on Monday.", "Lena Okafor"),
    ]


def test_the_narration_after_a_closed_quotation_is_nobodys_claim() -> None:
    text = (
        'Lena Okafor said: "The port is safe. Nobody was hurt." '
        "Tugs left at dawn. "
        'The harbour office posted a notice that "all berths are open again."'
    )
    said = [evidence for evidence, _ in attributed(text)]
    assert "Tugs left at dawn." not in said


def test_a_quotation_two_speakers_claim_is_given_to_neither() -> None:
    text = (
        '"The pier is safe," Maria Lopez said. "It is not," John Carter said. '
        "Ships will dock in May."
    )
    assert [speaker for _, speaker in attributed(text)] == ["John Carter", "Maria Lopez"]


def test_quotations_pair_curly_and_straight_marks_and_end_with_their_paragraph() -> None:
    text = 'He said \u201cthe pier is safe.\u201d Then "ships dock" here.\n\n"An open one\n\nNext.'
    spans = quotations(text)
    assert [s.of(text) for s in spans] == [
        "\u201cthe pier is safe.\u201d",
        '"ships dock"',
        '"An open one',
    ]
    assert spans[0] == Span(8, 27)
