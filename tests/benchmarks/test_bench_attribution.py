"""The PolNeAR benchmark reads brat standoff and counts what it says it counts.

The article and its annotation here are made up in PolNeAR's format; no PolNeAR
text is in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_attribution import (
    Tally,
    named_entities,
    named_source,
    read_attributions,
    tally,
    train_articles,
)

TEXT = "Mayor Maria Lopez said the pier was safe. He denied the toll rose. Officials said 3 died."


def at(words: str) -> str:
    """Brat offsets of `words` in TEXT."""
    start = TEXT.index(words)
    return f"{start} {start + len(words)}"


ANNOTATION = "\n".join(
    [
        f"T1\tSource {at('Mayor Maria Lopez')}\tMayor Maria Lopez",
        f"T2\tCue {at('said the')}\tsaid",
        f"T3\tContent {at('the pier was safe')}\tthe pier was safe",
        "E1\tAttribution:T9 Content:T3 Cue:T2 Source:T1",
        f"T4\tSource {at('He')}\tHe",
        f"T5\tCue {at('denied')}\tdenied",
        f"T6\tContent {at('the toll rose')}\tthe toll rose",
        "E2\tAttribution:T9 Content:T6 Cue:T5 Source:T4",
        f"T7\tSource {at('Officials')}\tOfficials",
        f"T8\tCue {at('said 3')}\tsaid",
        # A discontinuous span, as brat writes one: "3 died" and the full stop.
        f"T10\tContent {at('3 died')};{TEXT.index('3 died') + 6} {len(TEXT)}\t3 died .",
        "E3\tAttribution:T9 Content:T10 Cue:T8 Source:T7",
    ]
)


def record(speaker: str, start: int, end: int) -> dict[str, object]:
    return {"speaker": {"name": speaker}, "evidence": {"start": start, "end": end}}


def test_an_event_ties_its_source_cue_and_content_and_a_split_span_is_taken_whole() -> None:
    found = read_attributions(ANNOTATION)
    assert [(a.source and a.source[2], a.cue, a.content) for a in found] == [
        ("Mayor Maria Lopez", "said", (23, 40)),
        ("He", "denied", (52, 65)),
        ("Officials", "said", (82, 89)),
    ]
    assert TEXT[23:40] == "the pier was safe"
    assert TEXT[82:89] == "3 died."


def test_a_source_is_named_when_it_holds_a_named_entity() -> None:
    attributions = read_attributions(ANNOTATION)
    named = [named_source(a, named_entities(TEXT)) for a in attributions]
    assert named == ["Mayor Maria Lopez", None, None]


def test_recall_needs_the_content_and_the_speaker_precision_only_the_content() -> None:
    counts = Tally()
    predicted = {
        "claims": [record("Maria Lopez", 0, 41), record("Mayor Maria Lopez", 67, 89)],
        "denials": [record("Maria Lopez", 42, 66)],
        "statistics": [],
    }
    entities = [(6, 17)]  # "Maria Lopez"
    tally(read_attributions(ANNOTATION), entities, predicted, counts)
    figures = counts.figures()
    # Named: only "Mayor Maria Lopez", whom the first claim matches.
    assert (figures["named_sources"], figures["named_source_recall"]) == (1, 1.0)
    assert (figures["records"], figures["precision"]) == (3, 1.0)
    assert (figures["denying_attributions"], figures["denial_share"]) == (1, 1.0)


def test_only_the_train_split_is_read(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    (dev / "text").mkdir(parents=True)
    with pytest.raises(SystemExit, match="train split"):
        train_articles(dev, 1)
