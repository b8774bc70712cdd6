"""GET /review: a page that sends an article to /structure and draws the records over its text.

The page is static HTML, CSS and plain JavaScript from service/http/static/review, with
no framework and no build step; every file it loads is served here. When API keys
are configured, the page asks for one and sends it as a Bearer token.
"""

from __future__ import annotations

from litestar import Response, get
from litestar.enums import MediaType
from litestar.handlers import HTTPRouteHandler
from litestar.router import Router
from litestar.static_files import create_static_files_router

from service.http.docs import ASSET_CACHE, ASSETS, STATIC_ROOT
from service.settings import Settings

REVIEW_FILES = STATIC_ROOT / "review"
# The page talks only to this service: a CDN script or a request elsewhere is refused.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def review_routes(settings: Settings) -> list[HTTPRouteHandler | Router]:
    """The page and its assets, or nothing when STRUCTURE_REVIEW_PAGE is off."""
    if not settings.review_page:
        return []
    auth = "bearer" if settings.accepted_api_keys() else "none"
    page = (REVIEW_FILES / "index.html").read_text(encoding="utf-8").replace("__AUTH__", auth)

    @get(
        "/review",
        include_in_schema=False,
        media_type=MediaType.HTML,
        sync_to_thread=False,
        name="review-page",
    )
    def review_page() -> Response[str]:
        """The review page; ?job={id} shows a finished job's records."""
        return Response(
            page,
            media_type=MediaType.HTML,
            headers={"content-security-policy": CONTENT_SECURITY_POLICY},
        )

    assets = create_static_files_router(
        path=f"{ASSETS}/review",
        directories=[REVIEW_FILES],
        name="review-assets",
        cache_control=ASSET_CACHE,
    )
    return [review_page, assets]
