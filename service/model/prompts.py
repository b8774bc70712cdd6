"""Prompt text and few-shot examples, loaded from prompts/, with a version that tracks them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from service.model.drafts import Attributions, Figures, PassageRecords

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
# The schemas are part of what the model sees (as a grammar or as tools), so a
# change to them must invalidate recordings just as a change of wording does.
_MODEL_FACING: tuple[type[BaseModel], ...] = (PassageRecords, Attributions, Figures)


@dataclass(frozen=True)
class Prompt:
    """One job's system text and its worked example."""

    system: str
    example: dict[str, Any]


@dataclass(frozen=True)
class PromptSet:
    """Every prompt the strategies use, and the version that identifies them."""

    version: str
    single: Prompt
    attributions: Prompt
    statistics: Prompt


def load_prompts(directory: Path = PROMPTS_DIR) -> PromptSet:
    """Read prompts/ and derive the version from its bytes and the model-facing schemas."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    for model in _MODEL_FACING:
        digest.update(json.dumps(model.model_json_schema(), sort_keys=True).encode())

    def prompt(name: str) -> Prompt:
        system = (directory / f"{name}.md").read_text(encoding="utf-8").strip()
        example = json.loads((directory / "examples" / f"{name}.json").read_text(encoding="utf-8"))
        return Prompt(system=system, example=example)

    return PromptSet(
        version=f"p-{digest.hexdigest()[:12]}",
        single=prompt("single"),
        attributions=prompt("attributions"),
        statistics=prompt("statistics"),
    )
