"""Locating the model's copy of a passage in the article; every span indexes the original text."""

from __future__ import annotations

import pytest

from service.core.span import Span
from service.text.grounding import ArticleIndex

# "Officials said 57 air strikes hit the city." is 43 characters; the second sentence
# starts after one space, at 44, and "Nobody was hurt." is 16 characters.
STRIKES = "Officials said 57 air strikes hit the city. Nobody was hurt."


def located(text: str, fragment: str, near: int | None = None) -> tuple[Span | None, str | None]:
    span = ArticleIndex(text).locate(fragment, near=near)
    return span, None if span is None else text[span.start : span.end]


@pytest.mark.parametrize(
    ("text", "fragment", "expected_span", "expected_text"),
    [
        pytest.param(
            STRIKES,
            "Officials said 57 air strikes hit the city.",
            Span(0, 43),
            "Officials said 57 air strikes hit the city.",
            id="first-sentence",
        ),
        pytest.param(
            STRIKES,
            "Nobody was hurt.",
            Span(44, 60),
            "Nobody was hurt.",
            id="last-sentence",
        ),
        pytest.param(
            STRIKES,
            "officials SAID 57 air strikes hit the city.",
            Span(0, 43),
            "Officials said 57 air strikes hit the city.",
            id="case-folded",
        ),
    ],
)
def test_exact_fragment(text: str, fragment: str, expected_span: Span, expected_text: str) -> None:
    span, found = located(text, fragment)
    assert span == expected_span
    assert found == expected_text


@pytest.mark.parametrize(
    ("text", "fragment", "expected_span", "expected_text"),
    [
        pytest.param(
            "\u201cWe will not back down,\u201d Erdo\u011fan said.",
            '"We will not back down," Erdo\u011fan said.',
            Span(0, 38),
            "\u201cWe will not back down,\u201d Erdo\u011fan said.",
            id="curly-double-in-text",
        ),
        pytest.param(
            "Turkey\u2019s proposal was rejected.",
            "Turkey's proposal was rejected",
            Span(0, 30),
            "Turkey\u2019s proposal was rejected",
            id="curly-apostrophe-in-text",
        ),
        pytest.param(
            'He said "no talk has been held" today.',
            "\u201cno talk has been held\u201d",
            Span(8, 31),
            '"no talk has been held"',
            id="curly-in-fragment-straight-in-text",
        ),
        pytest.param(
            "The talks \u2013 held in Ankara \u2013 failed.",
            "The talks - held in Ankara - failed.",
            Span(0, 36),
            "The talks \u2013 held in Ankara \u2013 failed.",
            id="en-dash-as-hyphen",
        ),
    ],
)
def test_equivalent_quotes_and_dashes(
    text: str, fragment: str, expected_span: Span, expected_text: str
) -> None:
    span, found = located(text, fragment)
    assert span == expected_span
    assert found == expected_text


@pytest.mark.parametrize(
    ("text", "fragment", "expected_span", "expected_text"),
    [
        pytest.param(
            "Officials said\n57 air  strikes\thit the city.",
            "Officials said 57 air strikes hit the city.",
            Span(0, 44),
            "Officials said\n57 air  strikes\thit the city.",
            id="newline-tab-double-space-in-text",
        ),
        pytest.param(
            STRIKES,
            "  Officials  said\n57 air strikes   hit the city.  ",
            Span(0, 43),
            "Officials said 57 air strikes hit the city.",
            id="extra-whitespace-in-fragment",
        ),
        pytest.param(
            "It cost \u20ac48\u00a0million.",
            "It cost \u20ac48 million.",
            Span(0, 20),
            "It cost \u20ac48\u00a0million.",
            id="no-break-space-in-text",
        ),
        pytest.param(
            "\n\n  Officials said 57 air strikes hit the city.",
            "Officials said 57 air strikes",
            Span(4, 33),
            "Officials said 57 air strikes",
            id="leading-whitespace-in-text-keeps-offsets",
        ),
    ],
)
def test_whitespace_is_folded(
    text: str, fragment: str, expected_span: Span, expected_text: str
) -> None:
    span, found = located(text, fragment)
    assert span == expected_span
    assert found == expected_text


