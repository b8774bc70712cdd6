"""Finding the directly quoted words inside one sentence."""

from __future__ import annotations

import pytest

from service.core.span import Span
from service.text.quotes import quoted_span

OFFSET = 100


@pytest.mark.parametrize(
    ("sentence", "start", "end", "quote"),
    [
        pytest.param(
            'He said "we will not back down" on Monday.',
            9,
            30,
            "we will not back down",
            id="straight-pair",
        ),
        pytest.param(
            "\u201cIt is on budget and on time,\u201d she told reporters.",
            1,
            28,
            "It is on budget and on time",
            id="curly-pair-trailing-comma-trimmed",
        ),
        pytest.param(
            "Er sagte: \u201eWir schaffen das schon.\u201c",
            11,
            34,
            "Wir schaffen das schon.",
            id="german-low-high",
        ),
        pytest.param(
            "Il a dit \u00ab nous ne c\u00e9derons pas \u00bb hier.",
            11,
            31,
            "nous ne c\u00e9derons pas",
            id="guillemets-inner-spaces-trimmed",
        ),
        pytest.param(
            '"We are ready," he said, "to defend the country at any cost."',
            26,
            60,
            "to defend the country at any cost.",
            id="longest-of-two",
        ),
        pytest.param(
            'Critics called it "a waste", but she said "it will pay for itself".',
            43,
            65,
            "it will pay for itself",
            id="scare-quote-beside-real-quote",
        ),
        pytest.param(
            'He called it "a total waste" and left.',
            14,
            27,
            "a total waste",
            id="three-words-is-enough",
        ),
    ],
)
def test_matched_quotes(sentence: str, start: int, end: int, quote: str) -> None:
    span = quoted_span(sentence, OFFSET)
    assert span == Span(OFFSET + start, OFFSET + end)
    assert sentence[span.start - OFFSET : span.end - OFFSET] == quote


@pytest.mark.parametrize(
    ("sentence", "start", "end", "quote"),
    [
        pytest.param(
            'He said: "We will fight until the end.',
            10,
            38,
            "We will fight until the end.",
            id="straight-opens-and-runs-on",
        ),
        pytest.param(
            "She added: \u201cThere is no plan B.",
            12,
            31,
            "There is no plan B.",
            id="curly-opens-and-runs-on",
        ),
        pytest.param(
            'It is over," Smith told reporters at the meeting in Ankara.',
            0,
            10,
            "It is over",
            id="straight-closes-a-quote-begun-earlier",
        ),
        pytest.param(
            "and we will win,\u201d the minister said.",
            0,
            15,
            "and we will win",
            id="curly-closes-a-quote-begun-earlier",
        ),
        pytest.param(
            'The minister told reporters at the meeting in Ankara: "We will win.',
            55,
            67,
            "We will win.",
            id="long-narrative-before-an-opening-mark",
        ),
        pytest.param(
            'He added ("we will return to the table.',
            11,
            39,
            "we will return to the table.",
            id="straight-mark-after-bracket-opens",
        ),
    ],
)
def test_unmatched_mark_quotes_its_open_side(
    sentence: str, start: int, end: int, quote: str
) -> None:
    span = quoted_span(sentence, OFFSET)
    assert span == Span(OFFSET + start, OFFSET + end)
    assert sentence[span.start - OFFSET : span.end - OFFSET] == quote


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param('He called the project "a waste" and left.', id="two-word-scare-quote"),
        pytest.param('The so-called "experts" disagreed.', id="one-word-scare-quote"),
        pytest.param("\u201cNo,\u201d he said.", id="short-curly"),
        pytest.param("The minister said the talks had failed.", id="no-marks"),
        pytest.param('She said "" nothing.', id="empty-quote"),
        pytest.param('He said: "Never.', id="short-run-on"),
    ],
)
def test_no_quotation(sentence: str) -> None:
    assert quoted_span(sentence, OFFSET) is None


def test_offset_zero_indexes_the_sentence_itself() -> None:
    sentence = 'He said "we will not back down" on Monday.'
    assert quoted_span(sentence, 0) == Span(9, 30)
