"""Assembly's rules that overrule or complete the model from the evidence's own words."""

from __future__ import annotations

import datetime as dt

import pytest

from service.core.findings import Attribution, Figure, Findings
from service.core.span import Span
from service.rules.assembly import Assembled, assemble
from tests.support.findings import said, span_of

PUBLISHED = dt.date(2015, 10, 8)


def figure(
    value: float,
    sentence: str,
    text: str,
    total: float | None = None,
    unit: str | None = None,
    source: str | None = None,
) -> Figure:
    return Figure(
        value=value,
        unit=unit,
        total=total,
        measure="Russian air strikes in Syria",
        source=source,
        evidence=span_of(sentence, text),
    )


def assembled(text: str, attributions: list[Attribution], figures: list[Figure]) -> Assembled:
    return assemble(Findings(attributions=attributions, figures=figures), text, PUBLISHED)


def kinds(result: Assembled) -> tuple[int, int]:
    return len(result.claims), len(result.denials)


# A denial needs a negation; a denial verb makes a denial.


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Sergei Lavrov said Russia and Turkey had discussed air strikes.", id="said"),
        pytest.param("Selin Arkan said Turkey proposed a working group.", id="plain-statement"),
        pytest.param(
            "Selin Arkan said Norway and Nottingham joined the talks.", id="words-starting-no"
        ),
    ],
)
def test_denial_label_without_negation_becomes_a_claim(sentence: str) -> None:
    result = assembled(sentence, [said("Selin Arkan", sentence, sentence, kind="denial")], [])
    assert kinds(result) == (1, 0)
    assert result.claims[0].id == "c1"
    assert result.claims[0].statement == "Turkey proposed a working group with Russia."


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Selin Arkan said Turkey had not proposed any group.", id="not"),
        pytest.param("Selin Arkan said Turkey never proposed a group.", id="never"),
        pytest.param("Selin Arkan said no group was proposed.", id="no"),
        pytest.param("Selin Arkan said Turkey didn't propose a group.", id="n't"),
        pytest.param("Selin Arkan said Turkey didn\u2019t propose a group.", id="curly-n't"),
        pytest.param("Selin Arkan said the report was false.", id="false"),
        pytest.param("Selin Arkan called the report baseless.", id="baseless"),
        pytest.param("Selin Arkan rejected the report.", id="rejected"),
        pytest.param("Selin Arkan dismissed the report.", id="dismissed"),
        pytest.param("Selin Arkan issued a denial.", id="denial"),
    ],
)
def test_denial_label_with_a_negation_stays(sentence: str) -> None:
    result = assembled(sentence, [said("Selin Arkan", sentence, sentence, kind="denial")], [])
    assert kinds(result) == (0, 1)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Selin Arkan denied that Turkey had proposed a group.", id="denied"),
        pytest.param("Selin Arkan denies that Turkey proposed a group.", id="denies"),
        pytest.param("Turkey's ministry refuted the report, Arkan said.", id="refuted"),
        pytest.param("Selin Arkan dismissed the report as baseless.", id="dismissed-as"),
        pytest.param("Selin Arkan said there was no truth in the report.", id="no-truth"),
    ],
)
def test_claim_label_with_a_denial_verb_becomes_a_denial(sentence: str) -> None:
    result = assembled(sentence, [said("Selin Arkan", sentence, sentence)], [])
    assert kinds(result) == (0, 1)
    assert result.denials[0].id == "d1"
    assert result.denials[0].denied == "Turkey proposed a working group with Russia."


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Sergei Lavrov said Russia would not stop the strikes.", id="not"),
        pytest.param("Parliament rejected the bill, Sergei Lavrov said.", id="rejected"),
        pytest.param("Sergei Lavrov dismissed the report.", id="dismissed-alone"),
    ],
)
def test_claim_label_with_only_a_negation_stays(sentence: str) -> None:
    result = assembled(sentence, [said("Sergei Lavrov", sentence, sentence)], [])
    assert kinds(result) == (1, 0)


def test_relabelled_denial_rebuts_the_claim_it_answers() -> None:
    claim = "Pavel Oranov said Turkey had proposed a working group with Russia."
    denial = "Selin Arkan denied that Turkey had proposed a working group with Russia."
    text = f"{claim} {denial}"
    result = assembled(
        text,
        [said("Pavel Oranov", claim, text), said("Selin Arkan", denial, text)],
        [],
    )
    assert [c.id for c in result.claims] == ["c1"]
    assert [(d.id, d.rebuts) for d in result.denials] == [("d1", "c1")]


# Part of a whole.

OUT_OF = "The sources said 55 strikes hit moderate targets out of a total of 57."
OF = "Turkish military sources said 55 of 57 Russian air strikes hit moderate groups."
WORDS = "Only two of the 57 strikes targeted DAESH."


