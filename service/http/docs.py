"""The API docs pages, drawn from scripts this service serves itself (no CDN, no network).

ReDoc answers at /schema (and /schema/redoc), Swagger UI at /schema/swagger, and the
document at /schema/openapi.json and /schema/openapi.yaml. Litestar's render plugins
point at a CDN unless given these URLs; its other pages (RapiDoc, Elements) have no
local copy here, so they are not served rather than served blank.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import (
    OpenAPIRenderPlugin,
    RedocRenderPlugin,
    SwaggerRenderPlugin,
    YamlRenderPlugin,
)
from litestar.static_files import create_static_files_router

# Files served as they are (package data): the review page, the docs' scripts, examples.
STATIC_ROOT = Path(__file__).resolve().parent / "static"
ASSETS = "/assets"
DOCS_ASSETS = f"{ASSETS}/docs"
# Put in each page's <head> (through the plugins' favicon hook, which Litestar writes there
# verbatim): this service's icon, and a policy that lets the page load nothing from
# elsewhere. ReDoc's sidebar otherwise fetches the Redocly logo from a CDN (it hides the
# image when that fails); Litestar's templates use inline scripts and styles.
PAGE_HEAD = (
    f"<link rel='icon' type='image/svg+xml' href='{DOCS_ASSETS}/favicon.svg'>"
    "<meta http-equiv='Content-Security-Policy' "
    "content=\"default-src 'self' 'unsafe-inline' data: blob:\">"
)
API_DESCRIPTION = (
    "Turns a news article into claims, denials and statistics, each tied to the exact "
    "words of the article it rests on (`evidence`, with offsets into the text). "
    "Responses may gain fields in a minor release: clients should ignore fields they do "
    "not know. Errors are `application/problem+json` (RFC 9457). "
    "Unless turned off, a page to try the service in a browser is at `/review`."
)
# A day: the files change only with a release of the service.
ASSET_CACHE = CacheControlHeader(max_age=86_400)


def docs_render_plugins() -> list[OpenAPIRenderPlugin]:
    """ReDoc first (so it also answers at the docs root), then Swagger UI and the YAML file."""
    return [
        RedocRenderPlugin(
            js_url=f"{DOCS_ASSETS}/redoc/redoc.standalone.js", google_fonts=False, favicon=PAGE_HEAD
        ),
        SwaggerRenderPlugin(
            js_url=f"{DOCS_ASSETS}/swagger-ui/swagger-ui-bundle.js",
            css_url=f"{DOCS_ASSETS}/swagger-ui/swagger-ui.css",
            standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui/swagger-ui-standalone-preset.js",
            favicon=PAGE_HEAD,
        ),
        YamlRenderPlugin(path=["/openapi.yaml", "/openapi.yml"]),
    ]


def docs_assets() -> Router:
    """/assets/docs/...: the vendored Swagger UI and ReDoc files, and the service's favicon."""
    return create_static_files_router(
        path=DOCS_ASSETS,
        directories=[STATIC_ROOT / "docs"],
        name="docs-assets",
        cache_control=ASSET_CACHE,
    )
