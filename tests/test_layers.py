"""The folders draw the layers: imports point one way, and the test doubles stay out of the package.

    http -> jobs -> pipeline -> strategies -> rules -> model -> text -> core

A module may import its own layer and any layer to its right, never one to
its left. `settings` sits with `core` (everything may read it); `app`,
`__main__`, `worker` and `embedded` wire or launch the whole service and sit
on top, and so does `client`, which speaks to the service from outside.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "service"
# jobs: a job runs its articles through the pipeline, and http only submits and reads jobs.
ORDER = ["core", "text", "model", "rules", "strategies", "pipeline", "jobs", "http"]
RANK = {layer: rank for rank, layer in enumerate(ORDER)}
RANK.update({"settings": RANK["core"], "app": len(ORDER), "__main__": len(ORDER)})
RANK.update({"embedded": len(ORDER), "worker": len(ORDER)})
# client: the API's client and CLI; its --local mode wires the pipeline as the worker does.
RANK["client"] = len(ORDER)


def layer_of(module: str) -> str:
    """`service.text.numbers` is in layer `text`; `service.app` is its own."""
    parts = module.split(".")
    assert parts[0] == "service", module
    return parts[1] if len(parts) > 1 else "app"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, wherever the import statement is (functions included)."""
    return imports_in(path.read_text(encoding="utf-8"), module_name(path).rsplit(".", 1)[0])


def imports_in(source: str, package: str) -> set[str]:
    """The absolute names of the modules `source` imports; relative ones resolve in `package`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{node.module}" if node.module else anchor
            found.add(base)
    return found


def upward(module: str, imports: set[str]) -> list[str]:
    """The service modules in `imports` that sit in a layer above `module`'s."""
    own = RANK[layer_of(module)]
    return sorted(
        imported
        for imported in imports
        if imported.split(".")[0] == "service" and RANK[layer_of(imported)] > own
    )


SERVICE_FILES = sorted(SERVICE.rglob("*.py"))
LINTED = ("service", "evals", "benchmarks")


def test_every_service_module_belongs_to_a_known_layer() -> None:
    unknown = {layer_of(module_name(p)) for p in SERVICE_FILES} - RANK.keys()
    assert unknown == set()


@pytest.mark.parametrize("path", SERVICE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    assert upward(module_name(path), imported_modules(path)) == []


def test_the_layer_check_flags_upward_imports_absolute_relative_and_late() -> None:
    source = (
        "import httpx\n"
        "from service.core.span import Span\n"
        "from ..pipeline import cache\n"
        "def late() -> None:\n"
        "    import service.http.routes\n"
    )
    imports = imports_in(source, "service.text")
    assert upward("service.text.example", imports) == ["service.http.routes", "service.pipeline"]


def test_service_modules_stay_few_at_the_top() -> None:
    top = sorted(p.name for p in SERVICE.glob("*.py"))
    assert len(top) <= 8, top


@pytest.mark.parametrize(
    "path",
    sorted(p for folder in LINTED for p in (ROOT / folder).rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_module_is_at_most_300_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 300, f"{lines} lines: look for its second job"


def test_evals_judge_without_the_service_rules() -> None:
    """The evals score with their own matching: none of the service's rules or text tools."""
    borrowed = sorted(
        f"{path.name}: {imported}"
        for path in (ROOT / "evals").rglob("*.py")
        for imported in imported_modules(path)
        if imported.split(".")[0] == "service" and layer_of(imported) in {"rules", "text"}
    )
    assert borrowed == []


def test_no_test_double_is_installed_with_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = find_packages(str(ROOT), include=include)
    assert "service" in packages
    assert [p for p in packages if p.startswith("tests") or "testing" in p] == []


def test_no_test_double_is_copied_into_the_image() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")]
    assert "tests" not in copied
    assert "tests" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


def test_the_service_imports_nothing_from_the_tests() -> None:
    leaks = sorted(
        str(path.relative_to(ROOT))
        for path in SERVICE_FILES
        if any(m.split(".")[0] == "tests" for m in imported_modules(path))
    )
    assert leaks == []


# The launcher reads its settings through Settings, but writes the embedded model's
# endpoint back into the environment: uvicorn's worker processes build their own
# Settings from it. Writing is all it does there.
WRITES_FOR_WORKER_PROCESSES = {"service/embedded/launch.py"}
_READS_PROJECT_SETTING = re.compile(
    r"""(?:environ(?:\.get|\.setdefault|\.pop)?\(|environ\[|getenv\()\s*f?["']STRUCTURE_"""
)


def reads_project_setting(source: str) -> bool:
    """Does `source` read or write a STRUCTURE_* variable itself, past Settings?"""
    return _READS_PROJECT_SETTING.search(source) is not None


def test_the_settings_check_sees_every_way_of_reading_the_environment() -> None:
    assert reads_project_setting('os.environ.get("STRUCTURE_PORT", "8000")')
    assert reads_project_setting("os.environ['STRUCTURE_PORT'] = '1'")
    assert reads_project_setting('os.getenv("STRUCTURE_CACHE_DIR")')
    assert reads_project_setting('os.environ[f"STRUCTURE_{name.upper()}"] = value')
    assert not reads_project_setting('os.environ.get("PROMETHEUS_MULTIPROC_DIR")')


def test_only_settings_reads_the_projects_own_environment_variables() -> None:
    readers = {
        str(path.relative_to(ROOT))
        for path in SERVICE_FILES
        if reads_project_setting(path.read_text(encoding="utf-8"))
    }
    assert readers - WRITES_FOR_WORKER_PROCESSES == set()
