"""Sentences with exact spans, and passages packed to a size."""

from __future__ import annotations

import pytest

from service.core.span import Span
from service.text.passages import Passage, Sentence, group_passages, split_sentences

# Offsets by hand: "Mr. Smith arrived on Oct. 7 in Ankara." is 0..38, a space,
# "He said talks failed!" 39..60, a space, "Did they?" 61..70, a line break,
# "New line here" 71..84.
ARTICLE = "Mr. Smith arrived on Oct. 7 in Ankara. He said talks failed! Did they?\nNew line here"


def test_split_sentences_offsets() -> None:
    assert split_sentences(ARTICLE) == [
        Sentence(1, Span(0, 38), "Mr. Smith arrived on Oct. 7 in Ankara."),
        Sentence(2, Span(39, 60), "He said talks failed!"),
        Sentence(3, Span(61, 70), "Did they?"),
        Sentence(4, Span(71, 84), "New line here"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "  First one.  Second one.  ",
            [(2, 12, "First one."), (14, 25, "Second one.")],
            id="surrounding-whitespace-stripped",
        ),
        pytest.param(
            "Title\n\nBody starts here.",
            [(0, 5, "Title"), (7, 24, "Body starts here.")],
            id="blank-line-skipped",
        ),
        pytest.param(
            "One line\nnext line starts lower",
            [(0, 8, "One line"), (9, 31, "next line starts lower")],
            id="line-break-always-splits",
        ),
        pytest.param(
            "It ended in 2015. 57 people died.",
            [(0, 17, "It ended in 2015."), (18, 33, "57 people died.")],
            id="digit-starts-sentence",
        ),
        pytest.param(
            'He said "Go home." Then he left.',
            [(0, 18, 'He said "Go home."'), (19, 32, "Then he left.")],
            id="closing-quote-stays-with-its-sentence",
        ),
        pytest.param(
            "She said \u201cwe won.\u201d Then she left.",
            [(0, 18, "She said \u201cwe won.\u201d"), (19, 33, "Then she left.")],
            id="closing-curly-quote-stays",
        ),
        pytest.param(
            "It passed (narrowly.) Then it stalled.",
            [(0, 21, "It passed (narrowly.)"), (22, 38, "Then it stalled.")],
            id="closing-bracket-stays",
        ),
        pytest.param(
            'Why? "Because," she said.',
            [(0, 4, "Why?"), (5, 25, '"Because," she said.')],
            id="next-sentence-opens-with-quote",
        ),
        pytest.param(
            "Il a dit non. \u00c9bloui, il partit.",
            [(0, 13, "Il a dit non."), (14, 32, "\u00c9bloui, il partit.")],
            id="accented-capital-starts-sentence",
        ),
    ],
)
def test_split_sentences_boundaries(text: str, expected: list[tuple[int, int, str]]) -> None:
    sentences = split_sentences(text)
    assert [(s.start, s.end, s.text) for s in sentences] == expected
    assert [s.number for s in sentences] == list(range(1, len(expected) + 1))
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Mr. Smith and Mrs. Jones met Dr. Brown.", id="titles"),
        pytest.param("Talks began on Oct. 7 and ended on Nov. 2 in Ankara.", id="months"),
        pytest.param("The U.S. Army said so.", id="u-s"),
        pytest.param("J. Smith said no.", id="initial"),
        pytest.param("It rose 2.5 percent.", id="decimal"),
        pytest.param("He used approx. three words.", id="lowercase-after-stop"),
        pytest.param("Acme Inc. Chairman Gen. Lee spoke.", id="company-and-rank"),
    ],
)
def test_no_split_inside_sentence(text: str) -> None:
    assert split_sentences(text) == [Sentence(1, Span(0, len(text)), text)]


@pytest.mark.parametrize(
    "text", [pytest.param("", id="empty"), pytest.param(" \n\n\t ", id="whitespace")]
)
def test_nothing_to_split(text: str) -> None:
    assert split_sentences(text) == []


# Each "Xxxx yyyy." sentence is 10 characters (11 with its separator); "Gggg." is 5 (6).
PACKED = split_sentences("Aaaa bbbb. Cccc dddd. Eeee ffff. Gggg.")


@pytest.mark.parametrize(
    ("max_chars", "expected_numbers"),
    [
        pytest.param(1000, [[1, 2, 3, 4]], id="all-fit"),
        pytest.param(22, [[1, 2], [3, 4]], id="exactly-two"),
        pytest.param(21, [[1], [2], [3, 4]], id="one-short-of-two"),
        pytest.param(17, [[1], [2], [3, 4]], id="short-last-fits"),
        pytest.param(16, [[1], [2], [3], [4]], id="one-each"),
        pytest.param(5, [[1], [2], [3], [4]], id="longer-sentences-stand-alone"),
    ],
)
def test_group_passages(max_chars: int, expected_numbers: list[list[int]]) -> None:
    passages = group_passages(PACKED, max_chars)
    assert [[s.number for s in p.sentences] for p in passages] == expected_numbers
    for passage in passages:
        if len(passage.sentences) > 1:
            assert sum(len(s.text) + 1 for s in passage.sentences) <= max_chars


def test_group_passages_empty() -> None:
    assert group_passages([], 100) == []


def test_passage_span_and_numbering() -> None:
    text = "Aaaa bbbb. Cccc dddd. Eeee ffff. Gggg."
    passage = group_passages(split_sentences(text), 22)[1]
    assert (passage.start, passage.end) == (22, 38)
    assert text[passage.start : passage.end] == "Eeee ffff. Gggg."
    assert passage.numbered() == "[3] Eeee ffff.\n[4] Gggg."


def test_passage_of_one_sentence() -> None:
    passage = Passage((Sentence(7, Span(5, 9), "Hey."),))
    assert (passage.start, passage.end) == (5, 9)
    assert passage.numbered() == "[7] Hey."