@pytest.mark.parametrize(
    ("text", "fragment", "expected_span", "expected_text"),
    [
        pytest.param(
            "Turkish officials said 57 air strikes hit the city on Monday.",
            "officials said 57 air strikes hit the city",
            Span(8, 50),
            "officials said 57 air strikes hit the city",
            id="model-dropped-words-at-both-edges",
        ),
        pytest.param(
            STRIKES,
            "Turkish officials said 57 air strikes hit the city.",
            Span(0, 43),
            "Officials said 57 air strikes hit the city.",
            id="model-added-word-at-start",
        ),
        pytest.param(
            STRIKES,
            "Officials said 57 air strikes hit the city yesterday.",
            Span(0, 42),
            "Officials said 57 air strikes hit the city",
            id="model-added-word-at-end",
        ),
        pytest.param(
            STRIKES,
            "Turkish officials said 57 air strikes hit the city on Monday",
            Span(0, 42),
            "Officials said 57 air strikes hit the city",
            id="model-added-one-word-before-two-after",
        ),
    ],
)
def test_edge_words(text: str, fragment: str, expected_span: Span, expected_text: str) -> None:
    span, found = located(text, fragment)
    assert span == expected_span
    assert found == expected_text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param(
            STRIKES,
            "Yesterday in Ankara, officials said 57 air strikes hit the city.",
            id="three-words-added-at-one-edge",
        ),
        pytest.param(
            "He said no. She agreed.",
            "Then he said no",
            id="trimming-would-leave-under-four-words",
        ),
        pytest.param(STRIKES, "Officials said 75 air strikes hit the city.", id="wrong-number"),
        pytest.param(STRIKES, "Nobody was hurt, officials said.", id="paraphrase"),
        pytest.param(STRIKES, "", id="empty"),
        pytest.param(STRIKES, " \n\t ", id="only-whitespace"),
        pytest.param(STRIKES, STRIKES + " More words follow here.", id="longer-than-text"),
    ],
)
def test_not_found_is_none(text: str, fragment: str) -> None:
    assert ArticleIndex(text).locate(fragment) is None


# "During" starts at 14 (after 'Artani said: "'), "no talk" at 77, "group" ends at 103.
BILGIC = (
    'Artani said: "During our negotiation with the Russian authorities, '
    'there was no talk of a working group." He left.'
)
BILGIC_PASSAGE = (
    "During our negotiation with the Russian authorities, there was no talk of a working group"
)


@pytest.mark.parametrize(
    ("fragment", "expected_span", "expected_text"),
    [
        pytest.param(
            "During our negotiation ... no talk of a working group",
            Span(14, 103),
            BILGIC_PASSAGE,
            id="three-dots",
        ),
        pytest.param(
            "During our negotiation\u2026no talk of a working group",
            Span(14, 103),
            BILGIC_PASSAGE,
            id="ellipsis-char",
        ),
        pytest.param(
            "During our negotiation [...] no talk of a working group",
            Span(14, 103),
            BILGIC_PASSAGE,
            id="bracketed",
        ),
        pytest.param(
            "\u201cDuring our negotiation ... there was no talk of a working group",
            Span(13, 103),
            '"' + BILGIC_PASSAGE,
            id="curly-quote-in-first-piece",
        ),
    ],
)
def test_elision_spans_from_first_to_last_piece(
    fragment: str, expected_span: Span, expected_text: str
) -> None:
    span, found = located(BILGIC, fragment)
    assert span == expected_span
    assert found == expected_text


def test_elision_with_three_pieces() -> None:
    span, found = located(BILGIC, "During our ... Russian authorities ... working group")
    assert span == Span(14, 103)
    assert found == BILGIC_PASSAGE


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param(
            BILGIC,
            "no talk of a working group ... During our negotiation",
            id="pieces-out-of-order",
        ),
        pytest.param(BILGIC, "During our negotiation ... with Turkey", id="second-piece-missing"),
        pytest.param(
            "Alpha beta gamma delta." + " filler" * 100 + " Epsilon zeta eta theta.",
            "Alpha beta gamma delta ... Epsilon zeta eta theta.",
            id="pieces-too-far-apart",
        ),
    ],
)
def test_elision_not_found(text: str, fragment: str) -> None:
    assert ArticleIndex(text).locate(fragment) is None


