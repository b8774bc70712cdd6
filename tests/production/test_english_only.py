"""Only English is covered: an article in another language says so in meta, never silently."""

from __future__ import annotations

import pytest

from tests.production.conftest import serve, settings_for
from tests.service.test_language import ENGLISH, FRENCH, GERMAN
from tests.support.fake_model import FakeModel


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (FRENCH, "fr")])
async def test_an_article_in_another_language_gets_its_language_and_a_warning(
    fake_model: FakeModel, text: str, code: str
) -> None:
    async with serve(settings_for(fake_model, strategy="guided")) as client:
        response = await client.post("/structure", json={"text": text})
    assert response.status_code == 200
    meta = response.json()["meta"]
    assert meta["language"] == code
    assert any(f"({code})" in warning and "English only" in warning for warning in meta["warnings"])


async def test_an_english_article_gets_en_and_no_language_warning(fake_model: FakeModel) -> None:
    async with serve(settings_for(fake_model, strategy="guided")) as client:
        response = await client.post("/structure", json={"text": ENGLISH})
    meta = response.json()["meta"]
    assert meta["language"] == "en"
    assert not any("English only" in warning for warning in meta["warnings"])
