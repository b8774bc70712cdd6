"""Completion of claims and denials: the speaker a sentence names, when the model skipped it."""

from __future__ import annotations

import pytest

from service.core.findings import Attribution, Figure
from service.rules.completion import completed_attributions, completed_figures
from service.text.passages import split_sentences
from tests.support.findings import said, span_of


def attributions(text: str, found: list[Attribution] | None = None) -> list[Attribution]:
    return completed_attributions(split_sentences(text), found or [])


def figures(text: str, found: list[Figure] | None = None) -> list[Figure]:
    return completed_figures(split_sentences(text), found or [])


def speakers(text: str, found: list[Attribution] | None = None) -> list[tuple[str, str]]:
    """(speaker, evidence text) of each added record, in order."""
    return [(a.speaker, text[a.evidence.start : a.evidence.end]) for a in attributions(text, found)]


ARDAN = "Kemal Ardan said the talks would continue."
NARRATION = "Russia has been bombing Syria since September."


# Attributions


def test_speaker_before_said_gives_a_claim_citing_the_sentence() -> None:
    text = f"{NARRATION} {ARDAN}"
    assert attributions(text) == [
        Attribution(
            kind="claim",
            speaker="Kemal Ardan",
            speaker_role=None,
            proposition=ARDAN,
            quote=None,
            evidence=span_of(ARDAN, text),
        )
    ]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        pytest.param(ARDAN, "Kemal Ardan", id="name-said"),
        pytest.param(
            "Sergei Lavrov told reporters that Russia would press on.",
            "Sergei Lavrov",
            id="name-told",
        ),
        pytest.param(
            "Kemal Ardan, the prime minister, said the talks would continue.",
            "Kemal Ardan",
            id="apposition-between-name-and-verb",
        ),
        pytest.param(
            "Foreign Ministry spokesman Selin Arkan said the talks would continue.",
            "Selin Arkan",
            id="lowercase-title-is-left-out",
        ),
        pytest.param(
            "Pavel Oranov later warned that the strikes would go on.",
            "Pavel Oranov",
            id="adverb-before-verb",
        ),
        pytest.param(
            '"The talks will continue," said Kemal Ardan.',
            "Kemal Ardan",
            id="quote-said-name",
        ),
        pytest.param(
            "\u201cThe talks will continue,\u201d said Kemal Ardan.",
            "Kemal Ardan",
            id="curly-quote-said-name",
        ),
        pytest.param(
            '"We will not change course," Ardan said.',
            "Ardan",
            id="quote-name-said",
        ),
        pytest.param(
            "Growth will slow next year, according to the International Monetary Fund.",
            "International Monetary Fund",
            id="according-to-the",
        ),
        pytest.param(
            "The strikes hit a hospital, according to Reuters.",
            "Reuters",
            id="according-to",
        ),
        pytest.param(
            "The ferry left two hours late, according to harbour officials.",
            "harbour officials",
            id="according-to-an-unnamed-source",
        ),
        pytest.param(
            "According to the fire service, the ferry left two hours late.",
            "fire service",
            id="according-to-the-unnamed-source",
        ),
        pytest.param(
            "According to Danish state media, the ferry left two hours late.",
            "Danish state media",
            id="according-to-a-people-s-media",
        ),
        pytest.param(
            "According to Rivera Radio, the ferry left two hours late.",
            "Rivera Radio",
            id="according-to-opening-the-sentence",
        ),
        pytest.param(
            "According to a new report by the Harbour Office, the ferry left late.",
            "Harbour Office",
            id="according-to-a-report-by",
        ),
        pytest.param(
            "Fares rose 4%, according to figures published on Friday by the Tarvel Rail Board.",
            "Tarvel Rail Board",
            id="according-to-figures-published-by",
        ),
        pytest.param(
            "Fares rose, it wrote in a note released by Danish TV2 news, according to Reuters.",
            "Reuters",
            id="published-by-a-name-cut-short-is-no-name",
        ),
        pytest.param(
            "Per numbers reported by The Daily Ledger, 40 ferries sail each week.",
            "Daily Ledger",
            id="reported-by",
        ),
        pytest.param(
            "The Harbour Gazette reported that the ferry left late.",
            "Harbour Gazette",
            id="the-before-a-name-is-not-part-of-it",
        ),
        pytest.param(
            "Rivera Radio reported its own crew saw the ferry leave late.",
            "Rivera Radio",
            id="reported",
        ),
        pytest.param("Officials said the ferry left late.", "Officials", id="a-group-opens"),
        pytest.param(
            "Harbour officials warned the ferry left late.", "Harbour officials", id="a-named-group"
        ),
        pytest.param(
            "Campaigners claim the ferry always leaves late.", "Campaigners", id="a-group-claim"
        ),
        pytest.param(
            "However, Ardan said the talks would continue.",
            "Ardan",
            id="opener-with-comma-is-skipped",
        ),
        pytest.param(
            "Fran\u00e7ois Hollande said France would join the strikes.",
            "Fran\u00e7ois Hollande",
            id="non-ascii-name",
        ),
    ],
)
def test_reporting_sentence_names_its_speaker(sentence: str, speaker: str) -> None:
    assert speakers(sentence) == [(speaker, sentence)]