def test_elision_takes_the_occurrence_after_the_first_piece() -> None:
    # '"no"' also occurs just before "Later", closer to it than the one that follows it.
    text = 'He said "no". Later he said "yes", and after a long pause and much thought, "no".'
    span, found = located(text, 'Later he said "yes" ... "no"')
    assert span == Span(14, 80)
    assert found == 'Later he said "yes", and after a long pause and much thought, "no"'


# Sentence one is 0..27, "The talks failed." is 28..45, the repeat is 46..73.
REPEATED = "The army said it was ready. The talks failed. The army said it was ready."


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        pytest.param(None, Span(0, 27), id="no-hint-first"),
        pytest.param(10, Span(0, 27), id="near-first"),
        pytest.param(40, Span(46, 73), id="between-but-closer-to-second"),
        pytest.param(len(REPEATED), Span(46, 73), id="near-end"),
    ],
)
def test_repeated_sentence_closest_to_near(near: int | None, expected: Span) -> None:
    span, found = located(REPEATED, "The army said it was ready.", near=near)
    assert span == expected
    assert found == "The army said it was ready."


def test_trimmed_match_also_honours_near() -> None:
    span, found = located(REPEATED, "Officials: the army said it was ready.", near=60)
    assert span == Span(46, 73)
    assert found == "The army said it was ready."


@pytest.mark.parametrize(
    ("text", "fragment", "expected_span", "expected_text"),
    [
        pytest.param(
            "Ahmet Davuto\u011flu said \u0130stanbul would host the talks.",
            "AHMET DAVUTO\u011eLU said \u0130stanbul would host the talks",
            Span(0, 50),
            "Ahmet Davuto\u011flu said \u0130stanbul would host the talks",
            id="turkish-letters-case-folded",
        ),
        pytest.param(
            "\u00dcmit \u00d6zda\u011f: \u201c\u0397 "
            "\u03c3\u03c5\u03bc\u03c6\u03c9\u03bd\u03af\u03b1 "
            "\u03b5\u03af\u03bd\u03b1\u03b9 \u03bd\u03b5\u03ba\u03c1\u03ae,\u201d "
            "\u03b5\u03af\u03c0\u03b5.",
            '"\u03b7 \u03c3\u03c5\u03bc\u03c6\u03c9\u03bd\u03af\u03b1 '
            "\u03b5\u03af\u03bd\u03b1\u03b9 "
            '\u03bd\u03b5\u03ba\u03c1\u03ae," \u03b5\u03af\u03c0\u03b5',
            Span(12, 42),
            "\u201c\u0397 \u03c3\u03c5\u03bc\u03c6\u03c9\u03bd\u03af\u03b1 "
            "\u03b5\u03af\u03bd\u03b1\u03b9 \u03bd\u03b5\u03ba\u03c1\u03ae,\u201d "
            "\u03b5\u03af\u03c0\u03b5",
            id="greek-after-non-ascii-name",
        ),
        pytest.param(
            "\u9996\u76f8\u306f\u300c\u5408\u610f\u306f\u306a\u3044\u300d\u3068\u8ff0\u3079\u305f\u3002",
            "\u300c\u5408\u610f\u306f\u306a\u3044\u300d\u3068\u8ff0\u3079\u305f",
            Span(3, 14),
            "\u300c\u5408\u610f\u306f\u306a\u3044\u300d\u3068\u8ff0\u3079\u305f",
            id="japanese",
        ),
        pytest.param(
            "Die Stra\u00dfe ist gesperrt, sagte die Polizei.",
            "die stra\u00dfe ist gesperrt",
            Span(0, 23),
            "Die Stra\u00dfe ist gesperrt",
            id="sharp-s-kept",
        ),
    ],
)
def test_non_ascii_text(text: str, fragment: str, expected_span: Span, expected_text: str) -> None:
    span, found = located(text, fragment)
    assert span == expected_span
    assert found == expected_text


def test_one_index_answers_many_lookups() -> None:
    index = ArticleIndex(STRIKES)
    assert index.locate("Nobody was hurt.") == Span(44, 60)
    assert index.locate("57 air strikes") == Span(15, 29)
    assert index.locate("Nobody was hurt.") == Span(44, 60)
