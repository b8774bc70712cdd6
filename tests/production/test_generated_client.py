"""A Python client generated from the served OpenAPI document calls the running service.

openapi-python-client (PyPI) writes the client into a temporary folder; the
service runs under uvicorn on loopback with API keys on and the fake model behind it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.production.conftest import ARTICLE, live_service, settings_for
from tests.support.fake_model import FakeModel

PACKAGE = "generated_structure_client"
KEY = "client-key"


@pytest.fixture(scope="module")
def keyed_service_url() -> Iterator[str]:
    with FakeModel() as fake, live_service(settings_for(fake, api_keys=KEY)) as url:
        yield url


@pytest.fixture(scope="module")
def client_package(
    keyed_service_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModuleType]:
    """The client generated from /schema/openapi.json, importable for this module's tests."""
    folder = tmp_path_factory.mktemp("client")
    document = httpx.get(f"{keyed_service_url}/schema/openapi.json").json()
    (folder / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    # No post-hooks: the generated code is used, not kept, so it need not be formatted.
    config = {"package_name_override": PACKAGE, "post_hooks": []}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    generator = Path(sys.executable).parent / "openapi-python-client"
    run = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(folder / "openapi.json"),
            "--output-path",
            str(folder / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(folder / "config.json"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Unable to" not in run.stdout, run.stdout
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def generated(module: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{module}")


def test_generated_client_structures_an_article_with_a_bearer_key(
    client_package: ModuleType, keyed_service_url: str
) -> None:
    structure_article = generated("api.structure.structure_article")
    models = generated("models")
    client = client_package.AuthenticatedClient(base_url=keyed_service_url, token=KEY)
    body = models.StructureRequest(
        text=ARTICLE, title="Bridge to open in March", published=dt.date(2026, 3, 2)
    )
    with client:
        answer = structure_article.sync_detailed(client=client, body=body)
    assert answer.status_code == 200, answer.content
    parsed = answer.parsed
    assert isinstance(parsed, models.StructureResponse)
    records = [*parsed.claims, *parsed.denials, *parsed.statistics]
    assert records
    for record in records:
        assert ARTICLE[record.evidence.start : record.evidence.end] == record.evidence.text
    assert parsed.meta.llm_calls >= 1


def test_generated_client_reads_a_missing_key_as_a_problem(
    client_package: ModuleType, keyed_service_url: str
) -> None:
    structure_article = generated("api.structure.structure_article")
    models = generated("models")
    with client_package.Client(base_url=keyed_service_url) as client:
        answer = structure_article.sync_detailed(
            client=client, body=models.StructureRequest(text=ARTICLE)
        )
    assert answer.status_code == 401
    assert isinstance(answer.parsed, models.Problem)
    assert answer.parsed.status == 401


def test_generated_client_calls_health_by_its_operation_id(
    client_package: ModuleType, keyed_service_url: str
) -> None:
    get_health = generated("api.health.get_health")
    with client_package.Client(base_url=keyed_service_url) as client:
        health = get_health.sync(client=client)
    assert health is not None
    assert health.additional_properties == {"status": "ok"}


def test_generated_models_keep_fields_a_later_service_adds(client_package: ModuleType) -> None:
    models = generated("models")
    usage = models.Usage.from_dict({"prompt_tokens": 3, "completion_tokens": 2, "cached": 1})
    assert usage.prompt_tokens == 3
    assert usage.additional_properties == {"cached": 1}
