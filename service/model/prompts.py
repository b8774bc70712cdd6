"""Prompt text and few-shot examples, loaded from prompts/, with a version per strategy.

Each strategy's version is a hash of the files it reads and of the schemas it
shows the model, so a change to one strategy's prompt re-records that
strategy's cases only. The guided strategy reads prompts/guided/; the single
and focused strategies read everything else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from service.model.drafts import Attributions, Figures, PassageRecords
from service.model.verdicts import sample_schemas

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
# The schemas are part of what the model sees (as a grammar or as tools), so a
# change to them must invalidate recordings just as a change of wording does.
_MODEL_FACING: tuple[type[BaseModel], ...] = (PassageRecords, Attributions, Figures)
GUIDED = "guided"


@dataclass(frozen=True)
class Prompt:
    """One job's system text and its worked example."""

    system: str
    example: dict[str, Any]


@dataclass(frozen=True)
class GuidedPrompt:
    """The guided strategy's instructions, shared by every call, and its question."""

    system: str
    attributions: str


@dataclass(frozen=True)
class PromptSet:
    """Every prompt the strategies use, and the version that identifies each strategy's."""

    versions: dict[str, str]
    single: Prompt
    attributions: Prompt
    statistics: Prompt
    guided: GuidedPrompt

    def version_for(self, strategy: str) -> str:
        """The version of the prompts and schemas that `strategy` sends."""
        return self.versions[GUIDED if strategy == GUIDED else "passages"]


def load_prompts(directory: Path = PROMPTS_DIR) -> PromptSet:
    """Read prompts/ and derive each strategy's version from its files and schemas."""
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    guided_dir = directory / GUIDED
    passages = [p for p in files if guided_dir not in p.parents]
    guided = [p for p in files if guided_dir in p.parents]
    passage_schemas = [model.model_json_schema() for model in _MODEL_FACING]

    def prompt(name: str) -> Prompt:
        system = (directory / f"{name}.md").read_text(encoding="utf-8").strip()
        example = json.loads((directory / "examples" / f"{name}.json").read_text(encoding="utf-8"))
        return Prompt(system=system, example=example)

    def guided_text(name: str) -> str:
        return (guided_dir / f"{name}.md").read_text(encoding="utf-8").strip()

    return PromptSet(
        versions={
            "passages": _version(directory, passages, passage_schemas),
            GUIDED: _version(directory, guided, sample_schemas()),
        },
        single=prompt("single"),
        attributions=prompt("attributions"),
        statistics=prompt("statistics"),
        guided=GuidedPrompt(
            system=guided_text("system"),
            attributions=guided_text("attributions"),
        ),
    )


def _version(directory: Path, files: list[Path], schemas: list[dict[str, Any]]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    for schema in schemas:
        digest.update(json.dumps(schema, sort_keys=True).encode())
    return f"p-{digest.hexdigest()[:12]}"
