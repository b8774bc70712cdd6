"""A real headless Chromium (Debian's `chromium`) driven by Playwright, kept off the network.

Playwright only drives the browser here: it is pointed at the system Chromium, so
nothing is downloaded. Every page request that is not to this machine's loopback
is refused and remembered, so a test can prove a page needs no network.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, sync_playwright

from tests.conftest import ROOT

SCREENSHOTS = ROOT / "var" / "screenshots"
# The flags that keep Chromium quiet and headless on a machine without a display or network.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
# A laptop screen.
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}


def chromium_path() -> str | None:
    """Debian's Chromium, as `.ci/run` installs it."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (Playwright gives each launch a fresh profile)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("no chromium on PATH: `apt-get install chromium` (.ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@dataclass
class OfflinePage:
    """A page whose requests off this machine are refused, and the URLs it tried."""

    page: Page
    refused: list[str] = field(default_factory=list)

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        """Save a PNG under var/screenshots (git-ignored), a test artefact; return its path."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[OfflinePage]:
    """A page in its own context, on a laptop-sized viewport, that cannot leave loopback."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    offline = OfflinePage(page)

    def only_loopback(route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            offline.refused.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", only_loopback)
    yield offline
    context.close()
