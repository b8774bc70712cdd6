"""X-Forwarded-For names the client only when it comes from STRUCTURE_TRUSTED_PROXIES.

The service runs under uvicorn with the options `python -m service` passes it, on
loopback, so every request's peer is 127.0.0.1, which uvicorn trusts by default.
"""

from __future__ import annotations

import asyncio

import httpx

from service.__main__ import forwarded_options
from service.settings import Settings
from tests.production.conftest import ARTICLE, live_service, settings_for
from tests.support.fake_model import FakeModel


async def _statuses(url: str, requests: int) -> list[int]:
    async with httpx.AsyncClient(timeout=30) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    f"{url}/structure",
                    json={"text": ARTICLE},
                    headers={"x-forwarded-for": f"203.0.113.{n}"},
                )
                for n in range(requests)
            )
        )
    return sorted(response.status_code for response in responses)


async def test_forged_forwarded_for_from_an_untrusted_peer_is_ignored(
    fake_model: FakeModel,
) -> None:
    settings = settings_for(fake_model, rate_limit_per_minute=3)
    with live_service(settings, **forwarded_options(settings)) as url:
        statuses = await _statuses(url, 10)
    assert statuses == [200] * 3 + [429] * 7


async def test_a_trusted_proxy_names_each_client(fake_model: FakeModel) -> None:
    settings = settings_for(fake_model, rate_limit_per_minute=3, trusted_proxies="127.0.0.1")
    with live_service(settings, **forwarded_options(settings)) as url:
        statuses = await _statuses(url, 10)
    assert statuses == [200] * 10


def test_the_server_options_follow_the_setting() -> None:
    assert forwarded_options(Settings()) == {"proxy_headers": False}
    trusted = Settings(trusted_proxies=" 10.0.0.2, 10.1.0.0/16 ,")
    assert forwarded_options(trusted) == {
        "proxy_headers": True,
        "forwarded_allow_ips": "10.0.0.2,10.1.0.0/16",
    }
