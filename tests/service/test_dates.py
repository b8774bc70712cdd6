"""Resolving the day a sentence names, against the article's publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from service.text.dates import resolve_date

# Thursday 8 October 2015 (the week runs Mon 5, Tue 6, Wed 7, Thu 8; Fri 2, Sun 4 before).
THURSDAY = dt.date(2015, 10, 8)
# Saturday 3 January 2015: the Monday before is 29 December 2014.
NEW_YEAR_SATURDAY = dt.date(2015, 1, 3)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("Konashenkov claimed on Tuesday that", dt.date(2015, 10, 6), id="on-tuesday"),
        pytest.param("He spoke on Monday.", dt.date(2015, 10, 5), id="on-monday"),
        pytest.param("Bilgic said on Wednesday.", dt.date(2015, 10, 7), id="on-wednesday"),
        pytest.param("Officials said on Thursday.", THURSDAY, id="same-weekday-is-today"),
        pytest.param("The minister said on Friday.", dt.date(2015, 10, 2), id="friday-before"),
        pytest.param("Talks ended Sunday.", dt.date(2015, 10, 4), id="bare-weekday"),
        pytest.param("He said this Monday.", dt.date(2015, 10, 5), id="this-monday"),
        pytest.param("Last Tuesday he resigned.", dt.date(2015, 10, 6), id="last-tuesday"),
        pytest.param("He resigned last Thursday.", dt.date(2015, 10, 1), id="last-same-weekday"),
        pytest.param("ON TUESDAY, he said.", dt.date(2015, 10, 6), id="upper-case"),
        pytest.param("He said yesterday.", dt.date(2015, 10, 7), id="yesterday"),
        pytest.param("She said today.", THURSDAY, id="today"),
        pytest.param("He will speak tonight.", THURSDAY, id="tonight"),
        pytest.param("He said this morning.", THURSDAY, id="this-morning"),
        pytest.param(
            "He said yesterday that the vote was on Monday.",
            dt.date(2015, 10, 7),
            id="yesterday-before-weekday",
        ),
        pytest.param(
            "Talks resume next Friday, he said on Monday.",
            dt.date(2015, 10, 5),
            id="next-weekday-skipped",
        ),
        pytest.param("Talks resume next Friday.", None, id="only-next-weekday"),
        pytest.param("The minister said on Oct. 1 that ...", dt.date(2015, 10, 1), id="oct-abbrev"),
        pytest.param("It began on October 7th.", dt.date(2015, 10, 7), id="month-ordinal"),
        pytest.param("It began Sept 30.", dt.date(2015, 9, 30), id="sept"),
        pytest.param("It happened on Oct. 12.", dt.date(2014, 10, 12), id="later-day-is-last-year"),
        pytest.param("Signed on Oct. 1, 2014, the deal", dt.date(2014, 10, 1), id="month-day-year"),
        pytest.param("It was signed on 3 March 2014.", dt.date(2014, 3, 3), id="day-month-year"),
        pytest.param("It was signed on the 3rd of March.", dt.date(2015, 3, 3), id="day-of-month"),
        pytest.param("Filed 2015-09-30, the suit ...", dt.date(2015, 9, 30), id="iso"),
        pytest.param(
            "On Oct. 1 he said he had met them on Tuesday.",
            dt.date(2015, 10, 1),
            id="explicit-before-weekday",
        ),
        pytest.param("It is due on Feb. 30.", None, id="impossible-day"),
        pytest.param("The bridge crosses the Tagus river.", None, id="no-date"),
        pytest.param("Mondays are busy.", None, id="plural-weekday-is-not-a-date"),
    ],
)
def test_resolve_date_against_thursday(sentence: str, expected: dt.date | None) -> None:
    assert resolve_date(sentence, THURSDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("It was signed on Dec. 30.", dt.date(2014, 12, 30), id="december-last-year"),
        pytest.param("He spoke on Monday.", dt.date(2014, 12, 29), id="monday-across-new-year"),
        pytest.param("He said yesterday.", dt.date(2015, 1, 2), id="yesterday"),
        pytest.param("It was signed on Jan. 2.", dt.date(2015, 1, 2), id="january-this-year"),
    ],
)
def test_resolve_date_across_the_year_end(sentence: str, expected: dt.date) -> None:
    assert resolve_date(sentence, NEW_YEAR_SATURDAY) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("He said on Tuesday.", None, id="weekday"),
        pytest.param("He said yesterday.", None, id="yesterday"),
        pytest.param("It began on Oct. 1.", None, id="month-day-without-year"),
        pytest.param("It was signed on 3 March 2014.", dt.date(2014, 3, 3), id="full-date"),
        pytest.param("Signed on Oct. 1, 2014.", dt.date(2014, 10, 1), id="month-day-year"),
        pytest.param("Filed 2015-09-30.", dt.date(2015, 9, 30), id="iso"),
    ],
)
def test_resolve_date_without_publication_date(sentence: str, expected: dt.date | None) -> None:
    assert resolve_date(sentence, None) == expected