@pytest.mark.parametrize(
    ("sentence", "given", "expected"),
    [
        pytest.param(OUT_OF, 55, (55, 57), id="out-of-a-total-part-given"),
        pytest.param(OUT_OF, 57, (55, 57), id="out-of-a-total-whole-given"),
        pytest.param(OF, 55, (55, 57), id="of-part-given"),
        pytest.param(OF, 57, (55, 57), id="of-whole-given"),
        pytest.param(WORDS, 2, (2, 57), id="number-word-part-given"),
        pytest.param(WORDS, 57, (2, 57), id="number-word-whole-given"),
        pytest.param(
            "Rescuers said 1,200 of the 3,400 residents were evacuated.",
            3400,
            (1200, 3400),
            id="thousands",
        ),
    ],
)
def test_part_of_a_whole_gives_value_and_total(
    sentence: str, given: float, expected: tuple[float, float]
) -> None:
    (statistic,) = assembled(sentence, [], [figure(given, sentence, sentence)]).statistics
    assert (statistic.value, statistic.total) == expected


def test_total_the_model_gave_is_kept() -> None:
    (statistic,) = assembled(OF, [], [figure(57, OF, OF, total=60)]).statistics
    assert (statistic.value, statistic.total) == (57, 60)


def test_other_number_in_a_part_of_whole_sentence_is_left_alone() -> None:
    sentence = "On 12 sites, 55 of 57 Russian air strikes hit moderate groups."
    (statistic,) = assembled(sentence, [], [figure(12, sentence, sentence)]).statistics
    assert (statistic.value, statistic.total) == (12, None)


def test_part_not_smaller_than_the_whole_is_not_a_total() -> None:
    sentence = "Some 300 of 200 listed sites were hit."
    (statistic,) = assembled(sentence, [], [figure(300, sentence, sentence)]).statistics
    assert (statistic.value, statistic.total) == (300, None)


def test_sentence_without_of_is_left_alone() -> None:
    sentence = "Russia flew 57 sorties and 55 hit moderate groups."
    (statistic,) = assembled(sentence, [], [figure(57, sentence, sentence)]).statistics
    assert (statistic.value, statistic.total) == (57, None)


# Sources.

CLAIMED = "Turkish military sources said 55 Russian air strikes hit moderate groups."
NARRATED = "Russia has flown 57 sorties since September."


def test_statistic_in_a_claim_takes_the_claim_speaker_as_source() -> None:
    text = f"{CLAIMED} {NARRATED}"
    result = assembled(
        text,
        [said("Turkish military sources", CLAIMED, text)],
        [figure(55, CLAIMED, text), figure(57, NARRATED, text)],
    )
    assert [(s.value, s.source) for s in result.statistics] == [
        (55, "Turkish military sources"),
        (57, None),
    ]


def test_source_the_model_gave_is_kept() -> None:
    result = assembled(
        CLAIMED,
        [said("Turkish military sources", CLAIMED, CLAIMED)],
        [figure(55, CLAIMED, CLAIMED, source="Reuters")],
    )
    assert result.statistics[0].source == "Reuters"


def test_source_from_a_claim_is_the_full_name() -> None:
    first = "Pavel Oranov said Russia had flown sorties in Syria."
    second = "Oranov said 57 sorties had been flown since September."
    text = f"{first} {second}"
    result = assembled(
        text,
        [said("Pavel Oranov", first, text), said("Oranov", second, text)],
        [figure(57, second, text)],
    )
    assert result.statistics[0].source == "Pavel Oranov"


# Titles folded into speaker names.


@pytest.mark.parametrize(
    ("speaker", "role", "expected"),
    [
        pytest.param(
            "Russian Defence Ministry spokesman Pavel Oranov",
            None,
            ("Pavel Oranov", "Russian Defence Ministry spokesman"),
            id="title-then-name",
        ),
        pytest.param(
            "Foreign Ministry spokesman Selin Arkan",
            "Turkish spokesman",
            ("Selin Arkan", "Turkish spokesman"),
            id="model-role-kept",
        ),
        pytest.param(
            "Turkish Ministry of Foreign Affairs",
            None,
            ("Turkish Ministry of Foreign Affairs", None),
            id="of-in-an-organisation",
        ),
        pytest.param(
            "two people close to the talks",
            None,
            ("two people close to the talks", None),
            id="anonymous-source",
        ),
        pytest.param(
            "Turkish military sources", None, ("Turkish military sources", None), id="sources"
        ),
        pytest.param(
            "Ursula von der Leyen", None, ("Ursula von der Leyen", None), id="name-particles"
        ),
        pytest.param("Pavel Oranov", None, ("Pavel Oranov", None), id="plain-name"),
    ],
)
def test_title_is_split_out_of_the_name(
    speaker: str, role: str | None, expected: tuple[str, str | None]
) -> None:
    sentence = f"{speaker} said Turkey had proposed a working group."
    result = assembled(sentence, [said(speaker, sentence, sentence, role=role)], [])
    assert (result.claims[0].speaker.name, result.claims[0].speaker.role) == expected


