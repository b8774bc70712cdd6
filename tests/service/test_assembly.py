"""From grounded findings to the contract's records: ids, dedupe, speakers, rebuts, dates."""

from __future__ import annotations

import datetime as dt

from service.core.findings import Figure, Findings, Ungrounded
from service.core.records import Claim, Denial, Statistic
from service.core.span import Span
from service.rules.assembly import Assembled, assemble
from tests.support.findings import said, span_of

KONASHENKOV = (
    "Russian Defence Ministry spokesman Pavel Oranov said on Tuesday that Turkey had "
    "proposed a working group with Russia to plan air strikes in Syria."
)
MOSCOW = '"The group will meet in Moscow next month," Oranov told reporters.'
STRIKES = (
    "Turkish military sources said 55 of 57 Russian air strikes hit moderate opposition groups."
)
BILGIC = (
    "Foreign Ministry spokesman Selin Arkan denied on Wednesday that Turkey had proposed "
    "any such group."
)
LAVROV = "Sergei Lavrov said Russia and Turkey had discussed air strikes."
DAESH = "Only two of the 57 strikes targeted DAESH, the sources said."
REPEAT = "Of the 57 air strikes, 55 hit moderate groups, the sources repeated."
TEXT = " ".join([KONASHENKOV, MOSCOW, STRIKES, BILGIC, LAVROV, DAESH, REPEAT])
# Thursday; Tuesday is the 6th and Wednesday the 7th.
PUBLISHED = dt.date(2015, 10, 8)

ROLE_RU = "Russian Defence Ministry spokesman"
ROLE_TR = "Foreign Ministry spokesman"
C1 = "Turkey proposed a working group with Russia to plan air strikes in Syria."
DENIED = "Turkey proposed a working group with Russia to plan air strikes."


def figure(
    value: float,
    sentence: str,
    measure: str,
    unit: str | None = "air strikes",
    total: float | None = 57,
) -> Figure:
    return Figure(
        value=value,
        unit=unit,
        total=total,
        measure=measure,
        source="Turkish military sources",
        evidence=span_of(sentence, TEXT),
    )


FIRST_CLAIM = said("Pavel Oranov", KONASHENKOV, TEXT, proposition=C1, role=ROLE_RU)
MOSCOW_CLAIM = said(
    "Oranov",
    MOSCOW,
    TEXT,
    proposition="The working group will meet in Moscow next month.",
    quote="The group will meet in Moscow next month",
)
LAVROV_CLAIM = said(
    "Sergei Lavrov", LAVROV, TEXT, proposition="Russia and Turkey discussed air strikes."
)
BILGIC_DENIAL = said("Selin Arkan", BILGIC, TEXT, proposition=DENIED, role=ROLE_TR, kind="denial")
MODERATE = figure(55, STRIKES, "Russian air strikes in Syria hitting moderate opposition groups")
MODERATE_AGAIN = figure(55, REPEAT, "Russian air strikes hitting moderate opposition groups")
AGAINST_DAESH = figure(2, DAESH, "Russian air strikes in Syria targeting DAESH")
WRONG_VALUE = figure(60, STRIKES, "Russian air strikes in Syria")
UPSTREAM = Ungrounded("claim", "evidence not found in the text", {"speaker": "X"}, None)


def whole_article() -> Assembled:
    # Deliberately out of reading order, with a duplicate and a repeated figure.
    duplicate = said(
        "pavel oranov",
        KONASHENKOV,
        TEXT,
        proposition="Turkey proposed a working group with Russia to plan air strikes.",
    )
    findings = Findings(
        attributions=[LAVROV_CLAIM, BILGIC_DENIAL, MOSCOW_CLAIM, FIRST_CLAIM, duplicate],
        figures=[AGAINST_DAESH, MODERATE_AGAIN, WRONG_VALUE, MODERATE],
        ungrounded=[UPSTREAM],
    )
    return assemble(findings, TEXT, PUBLISHED)


