"""Who said what, judged on news nobody here tuned to: PolNeAR's train split.

PolNeAR (Newell, Margolin and Ruths, 2018) annotates every attribution in 1,008
political news articles of 2016: its source, its cue and its content, as
character spans. `make bench-attribution BENCH_ARGS="--polnear DIR"` runs the
service on the first `--articles` of its train split (sorted by file name; never
dev or test, which stay unseen) and prints, for the rules alone and for the
whole system side by side:

- named-source recall: of the attributions whose source holds a named entity
  (a person, organisation, state or people, as spaCy's NER reads the article:
  "Trump", "the Clinton campaign"; not "he", not "officials"), the share for which the
  service returns a claim or denial whose evidence overlaps the content and
  whose speaker matches the source, as the evals match names;
- precision: the share of the service's claims and denials whose evidence
  overlaps some attribution's content, whoever its source;
- denials: of the attributions cued by deny, reject, refute or dismiss, the
  share returned as a denial over their content.

`DIR` is PolNeAR's `data/train` folder (its `text/` and `attributions/`). The
articles are not ours: they are read from where you put them and never copied
into the repository. `full` runs the configured model (the embedded one unless
STRUCTURE_MODEL_BASE_URL is set) and records its answers into
`var/recordings/polnear`; `--replay` scores those recordings again offline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.cases import Case
from evals.equivalence import names_match
from evals.run import RunMode, check_recordings, run_case, structure_case
from service.embedded.launch import embedded_model
from service.model.prompts import load_prompts
from service.model.silent import nothing_answered
from service.rules.sources import SOURCE_ENTITIES
from service.settings import Settings
from service.text.parse import parse

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "var" / "recordings" / "polnear"
_DENYING_CUE = re.compile(r"\b(?:den(?:y|ies|ied|ial)|reject|refut|dismiss)", re.IGNORECASE)
_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


@dataclass(frozen=True)
class Attribution:
    """One annotated attribution: who (source), how (cue), what (content), as spans."""

    source: tuple[int, int, str] | None
    cue: str
    content: tuple[int, int]


def read_attributions(annotation: str) -> list[Attribution]:
    """PolNeAR's brat standoff: T lines are spans, E lines tie a cue to its source and content."""
    spans: dict[str, tuple[int, int, str]] = {}
    events: list[dict[str, str]] = []
    for line in annotation.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) == 3:
            kind_and_offsets, words = fields[1], fields[2]
            offsets = kind_and_offsets.split(" ", 1)[1]
            # A discontinuous span ("10 14;20 25") is taken from its first start to its last end.
            numbers = [int(n) for n in re.findall(r"\d+", offsets)]
            spans[fields[0]] = (numbers[0], numbers[-1], words)
        elif line.startswith("E") and len(fields) == 2:
            events.append(dict(role.split(":", 1) for role in fields[1].split()))
    found = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        cue = spans.get(event.get("Cue", ""))
        if content is None or cue is None:
            continue
        found.append(Attribution(spans.get(event.get("Source", "")), cue[2], content[:2]))
    return found


def named_source(attribution: Attribution, entities: list[tuple[int, int]]) -> str | None:
    """The source's words when they hold a named entity, else None ("he", "officials")."""
    if attribution.source is None:
        return None
    start, end, words = attribution.source
    named = any(start < entity_end and entity_start < end for entity_start, entity_end in entities)
    return words if named else None


def named_entities(text: str) -> list[tuple[int, int]]:
    """Where the article names a person, organisation, state or people."""
    return [
        (entity.start_char, entity.end_char)
        for entity in parse(text).parsed.ents
        if entity.label_ in SOURCE_ENTITIES
    ]


def train_articles(folder: Path, count: int) -> list[tuple[Case, list[Attribution]]]:
    """The first `count` annotated articles of the train split, one annotator's labels each."""
    if folder.name != "train":
        raise SystemExit(
            f"{folder} is not PolNeAR's train split (data/train): dev and test stay unseen"
        )
    chosen = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        labels = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not labels:
            continue
        date = _DATE_IN_NAME.search(text_path.name)
        case = Case(
            id=text_path.stem,
            text=text_path.read_text(encoding="utf-8"),
            title=None,
            published=date.group(1) if date else None,
            gold={"claims": [], "denials": [], "statistics": []},
            notes=None,
        )
        chosen.append((case, read_attributions(labels[0].read_text(encoding="utf-8"))))
        if len(chosen) == count:
            break
    return chosen