def test_direct_quote_is_cut_out_of_the_sentence() -> None:
    sentence = '"We will not change course," Ardan said.'
    text = f"{NARRATION} {sentence}"
    (added,) = attributions(text)
    assert added.quote is not None
    assert text[added.quote.start : added.quote.end] == "We will not change course"


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The said the strikes would go on.", id="The"),
        pytest.param("However Moscow said the strikes would go on.", id="However"),
        pytest.param("Meanwhile Ankara said the strikes would stop.", id="Meanwhile"),
        pytest.param("It said the strikes would go on.", id="It"),
        pytest.param("Some reports said the strikes would go on.", id="Some"),
        pytest.param("Amongst reported strikes, two hit the port.", id="Amongst"),
        pytest.param("The toll was on Wednesday reported to be rising.", id="Wednesday"),
    ],
)
def test_sentence_opener_is_not_taken_for_a_name(sentence: str) -> None:
    # Nor does it fall back on the previous speaker: these are not pronouns.
    assert speakers(f"{ARDAN} {sentence}") == [("Kemal Ardan", ARDAN)]


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(NARRATION, id="narration"),
        pytest.param("The ministry said the strikes would go on.", id="no-capitalised-speaker"),
        pytest.param("Turkey is expected to respond.", id="no-reporting-verb"),
        pytest.param("He said the talks would continue.", id="pronoun-with-no-one-before"),
        pytest.param("According to reports, the ferry sank.", id="according-to-agentless-reports"),
        pytest.param("Some officials said the ferry sank.", id="some-of-a-group"),
    ],
)
def test_no_identifiable_speaker_adds_nothing(sentence: str) -> None:
    assert attributions(sentence) == []


@pytest.mark.parametrize(
    "follow_up",
    [
        pytest.param("He also said Turkey would not change course.", id="he-also-said"),
        pytest.param("She added that Turkey would not change course.", id="she-added"),
        pytest.param('"Turkey will not change course," he said.', id="quote-he-said"),
        pytest.param('"Turkey will not change course," said he.', id="quote-said-he"),
        pytest.param("They warned that Turkey would not change course.", id="they-warned"),
    ],
)
def test_pronoun_resolves_to_the_previous_speaker(follow_up: str) -> None:
    text = f"{ARDAN} {follow_up}"
    assert speakers(text) == [("Kemal Ardan", ARDAN), ("Kemal Ardan", follow_up)]


def test_pronoun_skips_narration_back_to_the_last_speaker() -> None:
    follow_up = "He added that Turkey would not change course."
    text = f"{ARDAN} {NARRATION} {follow_up}"
    assert speakers(text) == [("Kemal Ardan", ARDAN), ("Kemal Ardan", follow_up)]


def test_pronoun_resolves_to_the_nearest_speaker() -> None:
    lavrov = "Sergei Lavrov told reporters that Russia would press on."
    follow_up = "He added that the strikes would go on."
    text = f"{ARDAN} {lavrov} {follow_up}"
    assert [name for name, _ in speakers(text)] == [
        "Kemal Ardan",
        "Sergei Lavrov",
        "Sergei Lavrov",
    ]