def test_ids_follow_reading_order() -> None:
    result = whole_article()
    assert [(c.id, c.evidence.text) for c in result.claims] == [
        ("c1", KONASHENKOV),
        ("c2", MOSCOW),
        ("c3", LAVROV),
    ]
    assert [(d.id, d.evidence.text) for d in result.denials] == [("d1", BILGIC)]
    assert [(s.id, s.value, s.evidence.text) for s in result.statistics] == [
        ("s1", 55, STRIKES),
        ("s2", 2, DAESH),
    ]


def test_evidence_and_quote_are_slices_of_the_text() -> None:
    result = whole_article()
    records: list[Claim | Denial | Statistic] = [
        *result.claims,
        *result.denials,
        *result.statistics,
    ]
    for record in records:
        assert TEXT[record.evidence.start : record.evidence.end] == record.evidence.text
    assert result.claims[1].quote == "The group will meet in Moscow next month"
    assert result.claims[0].quote is None


def test_duplicate_attribution_is_dropped_and_first_in_order_kept() -> None:
    result = whole_article()
    assert [c.statement for c in result.claims] == [
        C1,
        "The working group will meet in Moscow next month.",
        "Russia and Turkey discussed air strikes.",
    ]


def test_two_points_from_one_sentence_are_two_claims() -> None:
    findings = Findings(
        attributions=[
            said("Pavel Oranov", KONASHENKOV, TEXT, proposition=C1),
            said(
                "Pavel Oranov",
                KONASHENKOV,
                TEXT,
                proposition="Russia would decide on air strikes in Syria alone.",
            ),
        ]
    )
    result = assemble(findings, TEXT, PUBLISHED)
    assert [c.id for c in result.claims] == ["c1", "c2"]


def test_same_words_by_another_speaker_are_kept() -> None:
    findings = Findings(
        attributions=[
            said("Pavel Oranov", KONASHENKOV, TEXT, proposition=C1),
            said("Sergei Lavrov", KONASHENKOV, TEXT, proposition=C1),
        ]
    )
    assert len(assemble(findings, TEXT, PUBLISHED).claims) == 2


def test_surname_becomes_full_name_and_role_is_filled() -> None:
    result = whole_article()
    speakers = [(c.speaker.name, c.speaker.role) for c in result.claims]
    assert speakers == [
        ("Pavel Oranov", ROLE_RU),
        ("Pavel Oranov", ROLE_RU),
        ("Sergei Lavrov", None),
    ]
    assert (result.denials[0].speaker.name, result.denials[0].speaker.role) == (
        "Selin Arkan",
        ROLE_TR,
    )


def test_own_role_wins_over_the_one_given_elsewhere() -> None:
    findings = Findings(
        attributions=[
            said("Pavel Oranov", KONASHENKOV, TEXT, proposition=C1, role=ROLE_RU),
            said(
                "Oranov", MOSCOW, TEXT, proposition="The group will meet in Moscow.", role="general"
            ),
        ]
    )
    result = assemble(findings, TEXT, PUBLISHED)
    assert [c.speaker.role for c in result.claims] == [ROLE_RU, "general"]


def test_pronoun_speaker_is_not_expanded() -> None:
    findings = Findings(
        attributions=[
            said("Pavel Oranov", KONASHENKOV, TEXT, proposition=C1),
            said("he", MOSCOW, TEXT, proposition="The group will meet in Moscow."),
        ]
    )
    result = assemble(findings, TEXT, PUBLISHED)
    assert [c.speaker.name for c in result.claims] == ["Pavel Oranov", "he"]


def test_denial_rebuts_the_most_similar_claim() -> None:
    # Against the denial, c1 shares 8 of 9 content words; Lavrov's c3 shares 4 of 9
    # (also above the threshold, and later, so a "last match wins" bug would pick it).
    result = whole_article()
    assert result.denials[0].rebuts == "c1"


def test_denial_with_nothing_similar_rebuts_nothing() -> None:
    findings = Findings(
        attributions=[
            FIRST_CLAIM,
            said(
                "Selin Arkan",
                BILGIC,
                TEXT,
                proposition="Russian jets entered Turkish airspace.",
                kind="denial",
            ),
        ]
    )
    result = assemble(findings, TEXT, PUBLISHED)
    assert result.denials[0].rebuts is None