@dataclass
class Tally:
    """What one system got right across the articles."""

    named: int = 0
    named_found: int = 0
    records: int = 0
    records_on_content: int = 0
    denying: int = 0
    denying_as_denials: int = 0

    def figures(self) -> dict[str, float | int]:
        """The three shares, with the counts they come from."""
        return {
            "named_source_recall": _share(self.named_found, self.named),
            "precision": _share(self.records_on_content, self.records),
            "denial_share": _share(self.denying_as_denials, self.denying),
            "named_sources": self.named,
            "records": self.records,
            "denying_attributions": self.denying,
        }


def tally(
    attributions: list[Attribution],
    entities: list[tuple[int, int]],
    predicted: dict[str, list[dict[str, Any]]],
    into: Tally,
) -> None:
    """Add one article's attributions and the service's records for it to `into`."""
    records = [("claim", r) for r in predicted["claims"]] + [
        ("denial", r) for r in predicted["denials"]
    ]
    for attribution in attributions:
        source = named_source(attribution, entities)
        overlapping = [
            (kind, r) for kind, r in records if _overlaps(r["evidence"], attribution.content)
        ]
        if source is not None:
            into.named += 1
            into.named_found += any(
                names_match(r["speaker"]["name"], source) for _, r in overlapping
            )
        if _DENYING_CUE.search(attribution.cue):
            into.denying += 1
            into.denying_as_denials += any(kind == "denial" for kind, _ in overlapping)
    into.records += len(records)
    into.records_on_content += sum(
        any(_overlaps(r["evidence"], a.content) for a in attributions) for _, r in records
    )


def _overlaps(evidence: dict[str, Any], content: tuple[int, int]) -> bool:
    return bool(evidence["start"] < content[1] and content[0] < evidence["end"])


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


async def run_system(
    system: str, articles: list[tuple[Case, list[Attribution]]], settings: Settings, mode: RunMode
) -> tuple[Tally, list[float]]:
    """One system over every article: its tally, and the seconds each article took."""
    prompts = load_prompts()
    result, seconds = Tally(), []
    recordings = {}
    if system == "full" and mode == "replay":
        cases = [case for case, _ in articles]
        strategy = settings.resolved_strategy()
        recordings = check_recordings(cases, RECORDINGS, settings.model_name, strategy, prompts)
    for case, attributions in articles:
        began = time.perf_counter()
        if system == "rules":
            # A model that answers nothing is a failed model: the rules answer, as in evals.
            quiet = settings.model_copy(update={"max_retries": 0, "on_model_failure": "rules"})
            run = await structure_case(case, quiet, prompts, nothing_answered(), f"rules-{case.id}")
        else:
            run = await run_case(case, settings, prompts, mode, recordings.get(case.id), RECORDINGS)
        seconds.append(time.perf_counter() - began)
        if run.error:
            print(f"  {system} {case.id}: {run.error}", flush=True)
        tally(attributions, named_entities(case.text), run.predicted, result)
        print(f"  {system} {case.id}: {seconds[-1]:.1f} s", flush=True)
    return result, seconds


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    """Every system over the chosen articles; the figures, printed and returned."""
    articles = train_articles(Path(args.polnear), args.articles)
    print(f"{len(articles)} PolNeAR train articles from {args.polnear}")
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    figures: dict[str, Any] = {"articles": len(articles)}
    for system in args.systems.split(","):
        if system == "full" and not args.replay:
            with embedded_model() as settings:
                tally_, seconds = await run_system(system, articles, settings, "record")
        else:
            tally_, seconds = await run_system(system, articles, Settings(), "replay")
        figures[system] = {
            **tally_.figures(),
            "median_s": round(sorted(seconds)[len(seconds) // 2], 1),
        }
        print(system, json.dumps(figures[system]))
    return figures


def main() -> None:
    """`python -m benchmarks.bench_attribution --polnear DIR [--articles N] [--systems ...]`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", required=True, help="PolNeAR's data/train folder")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--systems", default="rules,full", help="rules, full, or both")
    parser.add_argument("--replay", action="store_true", help="score full from var/ recordings")
    args = parser.parse_args()
    figures = asyncio.run(main_async(args))
    out = ROOT / "var" / "bench" / f"attribution-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    print(f"figures: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