def test_split_name_lends_full_name_and_role_to_later_mentions() -> None:
    first = "Russian Defence Ministry spokesman Pavel Oranov said Turkey proposed a group."
    second = '"The group will meet in Moscow," Oranov told reporters.'
    text = f"{first} {second}"
    result = assembled(
        text,
        [
            said("Russian Defence Ministry spokesman Pavel Oranov", first, text),
            said("Oranov", second, text),
        ],
        [],
    )
    assert [(c.speaker.name, c.speaker.role) for c in result.claims] == [
        ("Pavel Oranov", "Russian Defence Ministry spokesman"),
        ("Pavel Oranov", "Russian Defence Ministry spokesman"),
    ]


# Units read off the evidence.


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        pytest.param("Russia carried out 55 air strikes on Tuesday.", 55, "air strikes", id="noun"),
        pytest.param("Turnout fell to 38 per cent.", 38, "%", id="per-cent"),
        pytest.param("Unemployment reached 12.5% in March.", 12.5, "%", id="percent-sign"),
        pytest.param("The club lost \u00a34.2 million last season.", 4_200_000, "GBP", id="GBP"),
        pytest.param("Brussels pledged \u20ac340 million in aid.", 340_000_000, "EUR", id="EUR"),
        pytest.param("The deal is worth $1.2 billion.", 1_200_000_000, "USD", id="USD"),
        pytest.param("She received a 5-year sentence.", 5, "year", id="duration"),
        pytest.param("The death toll rose to 40.", 40, None, id="bare"),
    ],
)
def test_missing_unit_is_read_off_the_evidence(
    sentence: str, value: float, unit: str | None
) -> None:
    (statistic,) = assembled(sentence, [], [figure(value, sentence, sentence)]).statistics
    assert statistic.unit == unit


def test_unit_the_model_gave_is_kept() -> None:
    sentence = "Russia carried out 55 air strikes on Tuesday."
    given = figure(55, sentence, sentence, unit="sorties")
    assert assembled(sentence, [], [given]).statistics[0].unit == "sorties"


@pytest.mark.parametrize(
    ("speaker", "expected_name"),
    [
        ("officials in Ankara", "officials in Ankara"),
        ("officials of Valmora", "officials of Valmora"),
        ("spokesman Arkan", "Arkan"),
    ],
    ids=["group-in-place", "group-of-place", "title-and-surname"],
)
def test_groups_are_not_split_into_a_name(speaker: str, expected_name: str) -> None:
    from service.core.findings import Attribution
    from service.rules.speakers import role_out_of_name

    found = role_out_of_name(Attribution("claim", speaker, None, "p", None, Span(0, 1)))
    assert found.speaker == expected_name


def test_honorific_surname_expands_to_the_full_name() -> None:
    from service.rules.speakers import full_names

    mapping = full_names(["Dev Kaplan", "Mr Kaplan"])
    assert mapping["Mr Kaplan"] == "Dev Kaplan"


def test_a_surname_alone_takes_the_full_name_the_article_writes() -> None:
    from service.rules.speakers import full_names

    written = ["Port Authority", "Mme Okafor", "Lena Okafor", "Okafor Shipping Group"]
    assert full_names(["Okafor", "Mme Okafor"], written) == {
        "Okafor": "Lena Okafor",
        "Mme Okafor": "Lena Okafor",
    }


def test_a_title_alone_becomes_the_person_the_article_gives_that_title() -> None:
    text = (
        "The harbour's governor has promised a new quay. "
        "Later, harbour governor Ines Carvalho said the works would start in spring."
    )
    claim = said("governor", "The harbour's governor has promised a new quay.", text)
    records = assemble(Findings(attributions=[claim]), text, PUBLISHED)
    assert records.claims[0].speaker.name == "Ines Carvalho"
    assert records.claims[0].speaker.role == "governor"


@pytest.mark.parametrize(
    ("role", "text"),
    [
        # Two people hold the title: the article does not say which one spoke.
        ("governor", "Governor Ines Carvalho met Governor Tomas Berg. The governor spoke."),
        # A deputy governor is not the governor.
        ("governor", "Deputy Governor Ines Carvalho arrived. The governor spoke."),
        # A group names no one person.
        ("officials", "Officials said so, and officials Ines Carvalho and Tomas Berg agreed."),
        # "On Monday" stands before a comma and the title, but is no one's name.
        ("regional council", "On Monday, the regional council voted. The council said so."),
    ],
)
def test_a_title_stays_when_the_article_does_not_name_one_holder(role: str, text: str) -> None:
    from service.rules.speakers import person_holding

    assert person_holding(role, text) is None