def test_denial_never_rebuts_its_own_speaker() -> None:
    # "Oranov" is expanded to the claim's speaker, so the only similar claim is his own.
    findings = Findings(
        attributions=[
            FIRST_CLAIM,
            said("Oranov", BILGIC, TEXT, proposition=DENIED, kind="denial"),
        ]
    )
    result = assemble(findings, TEXT, PUBLISHED)
    assert result.denials[0].speaker.name == "Pavel Oranov"
    assert result.denials[0].rebuts is None


def test_denial_label_needs_a_negation_in_its_sentence() -> None:
    findings = Findings(
        attributions=[said("Pavel Oranov", MOSCOW, TEXT, proposition=DENIED, kind="denial")]
    )
    result = assemble(findings, TEXT, PUBLISHED)
    assert (len(result.claims), len(result.denials)) == (1, 0)


def test_claim_in_a_sentence_with_a_denial_verb_becomes_a_denial() -> None:
    findings = Findings(attributions=[said("Selin Arkan", BILGIC, TEXT, proposition=DENIED)])
    result = assemble(findings, TEXT, PUBLISHED)
    assert (len(result.claims), len(result.denials)) == (0, 1)


def test_value_not_in_evidence_is_ungrounded() -> None:
    result = whole_article()
    assert 60 not in [s.value for s in result.statistics]
    assert result.ungrounded[0] == UPSTREAM
    assert len(result.ungrounded) == 2
    dropped = result.ungrounded[1]
    assert (dropped.kind, dropped.reason) == ("statistic", "value not written in its evidence")
    assert dropped.fields["value"] == 60
    start = TEXT.index(STRIKES)
    assert dropped.evidence == Span(start, start + len(STRIKES))


def test_repeated_figure_is_one_record() -> None:
    result = whole_article()
    assert [s.value for s in result.statistics].count(55) == 1
    assert result.statistics[0].evidence.text == STRIKES


def test_same_value_in_another_unit_is_another_record() -> None:
    findings = Findings(
        figures=[
            MODERATE,
            figure(55, REPEAT, "Russian air strikes hitting moderate groups", unit="sorties"),
        ]
    )
    result = assemble(findings, TEXT, PUBLISHED)
    assert [(s.value, s.unit) for s in result.statistics] == [
        (55, "air strikes"),
        (55, "sorties"),
    ]


def test_grounded_repeat_survives_an_ungrounded_first_mention() -> None:
    # The model tied the first 55 to the wrong sentence; the repeat is where 55 is written.
    misplaced = figure(55, LAVROV, "Russian air strikes hitting moderate opposition groups")
    result = assemble(Findings(figures=[misplaced, MODERATE_AGAIN]), TEXT, PUBLISHED)
    assert [(s.id, s.value, s.evidence.text) for s in result.statistics] == [("s1", 55, REPEAT)]
    assert [u.fields["value"] for u in result.ungrounded] == [55]


def test_figure_fields_are_carried_over() -> None:
    statistic = whole_article().statistics[0]
    assert (statistic.unit, statistic.total, statistic.measure, statistic.source) == (
        "air strikes",
        57,
        "Russian air strikes in Syria hitting moderate opposition groups",
        "Turkish military sources",
    )


def test_dates_come_from_evidence_and_publication_date() -> None:
    result = whole_article()
    assert [c.date for c in result.claims] == [dt.date(2015, 10, 6), None, None]
    assert result.denials[0].date == dt.date(2015, 10, 7)


def test_without_publication_date_relative_dates_stay_null() -> None:
    findings = Findings(attributions=[FIRST_CLAIM, BILGIC_DENIAL])
    result = assemble(findings, TEXT, None)
    assert result.claims[0].date is None
    assert result.denials[0].date is None


def test_nothing_found_gives_empty_lists() -> None:
    result = assemble(Findings(), TEXT, PUBLISHED)
    assert (result.claims, result.denials, result.statistics, result.ungrounded) == ([], [], [], [])
