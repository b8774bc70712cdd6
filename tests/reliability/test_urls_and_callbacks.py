"""`url` is an http(s) URL or a 422; a callback_url is allowed by its scheme, host and port."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.core.errors import BadArticle, CallbackRefused
from service.jobs.callbacks import check_callback_url
from service.settings import Settings
from tests.api.test_model_faults import GOOD_SINGLE, single_settings
from tests.conftest import ScriptedTransport, answer

ARTICLE = "Mayor Ana Ruiz said the bridge would open in March."


async def _post(body: dict[str, Any]) -> httpx.Response:
    transport = ScriptedTransport(answer(GOOD_SINGLE))
    app = create_app(single_settings(), http_client=httpx.AsyncClient(transport=transport))
    async with AsyncTestClient(app) as client:
        return await client.post("/structure", json=body)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("not a url", id="words"),
        pytest.param("ftp://example.org/a", id="ftp"),
        pytest.param("http://", id="no-host"),
        pytest.param("//example.org/a", id="no-scheme"),
    ],
)
async def test_a_url_that_is_not_http_or_https_is_a_422_naming_the_field(url: str) -> None:
    response = await _post({"text": ARTICLE, "url": url})
    assert response.status_code == 422, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["url"]


async def test_an_http_url_is_echoed_as_sent() -> None:
    url = "https://news.example.org/2024/bridge?id=7"
    response = await _post({"text": ARTICLE, "url": url})
    assert response.status_code == 200, response.text
    assert response.json()["meta"]["url"] == url


def _allowing(hosts: str) -> Settings:
    return Settings(job_callback_hosts=hosts, job_callback_secret="a-secret")


@pytest.mark.parametrize(
    ("hosts", "url"),
    [
        pytest.param("127.0.0.1", "http://127.0.0.1/hook", id="host-on-http-default-port"),
        pytest.param("127.0.0.1", "https://127.0.0.1/hook", id="host-on-https-default-port"),
        pytest.param("127.0.0.1:8080", "http://127.0.0.1:8080/hook", id="named-port"),
        pytest.param("https://hooks.example.org", "https://hooks.example.org/h", id="origin"),
        pytest.param("[::1]:8080", "http://[::1]:8080/hook", id="ipv6-with-port"),
    ],
)
def test_a_callback_to_an_allowed_scheme_host_and_port_is_accepted(hosts: str, url: str) -> None:
    check_callback_url(url, _allowing(hosts))


@pytest.mark.parametrize(
    ("hosts", "url"),
    [
        pytest.param("127.0.0.1", "http://127.0.0.1:6379/", id="another-port-of-the-host"),
        pytest.param("127.0.0.1:8080", "http://127.0.0.1:8081/hook", id="next-port"),
        pytest.param("127.0.0.1:8080", "http://127.0.0.1/hook", id="default-port-not-named"),
        pytest.param("https://hooks.example.org", "http://hooks.example.org/h", id="scheme"),
        pytest.param("hooks.example.org", "http://hooks.example.org.evil.test/", id="suffix"),
    ],
)
def test_a_callback_to_another_scheme_or_port_of_an_allowed_host_is_refused(
    hosts: str, url: str
) -> None:
    with pytest.raises(CallbackRefused):
        check_callback_url(url, _allowing(hosts))


def test_a_callback_url_with_a_port_out_of_range_is_a_bad_request() -> None:
    with pytest.raises(BadArticle):
        check_callback_url("http://127.0.0.1:99999/hook", _allowing("127.0.0.1"))


@pytest.mark.parametrize("hosts", ["ftp://127.0.0.1", "127.0.0.1:99999", "http://"])
def test_a_callback_host_setting_that_names_no_http_target_is_refused_at_start(
    hosts: str,
) -> None:
    with pytest.raises(ValueError, match="job_callback_hosts"):
        _allowing(hosts)
