"""docs/architecture.md names only modules that exist, so it cannot drift silently."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
SERVICE = ROOT / "service"
# "service/model/client.py", "rules/speech.py" (under service/), "tests/test_layers.py";
# and dotted names, "service.rules.speech".
_PATH = re.compile(r"(?<![\w./-])((?:[a-z_]+/)+[a-z_]+\.py)\b")
_DOTTED = re.compile(r"(?<![\w.])(service(?:\.[a-z_]+)+)")


def _path_exists(path: str) -> bool:
    return (ROOT / path).is_file() or (SERVICE / path).is_file()


def _module_exists(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def test_every_module_path_the_architecture_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    paths = _PATH.findall(text)
    assert paths, "the pattern found no paths at all"
    assert [path for path in paths if not _path_exists(path)] == []


def test_every_dotted_module_the_architecture_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [name for name in _DOTTED.findall(text) if not _module_exists(name)] == []


def test_the_checker_refuses_a_module_that_is_gone() -> None:
    assert not _path_exists("rules/nowhere.py")
    assert not _module_exists("service.rules.nowhere")
    assert _path_exists("service/rules/speech.py")
    assert _module_exists("service.rules.speech")