def test_pronoun_is_left_open_when_another_person_was_named_since_the_speaker() -> None:
    # "He" may be Ardan or Demir: code cannot tell, so the model is asked.
    demir = "Talks were chaired by Osman Demir in Ankara."
    follow_up = "He added that Turkey would not change course."
    assert speakers(f"{ARDAN} {demir} {follow_up}") == [("Kemal Ardan", ARDAN)]


def test_he_or_she_is_not_an_organisation_but_they_may_be() -> None:
    agency = "According to Portwatch, the ferry left late."
    she = "She added that the crew was tired."
    they = "They added that the crew was tired."
    assert speakers(f"{agency} {she}") == [("Portwatch", agency)]
    assert speakers(f"{agency} {they}") == [("Portwatch", agency), ("Portwatch", they)]


def test_a_surname_alone_is_a_person_once_the_full_name_was_written() -> None:
    text = f"{ARDAN} Ardan spoke in Ankara. He added that Turkey would not change course."
    assert [name for name, _ in speakers(text)][-1] == "Kemal Ardan"


def test_sentence_the_model_covered_is_skipped() -> None:
    lavrov = "Sergei Lavrov told reporters that Russia would press on."
    text = f"{ARDAN} {lavrov}"
    found = [said("Kemal Ardan", ARDAN, text)]
    assert speakers(text, found) == [("Sergei Lavrov", lavrov)]


def test_sentence_covered_by_a_model_denial_is_skipped() -> None:
    found = [said("Kemal Ardan", ARDAN, ARDAN, kind="denial")]
    assert attributions(ARDAN, found) == []


def test_pronoun_after_a_covered_sentence_takes_the_model_speaker() -> None:
    # The rule alone would read the title into the name; the model's speaker wins.
    first = "Foreign Minister Kemal Ardan said the talks would continue."
    follow_up = "He added that Turkey would not change course."
    text = f"{first} {follow_up}"
    found = [said("Kemal Ardan", first, text)]
    assert speakers(text, found) == [("Kemal Ardan", follow_up)]


def test_everything_covered_adds_nothing() -> None:
    follow_up = "He added that Turkey would not change course."
    text = f"{ARDAN} {follow_up}"
    found = [
        said("Kemal Ardan", ARDAN, text),
        said("Kemal Ardan", follow_up, text),
    ]
    assert attributions(text, found) == []


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "Selin Arkan denied that Turkey had proposed a working group.", id="name-denied"
        ),
        pytest.param(
            "Selin Arkan said Ankara denied proposing any such group.", id="said-and-denied"
        ),
        pytest.param(
            "Selin Arkan refuted reports that Turkey had proposed a group.", id="name-refuted"
        ),
        pytest.param(
            '"No such group was proposed," Selin Arkan said, and he denied any talks.',
            id="quote-and-denied",
        ),
    ],
)
def test_denying_sentence_becomes_a_denial(sentence: str) -> None:
    (added,) = attributions(sentence)
    assert (added.kind, added.speaker, added.proposition) == ("denial", "Selin Arkan", sentence)


def test_pronoun_denial_takes_the_previous_speaker() -> None:
    denial = "He denied that Turkey had proposed a working group."
    added = attributions(f"{ARDAN} {denial}")
    assert [(a.kind, a.speaker, a.proposition) for a in added] == [
        ("claim", "Kemal Ardan", ARDAN),
        ("denial", "Kemal Ardan", denial),
    ]


def test_claims_follow_reading_order() -> None:
    lavrov = "Sergei Lavrov told reporters that Russia would press on."
    text = f"{lavrov} {NARRATION} {ARDAN}"
    added = attributions(text)
    assert [a.evidence for a in added] == [span_of(lavrov, text), span_of(ARDAN, text)]


def test_a_person_of_an_organisation_is_the_speaker() -> None:
    text = "Marta Iglesias of the Tenants Union said rents had doubled."
    assert speakers(text) == [("Marta Iglesias", text)]


@pytest.mark.parametrize("adverb", ["repeatedly", "also", "further"])
def test_an_adverb_between_speaker_and_verb_keeps_the_speaker(adverb: str) -> None:
    text = f"Dr Okoye {adverb} warned that the dam was unsafe."
    assert speakers(text) == [("Dr Okoye", text)]
